package org.hearthsync.pim.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time zone of a vCalendar 1.0 object, from its {@code TZ} (standard offset) and {@code DAYLIGHT} properties
 * (vCalendar 1.0 section 2.1.5/2.1.6: {@code TRUE;offset;start;end;standard name;daylight name}, one per DST period).
 *
 * <p>biweekly 0.6.8 turns them into a VTIMEZONE itself, but takes the standard offset as the daylight offset minus one
 * hour, ignoring {@code TZ}, and removes both properties; so they are read here from the text. Local times are then
 * placed with these rules, and the object is given an IANA zone with the same offsets in the value's year (a fixed
 * {@code Etc/GMT} zone when there is no DST that year), which EAS and iCalendar 2.0 can both carry.
 */
final class VCalZone {
    private static final Pattern LINE = Pattern.compile("(?im)^(TZ|DAYLIGHT)(?:;[^:\\r\\n]*)?:([^\\r\\n]*)$");
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

    /** One daylight-saving period: local start (standard time), local end (daylight time), the daylight offset. */
    record Period(Instant start, Instant end, ZoneOffset offset) {
    }

    private final ZoneOffset standard;
    private final List<Period> periods;

    private VCalZone(ZoneOffset standard, List<Period> periods) {
        this.standard = standard;
        this.periods = List.copyOf(periods);
    }

    /** The zone of a vCalendar 1.0 text, or null when it has no usable TZ/DAYLIGHT. */
    static VCalZone of(String text) {
        String unfolded = text.replaceAll("\\r?\\n[ \\t]", "");
        ZoneOffset tz = null;
        List<String[]> daylights = new ArrayList<>();
        Matcher m = LINE.matcher(unfolded);
        while (m.find()) {
            String value = m.group(2).trim();
            if (m.group(1).equalsIgnoreCase("TZ")) {
                tz = tz != null ? tz : offset(value);
            } else {
                String[] parts = value.split(";", -1);
                if (parts.length >= 4 && parts[0].trim().equalsIgnoreCase("TRUE")) {
                    daylights.add(parts);
                }
            }
        }
        List<Period> periods = new ArrayList<>();
        ZoneOffset std = tz;
        for (String[] d : daylights) {
            ZoneOffset dst = offset(d[1].trim());
            if (dst == null) {
                continue;
            }
            if (std == null) {
                std = ZoneOffset.ofTotalSeconds(dst.getTotalSeconds() - 3600); // what the spec's examples imply
            }
            Instant start = instant(d[2].trim(), std);
            Instant end = instant(d[3].trim(), dst);
            if (start != null && end != null && start.isBefore(end) && !dst.equals(std)) { // no shift: no period
                periods.add(new Period(start, end, dst));
            }
        }
        return std == null ? null : new VCalZone(std, periods);
    }

    /** {@code -05}, {@code +0530}, {@code -05:00}; null when not an offset. */
    static ZoneOffset offset(String v) {
        Matcher m = Pattern.compile("([+-])(\\d{1,2}):?(\\d{2})?").matcher(v);
        if (!m.matches()) {
            return null;
        }
        int h = Integer.parseInt(m.group(2));
        int min = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (h > 18 || min > 59) {
            return null;
        }
        int s = h * 3600 + min * 60;
        return ZoneOffset.ofTotalSeconds(m.group(1).equals("-") ? -s : s);
    }

    private static Instant instant(String v, ZoneOffset local) {
        try {
            if (v.endsWith("Z") || v.endsWith("z")) {
                return LocalDateTime.parse(v.substring(0, v.length() - 1), BASIC).toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(v, BASIC).toInstant(local);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    int offsetSeconds(Instant t) {
        for (Period p : periods) {
            if (!t.isBefore(p.start()) && t.isBefore(p.end())) {
                return p.offset().getTotalSeconds();
            }
        }
        return standard.getTotalSeconds();
    }

    /** A wall time of this zone on the time line (daylight time where it falls in a DST period). */
    Instant instant(LocalDateTime local) {
        for (Period p : periods) {
            Instant t = local.toInstant(p.offset());
            if (!t.isBefore(p.start()) && t.isBefore(p.end())) {
                return t;
            }
        }
        return local.toInstant(standard);
    }

    /**
     * An IANA zone with this zone's offsets through {@code year}: {@code Etc/GMT+6} for a constant -06:00, else the
     * first zone whose offsets and transitions match that year; a fixed offset when none does.
     */
    ZoneId zoneFor(int year) {
        Instant from = LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = LocalDate.of(year + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Instant> transitions = new ArrayList<>();
        for (Period p : periods) {
            for (Instant t : List.of(p.start(), p.end())) {
                if (!t.isBefore(from) && t.isBefore(to)) {
                    transitions.add(t);
                }
            }
        }
        boolean constant = transitions.isEmpty() && periods.stream().noneMatch(p -> !p.start().isAfter(from) && p.end().isAfter(to));
        if (!constant) {
            ZoneId z = ZoneMatcher.match("vcal:" + standard + periods, this::offsetSeconds, transitions, year, null);
            if (z != null) {
                return z;
            }
        }
        return fixed(ZoneOffset.ofTotalSeconds(offsetSeconds(from)));
    }

    /** A fixed offset as an IANA id where one exists ({@code Etc/GMT-8} is +08:00: POSIX signs are inverted). */
    static ZoneId fixed(ZoneOffset off) {
        int s = off.getTotalSeconds();
        if (s % 3600 == 0 && s >= -12 * 3600 && s <= 14 * 3600) {
            int h = s / 3600;
            return ZoneId.of(h == 0 ? "Etc/UTC" : "Etc/GMT" + (h > 0 ? "-" : "+") + Math.abs(h));
        }
        return off;
    }
}
