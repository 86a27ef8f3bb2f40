package org.hearthsync.pim.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.pim.MappingException;

/**
 * EAS date-time forms. Calendar uses the compact {@code 20240131T083000Z}; Contacts, Tasks and
 * Notes use {@code 2024-01-31T08:30:00.000Z}. Phones are not strict about which they send, so both
 * are read everywhere.
 */
final class EasDates {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DASHED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ANY = Pattern.compile(
            "(\\d{4})-?(\\d{2})-?(\\d{2})(?:[T ](\\d{2}):?(\\d{2})(?::?(\\d{2})(?:\\.(\\d{1,9}))?)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern DMY = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4}).*");

    private EasDates() {
    }

    static String compact(Instant t) {
        return COMPACT.format(t);
    }

    static String dashed(Instant t) {
        return DASHED.format(t);
    }

    /** A local wall time written as if it were UTC, as the Tasks StartDate/DueDate fields want it. */
    static String dashedLocal(LocalDateTime t) {
        return DASHED.format(t.toInstant(ZoneOffset.UTC));
    }

    static Instant parse(String field, String value) throws MappingException {
        if (value == null) {
            return null;
        }
        Matcher m = ANY.matcher(value.trim());
        if (!m.matches()) {
            throw Eas.wrong(field, value);
        }
        try {
            LocalDateTime ldt = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            ZoneOffset off = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
            return ldt.toInstant(off);
        } catch (java.time.DateTimeException e) {
            throw Eas.wrong(field, value);
        }
    }

    /** The wall time of a Tasks local field ({@code StartDate}, {@code DueDate}): the digits, ignoring the Z. */
    static LocalDateTime parseLocal(String field, String value) throws MappingException {
        return LocalDateTime.ofInstant(parse(field, value), ZoneOffset.UTC);
    }

    /**
     * The calendar date a phone means by a date-only field (Birthday, Anniversary): phones send the
     * user's local midnight in UTC, so the nearest midnight is the date whatever the zone (up to
     * twelve hours either side).
     */
    static LocalDate nearestDate(String field, String value) throws MappingException {
        Matcher dmy = DMY.matcher(value.trim());
        if (dmy.matches()) {
            try {
                return LocalDate.of(Integer.parseInt(dmy.group(3)), Integer.parseInt(dmy.group(2)), Integer.parseInt(dmy.group(1)));
            } catch (java.time.DateTimeException e) {
                throw Eas.wrong(field, value);
            }
        }
        Instant t = parse(field, value);
        return LocalDateTime.ofInstant(t.plusSeconds(12 * 3600), ZoneOffset.UTC).toLocalDate();
    }

    /** How a date-only value is sent: the user's local midnight, in UTC. */
    static Instant midnight(LocalDate d, ZoneId zone) {
        return d.atStartOfDay(zone).toInstant();
    }

    static boolean isParseable(String value) {
        try {
            parse("", value);
            return true;
        } catch (MappingException | DateTimeParseException e) {
            return false;
        }
    }
}
