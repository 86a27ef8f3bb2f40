package org.hearthsync.pim.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransitionRule;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Pattern;

import org.hearthsync.pim.files.PimText;
import org.hearthsync.pim.MappingException;

import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.DaylightSavingsTime;
import biweekly.component.ICalComponent;
import biweekly.component.Observance;
import biweekly.component.StandardTime;
import biweekly.component.VTimezone;
import biweekly.io.TimezoneAssignment;
import biweekly.io.TimezoneInfo;
import biweekly.io.scribe.property.RawPropertyScribe;
import biweekly.io.text.ICalReader;
import biweekly.io.text.ICalWriter;
import biweekly.property.Categories;
import biweekly.property.DateOrDateTimeProperty;
import biweekly.property.ICalProperty;
import biweekly.property.Organizer;
import biweekly.property.RawProperty;
import biweekly.util.DateTimeComponents;
import biweekly.util.Frequency;
import biweekly.util.ICalDate;
import biweekly.util.Recurrence;
import biweekly.util.UtcOffset;

/** A parsed iCalendar object with the time-zone and writing helpers the three calendar mappers share. */
final class CalDoc {
    final ICalendar ical;

    /** A resolved date or date-time: all-day values have a date; others an instant and the zone they were written in. */
    record Time(Instant instant, LocalDate date, LocalDateTime local, ZoneId zone, boolean allDay) {
    }

    /**
     * Properties no mapper reads whose value type biweekly would drop on a rewrite: it writes CONFERENCE without the
     * {@code VALUE=URI} RFC 7986 5.11 requires, and forgets RELATED-TO's {@code VALUE=URI}/{@code VALUE=UID}
     * (RFC 9253), so a link would be read back as a UID. Read as raw properties they are written as they came.
     */
    private static final List<String> VERBATIM = List.of("CONFERENCE", "RELATED-TO");

    private CalDoc(ICalendar ical) {
        this.ical = ical;
    }

    static CalDoc create() {
        ICalendar ical = new ICalendar();
        ical.setVersion(ICalVersion.V2_0);
        ical.setProductId("-//Hearth//Hearth EAS server//EN");
        return new CalDoc(ical);
    }

    static CalDoc parse(String text) throws MappingException {
        if (text == null || text.isBlank()) {
            throw new MappingException("stored calendar object is empty");
        }
        text = PimText.readable(text); // BOM, blank lines, bare components, several VCALENDARs: see PimText
        try (ICalReader r = new ICalReader(firstTimezoneDefinitions(text))) {
            for (String name : VERBATIM) {
                r.registerScribe(new RawPropertyScribe(name));
            }
            ICalendar ical = r.readNext();
            if (ical == null) {
                throw new MappingException("stored text holds no VCALENDAR");
            }
            if (r.readNext() != null) {
                throw new MappingException("stored text holds more than one VCALENDAR");
            }
            CalDoc doc = new CalDoc(ical);
            doc.oneCommonName(ical);
            doc.keepUnresolvedTzids(ical);
            doc.keepWrittenTzids(ical, text);
            doc.keepLocalPeriods(ical);
            doc.observanceStartsAsDateTimes();
            if (ical.getVersion() == ICalVersion.V1_0) {
                doc.vcalStatuses(ical);
            }
            if (ical.getVersion() == ICalVersion.V1_0 && doc.tz().getDefaultTimezone() != null) {
                VCalZone vcal = VCalZone.of(text);
                if (vcal != null) {
                    doc.placeVCalTimes(ical, vcal);
                }
            }
            return doc;
        } catch (IOException | RuntimeException | AssertionError e) {
            throw new MappingException("unparseable iCalendar: " + e.getMessage(), e);
        }
    }

    /**
     * A CN with commas outside quotes ({@code CN=Society\, 2014}: python-icalendar escapes the comma, RFC 5545 has no
     * escapes in parameters) reads as several values; biweekly's organizer and attendee take the first as the name and
     * write the others before it, so a rewrite turned the name into {@code 2014}. CN has one value (RFC 5545 3.2.2): the
     * values are the name, joined as written, and a rewrite quotes it.
     */
    private void oneCommonName(ICalComponent c) {
        List<ICalProperty> people = new ArrayList<>(c.getProperties(Organizer.class));
        people.addAll(c.getProperties(biweekly.property.Attendee.class));
        for (ICalProperty p : people) {
            List<String> rest = p.getParameters().get("CN");
            String first = p instanceof Organizer org ? org.getCommonName() : ((biweekly.property.Attendee) p).getCommonName();
            if (first == null || rest == null || rest.isEmpty()) {
                continue;
            }
            String name = first + "," + String.join(",", rest);
            p.getParameters().removeAll("CN");
            if (p instanceof Organizer org) {
                org.setCommonName(name);
            } else {
                ((biweekly.property.Attendee) p).setCommonName(name);
            }
        }
        for (ICalComponent sub : c.getComponents().values()) {
            oneCommonName(sub);
        }
    }

    /**
     * The text without the second and later VTIMEZONEs of a TZID (RFC 5545 3.6.5 wants TZIDs unique in an object, but
     * calendars joined into one, such as RFC 2445's examples, repeat one with other rules). biweekly keeps its zones in a
     * hash set and gives each value whichever of them comes out first, so the same text read twice could place an event
     * an hour apart and the echo of unchanged fields rewrote it. The first definition is the one read, every time.
     */
    static String firstTimezoneDefinitions(String text) {
        int first = indexOfIgnoreCase(text, "BEGIN:VTIMEZONE", 0);
        if (first < 0 || indexOfIgnoreCase(text, "BEGIN:VTIMEZONE", first + 1) < 0) {
            return text; // the common case: nothing to choose
        }
        String[] lines = text.split("(?<=\n)");
        StringBuilder out = new StringBuilder(text.length());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equalsIgnoreCase("BEGIN:VTIMEZONE")) {
                out.append(lines[i]);
                continue;
            }
            int end = i;
            int depth = 0;
            String tzid = null;
            for (int j = i; j < lines.length; j++) {
                String l = lines[j].strip().toUpperCase(Locale.ROOT);
                if (l.startsWith("BEGIN:")) {
                    depth++;
                } else if (l.startsWith("END:")) {
                    depth--;
                } else if (depth == 1 && tzid == null && (l.startsWith("TZID:") || l.startsWith("TZID;"))) {
                    StringBuilder v = new StringBuilder(lines[j].strip());
                    for (int k = j + 1; k < lines.length && (lines[k].startsWith(" ") || lines[k].startsWith("\t")); k++) {
                        v.append(lines[k].substring(1).stripTrailing());
                    }
                    tzid = v.substring(v.indexOf(":") + 1);
                }
                end = j;
                if (depth == 0) {
                    break;
                }
            }
            boolean repeated = tzid != null && !seen.add(tzid);
            for (int j = i; j <= end && !repeated; j++) {
                out.append(lines[j]);
            }
            i = end;
        }
        return out.toString();
    }

    private static int indexOfIgnoreCase(String text, String what, int from) {
        for (int i = from; i + what.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * vCalendar 1.0 attendee STATUS values as the iCalendar 2.0 PARTSTAT a rewrite writes: SENT (invited, no answer)
     * is NEEDS-ACTION, CONFIRMED is ACCEPTED, {@code NEEDS ACTION} is NEEDS-ACTION; 2.0 has no SENT or CONFIRMED, so
     * written as they came they would mean nothing to the next reader.
     */
    private void vcalStatuses(ICalComponent c) {
        for (biweekly.property.Attendee a : c.getProperties(biweekly.property.Attendee.class)) {
            biweekly.parameter.ParticipationStatus p = a.getParticipationStatus();
            String v = p == null || p.getValue() == null ? "" : p.getValue().strip().toUpperCase(Locale.ROOT).replace(' ', '-');
            switch (v) {
                case "SENT", "NEEDS-ACTION" -> a.setParticipationStatus(biweekly.parameter.ParticipationStatus.NEEDS_ACTION);
                case "CONFIRMED", "ACCEPTED" -> a.setParticipationStatus(biweekly.parameter.ParticipationStatus.ACCEPTED);
                case "TENTATIVE" -> a.setParticipationStatus(biweekly.parameter.ParticipationStatus.TENTATIVE);
                case "DECLINED" -> a.setParticipationStatus(biweekly.parameter.ParticipationStatus.DECLINED);
                default -> {
                }
            }
        }
        for (ICalComponent sub : c.getComponents().values()) {
            vcalStatuses(sub);
        }
    }

    /**
     * A TZID that names no VTIMEZONE and no zone biweekly knows (empty, {@code CUSTOM_tzid}, ...) leaves the value's
     * local time in the Date, parsed as if in the JVM's zone, and biweekly would write it back as UTC with the TZID
     * still attached: a rewrite would move the event. Marking such values floating writes them back as they were
     * (TZID and local time); {@link #time} reads them in the zone the TZID names, else the user's zone.
     */
    private void keepUnresolvedTzids(ICalComponent c) {
        Map<String, List<ICalProperty>> named = new LinkedHashMap<>();
        collectUnresolved(c, named);
        for (Map.Entry<String, List<ICalProperty>> e : named.entrySet()) {
            ZoneId zone = ZoneMatcher.byName(e.getKey());
            if (zone == null) {
                e.getValue().forEach(p -> tz().setFloating(p, true));
            } else {
                placeInWrittenZone(e.getKey(), zone, e.getValue());
            }
        }
    }

    private void collectUnresolved(ICalComponent c, Map<String, List<ICalProperty>> named) {
        for (ICalProperty p : c.getProperties().values()) {
            String tzid = p.getParameters().getTimezoneId();
            if (tzid != null && tz().getTimezone(p) == null && localValue(p)) {
                named.computeIfAbsent(tzid, k -> new ArrayList<>()).add(p);
            }
        }
        for (ICalComponent sub : c.getComponents().values()) {
            collectUnresolved(sub, named);
        }
    }

    /**
     * A TZID that names no VTIMEZONE but a zone by its Windows name ({@code Eastern Standard Time}, Outlook) or inside a
     * longer id: its local times are placed in that zone and the TZID, as written, gets the VTIMEZONE RFC 5545 3.2.19
     * asks for, built from the zone's rules (see {@link #keepWrittenTzids}).
     */
    private void placeInWrittenZone(String tzid, ZoneId zone, List<ICalProperty> users) {
        TimezoneAssignment written = writtenAssignment(tzid, zone, users);
        for (ICalProperty p : users) {
            if (p instanceof DateOrDateTimeProperty d) {
                d.setValue(inZone(d.getValue(), zone));
            } else if (p instanceof biweekly.property.ExceptionDates ed) {
                ed.getValues().replaceAll(v -> inZone(v, zone));
            } else if (p instanceof biweekly.property.RecurrenceDates rd) {
                rd.getDates().replaceAll(v -> inZone(v, zone));
                rd.getPeriods().replaceAll(v -> v.getEndDate() != null
                        ? new biweekly.util.Period(inZone(v.getStartDate(), zone), inZone(v.getEndDate(), zone))
                        : new biweekly.util.Period(inZone(v.getStartDate(), zone), v.getDuration()));
            }
            p.getParameters().setTimezoneId(null);
            tz().setTimezone(p, written);
        }
    }

    /** An assignment under {@code tzid} as written, its VTIMEZONE from the zone's rules from the earliest value's year on. */
    private static TimezoneAssignment writtenAssignment(String tzid, ZoneId zone, List<ICalProperty> users) {
        int year = Integer.MAX_VALUE;
        for (ICalProperty p : users) {
            for (ICalDate d : dateValues(p)) {
                year = Math.min(year, d.getRawComponents() != null ? d.getRawComponents().getYear()
                        : LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC).getYear());
            }
        }
        return new TimezoneAssignment(TimeZone.getTimeZone(zone),
                vtimezone(zone, tzid, year == Integer.MAX_VALUE ? LocalDate.now(ZoneOffset.UTC).getYear() : year));
    }

    /** A local date-time read as if in the JVM's zone, as the instant it names in {@code zone}; others as they are. */
    private static ICalDate inZone(ICalDate d, ZoneId zone) {
        DateTimeComponents raw = d == null ? null : d.getRawComponents();
        if (raw == null || !d.hasTime() || raw.isUtc()) {
            return d;
        }
        LocalDateTime local = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(),
                raw.getSecond());
        return new ICalDate(Date.from(local.atZone(zone).toInstant()), true); // no raw components: the value is the instant
    }

    /**
     * biweekly reads a TZID that names no VTIMEZONE but a zone Java knows ({@code TZID=Europe/Berlin} and no VTIMEZONE)
     * as a global id and would write it back as {@code TZID=/Europe/Berlin}, a form khal (python icalendar) and many
     * servers do not resolve (the event drifts or floats there). Such values get an assignment under the TZID as the
     * file wrote it, with a VTIMEZONE built from the zone's rules (as for a new event's zone): RFC 5545 3.2.19 wants
     * one for every TZID that is not a global id. A file that did write the global form keeps it.
     */
    private void keepWrittenTzids(ICalendar c, String text) {
        String unfolded = text.replaceAll("\\r?\\n[ \\t]", "");
        Map<TimezoneAssignment, List<ICalProperty>> users = new LinkedHashMap<>();
        collectGlobalUsers(c, users);
        for (Map.Entry<TimezoneAssignment, List<ICalProperty>> e : users.entrySet()) {
            TimezoneAssignment global = e.getKey();
            String id = global.getGlobalId();
            if (Pattern.compile("TZID=\"?/" + Pattern.quote(id) + "\"?[:;,]", Pattern.CASE_INSENSITIVE).matcher(unfolded).find()) {
                continue;
            }
            TimezoneAssignment written = writtenAssignment(id, global.getTimeZone().toZoneId(), e.getValue());
            tz().getTimezones().remove(global);
            for (ICalProperty p : e.getValue()) {
                tz().setTimezone(p, written);
            }
        }
    }

    /**
     * biweekly writes the periods of a floating RDATE (no TZID, or one that names no zone) in UTC, {@code 20180403T080000Z},
     * moving the occurrences; a period of dates (not allowed, but found) becomes midnight UTC. No mapper reads RDATE, so
     * such a property is kept as the text it was (its parameters, TZID included, stay).
     */
    private void keepLocalPeriods(ICalComponent c) {
        for (biweekly.property.RecurrenceDates rd : new ArrayList<>(c.getProperties(biweekly.property.RecurrenceDates.class))) {
            List<biweekly.util.Period> periods = rd.getPeriods();
            if (periods == null || periods.isEmpty() || tz().getTimezone(rd) != null) {
                continue;
            }
            boolean local = false;
            List<String> values = new ArrayList<>();
            for (biweekly.util.Period period : periods) {
                ICalDate start = period.getStartDate();
                local |= start != null && (!start.hasTime() || (start.getRawComponents() != null && !start.getRawComponents().isUtc()));
                values.add(text(period.getStartDate()) + "/"
                        + (period.getEndDate() != null ? text(period.getEndDate()) : period.getDuration()));
            }
            if (!local || values.stream().anyMatch(v -> v.contains("null"))) {
                continue;
            }
            RawProperty raw = new RawProperty("RDATE", biweekly.ICalDataType.PERIOD, String.join(",", values));
            raw.setParameters(new biweekly.parameter.ICalParameters(rd.getParameters()));
            c.removeProperty(rd);
            c.addProperty(raw);
        }
        for (ICalComponent sub : c.getComponents().values()) {
            if (!(sub instanceof VTimezone)) {
                keepLocalPeriods(sub);
            }
        }
    }

    /**
     * An observance DTSTART must be a local date-time (RFC 5545 3.6.5); some files (Evolution) write a DATE. biweekly
     * writes that back as {@code DTSTART;VALUE=DATE:20200101T000000}, which is neither; it becomes the date-time it
     * means, midnight of that day.
     */
    private void observanceStartsAsDateTimes() {
        for (VTimezone vt : tz().getComponents()) {
            List<Observance> all = new ArrayList<>(vt.getStandardTimes());
            all.addAll(vt.getDaylightSavingsTime());
            for (Observance o : all) {
                ICalDate d = o.getDateStart() == null ? null : o.getDateStart().getValue();
                DateTimeComponents raw = d == null ? null : d.getRawComponents();
                if (raw != null && !d.hasTime()) {
                    LocalDate day = LocalDate.of(raw.getYear(), raw.getMonth(), raw.getDate());
                    o.getDateStart().setValue(new ICalDate(Date.from(day.atStartOfDay(TimeZone.getDefault().toZoneId()).toInstant()),
                            new DateTimeComponents(raw.getYear(), raw.getMonth(), raw.getDate(), 0, 0, 0, false), true));
                }
            }
        }
    }

    /** A date or date-time as it was written (its raw components). */
    private static String text(ICalDate d) {
        DateTimeComponents raw = d == null ? null : d.getRawComponents();
        if (raw == null) {
            return "null";
        }
        String date = String.format(Locale.ROOT, "%04d%02d%02d", raw.getYear(), raw.getMonth(), raw.getDate());
        return !d.hasTime() ? date : date + String.format(Locale.ROOT, "T%02d%02d%02d%s", raw.getHour(), raw.getMinute(),
                raw.getSecond(), raw.isUtc() ? "Z" : "");
    }

    private void collectGlobalUsers(ICalComponent c, Map<TimezoneAssignment, List<ICalProperty>> users) {
        for (ICalProperty p : c.getProperties().values()) {
            TimezoneAssignment a = tz().getTimezone(p);
            if (a != null && a.getGlobalId() != null && a.getComponent() == null) {
                users.computeIfAbsent(a, k -> new ArrayList<>()).add(p);
            }
        }
        for (ICalComponent sub : c.getComponents().values()) {
            collectGlobalUsers(sub, users);
        }
    }

    private void localUntil(ICalComponent c, ZoneId fallback) {
        DateOrDateTimeProperty start = c.getProperty(biweekly.property.DateStart.class);
        if (start == null || start.getValue() == null || !start.getValue().hasTime() || !tz().isFloating(start)) {
            return;
        }
        ZoneId zone = ZoneMatcher.byName(start.getParameters().getTimezoneId());
        for (biweekly.property.RecurrenceProperty rp : c.getProperties(biweekly.property.RecurrenceRule.class)) {
            Recurrence r = rp.getValue();
            ICalDate u = r == null ? null : r.getUntil();
            if (u == null || !u.hasTime() || (u.getRawComponents() != null && !u.getRawComponents().isUtc())) {
                continue;
            }
            LocalDateTime local = LocalDateTime.ofInstant(u.toInstant(), zone != null ? zone : fallback);
            DateTimeComponents raw = new DateTimeComponents(local.getYear(), local.getMonthValue(), local.getDayOfMonth(),
                    local.getHour(), local.getMinute(), local.getSecond(), false);
            // biweekly writes floating values from the Date in the JVM's zone, so the Date must be this wall time there
            Date d = Date.from(local.atZone(TimeZone.getDefault().toZoneId()).toInstant());
            rp.setValue(new Recurrence.Builder(r).until(new ICalDate(d, raw, true)).build());
        }
    }

    /**
     * vCalendar 1.0 local times are in the zone of TZ/DAYLIGHT. biweekly placed them in its own reading of those
     * (see {@link VCalZone}) as the object's default zone; they get the zone built from the properties instead, each
     * value as an explicit assignment, and the default goes (it would be written as a VTIMEZONE with wrong offsets).
     */
    private void placeVCalTimes(ICalComponent c, VCalZone vcal) {
        for (ICalProperty p : c.getProperties().values()) {
            if (tz().getTimezone(p) != null || tz().isFloating(p) || !localValue(p)) {
                continue;
            }
            List<ICalDate> values = p instanceof DateOrDateTimeProperty d ? List.of(d.getValue())
                    : p instanceof biweekly.property.ExceptionDates ed ? ed.getValues()
                    : ((biweekly.property.RecurrenceDates) p).getDates();
            ZoneId zone = null;
            List<ICalDate> placed = new ArrayList<>();
            for (ICalDate d : values) {
                DateTimeComponents raw = d.getRawComponents();
                if (!d.hasTime() || raw == null || raw.isUtc()) {
                    placed.add(d);
                    continue;
                }
                LocalDateTime local = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(),
                        raw.getSecond());
                Instant t = vcal.instant(local);
                if (zone == null) {
                    zone = vcal.zoneFor(local.getYear());
                }
                placed.add(new ICalDate(Date.from(t), true)); // no raw components: the value is the instant
            }
            if (p instanceof DateOrDateTimeProperty d) {
                d.setValue(placed.get(0));
            } else {
                values.clear();
                values.addAll(placed);
            }
            tz().setTimezone(p, zone instanceof ZoneOffset ? null : assignment(zone, LocalDateTime.ofInstant(placed.get(0).toInstant(),
                    ZoneOffset.UTC).getYear()));
        }
        for (ICalComponent sub : c.getComponents().values()) {
            placeVCalTimes(sub, vcal);
        }
        if (c == ical) {
            tz().setDefaultTimezone(null);
        }
    }

    /** The date values of DTSTART/DTEND/DUE/RECURRENCE-ID/..., EXDATE and RDATE (period starts); none for other properties. */
    private static List<ICalDate> dateValues(ICalProperty p) {
        List<ICalDate> values = new ArrayList<>();
        if (p instanceof DateOrDateTimeProperty d && d.getValue() != null) {
            values.add(d.getValue());
        } else if (p instanceof biweekly.property.ExceptionDates ed) {
            values.addAll(ed.getValues());
        } else if (p instanceof biweekly.property.RecurrenceDates rd) {
            values.addAll(rd.getDates());
            rd.getPeriods().forEach(period -> values.add(period.getStartDate()));
        }
        values.removeIf(java.util.Objects::isNull);
        return values;
    }

    /** Whether a date property holds a date-time written without UTC designator. */
    private static boolean localValue(ICalProperty p) {
        for (ICalDate d : dateValues(p)) {
            if (d.hasTime() && d.getRawComponents() != null && !d.getRawComponents().isUtc()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the object. {@code fallback} is the zone floating times are read in (the user's): biweekly writes the
     * UNTIL of a floating DTSTART floating too (RFC 5545 3.3.10 requires that), formatting its instant in the JVM's
     * zone; a UTC UNTIL (common in files with a floating or unknown-TZID start) would then move. It is turned into
     * the wall time it names in the zone the start is read in, so the rule ends at the same instant.
     */
    String write(ZoneId fallback) throws MappingException {
        for (ICalComponent c : ical.getComponents().values()) {
            localUntil(c, fallback);
        }
        StringWriter sw = new StringWriter();
        try (ICalWriter w = new ICalWriter(sw, ICalVersion.V2_0) {
            @Override
            protected java.util.Collection<VTimezone> getTimezoneComponents() {
                return writingOrder(super.getTimezoneComponents());
            }
        }) {
            w.setCaretEncodingEnabled(true);
            ical.setVersion(ICalVersion.V2_0);
            w.write(ical);
        } catch (IOException | RuntimeException | AssertionError e) {
            throw new MappingException("cannot write iCalendar: " + e.getMessage(), e);
        }
        return sw.toString();
    }

    /**
     * The VTIMEZONEs in the order that writes them sorted by TZID (then by their rules, should two share one). biweekly
     * keeps them in a hash set of assignments hashed by identity, so an object with two zones came out with them in
     * either order from one write to the next: the same item, two texts, two entity tags, and a DAV client saw a change
     * that was none. The writer inserts each component it is given before the others, so the list goes in reverse.
     */
    static List<VTimezone> writingOrder(java.util.Collection<VTimezone> zones) {
        List<VTimezone> sorted = new ArrayList<>(zones);
        sorted.sort(java.util.Comparator.comparing((VTimezone z) -> z.getTimezoneId() == null || z.getTimezoneId().getValue() == null
                ? "" : z.getTimezoneId().getValue()).thenComparing(CalDoc::rulesKey).reversed());
        return sorted;
    }

    /** The first component of the kind, and the others of the same UID (overrides). */
    <T extends ICalComponent> List<T> item(Class<T> kind) {
        List<T> all = ical.getComponents(kind);
        if (all.isEmpty()) {
            return all;
        }
        String uid = uidOf(all.get(0));
        List<T> out = new ArrayList<>();
        for (T c : all) {
            if (java.util.Objects.equals(uid, uidOf(c))) {
                out.add(c);
            }
        }
        return out;
    }

    static String uidOf(ICalComponent c) {
        biweekly.property.Uid u = c.getProperty(biweekly.property.Uid.class);
        return u == null ? null : u.getValue();
    }

    // ---- time

    TimezoneInfo tz() {
        return ical.getTimezoneInfo();
    }

    /** Resolves a DTSTART/DTEND/DUE/RECURRENCE-ID/EXDATE value; {@code fallback} places floating times. */
    Time time(ICalProperty p, ICalDate d, ZoneId fallback) {
        if (d == null) {
            return null;
        }
        DateTimeComponents raw = d.getRawComponents();
        if (!d.hasTime()) {
            LocalDate date = raw != null ? LocalDate.of(raw.getYear(), raw.getMonth(), raw.getDate())
                    : LocalDate.ofInstant(d.toInstant(), TimeZone.getDefault().toZoneId());
            return new Time(date.atStartOfDay(fallback).toInstant(), date, date.atStartOfDay(), fallback, true);
        }
        TimezoneAssignment a = tz().getTimezone(p);
        if (a != null) {
            if (raw != null && !raw.isUtc() && a.getComponent() != null) {
                // the local time as the file's observances place it (biweekly's zone is an hour off for part of a
                // transition day); a VTIMEZONE that defines nothing places it by its TZID's name (see zoneOf)
                LocalDateTime local = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(),
                        raw.getSecond());
                ObservanceOffsets own = definesOffsets(a.getComponent()) ? ObservanceOffsets.of(a.getComponent()) : null;
                ZoneId byName = own == null ? ZoneMatcher.byName(a.getComponent().getTimezoneId() == null ? null
                        : a.getComponent().getTimezoneId().getValue()) : null;
                Instant t = own != null ? own.wall(local) : byName != null ? local.atZone(byName).toInstant() : d.toInstant();
                ZoneId z = zoneOf(a, t);
                return new Time(t, null, LocalDateTime.ofInstant(t, z), z, false);
            }
            ZoneId z = zoneOf(a, d.toInstant());
            return new Time(d.toInstant(), null, LocalDateTime.ofInstant(d.toInstant(), z), z, false);
        }
        String tzid = p.getParameters().getTimezoneId();
        if (raw != null && !raw.isUtc()) {
            ZoneId z = tzid != null && ZoneMatcher.byName(tzid) != null ? ZoneMatcher.byName(tzid) : fallback;
            LocalDateTime local = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(),
                    raw.getSecond());
            return new Time(local.atZone(z).toInstant(), null, local, z, false);
        }
        Instant t = d.toInstant();
        return new Time(t, null, LocalDateTime.ofInstant(t, fallback), null, false);
    }

    Time time(DateOrDateTimeProperty p, ZoneId fallback) {
        return p == null ? null : time(p, p.getValue(), fallback);
    }

    /** The IANA zone behind a time-zone assignment: by its id when that names one, else by matching its rules. */
    static ZoneId zoneOf(TimezoneAssignment a, Instant near) {
        String id = a.getGlobalId() != null ? a.getGlobalId()
                : a.getComponent() != null && a.getComponent().getTimezoneId() != null ? a.getComponent().getTimezoneId().getValue() : null;
        ZoneId hint = ZoneMatcher.byName(id);
        if (hint != null && a.getComponent() != null && !definesOffsets(a.getComponent())) {
            // observances without DTSTART or TZOFFSETTO (Apple iCal 1.5) define no offsets: biweekly makes a fixed zone of
            // them, which matched Africa/Algiers for Europe/Paris and put summer events an hour off. The name is all there is.
            return hint;
        }
        TimeZone tz = a.getTimeZone();
        ObservanceOffsets obs = a.getComponent() == null ? null : ObservanceOffsets.of(a.getComponent());
        java.util.function.ToIntFunction<Instant> offset = obs != null ? obs::offsetSeconds : t -> tz.getOffset(t.toEpochMilli()) / 1000;
        int year = LocalDateTime.ofInstant(near, ZoneOffset.UTC).getYear();
        ZoneId z = ZoneMatcher.match("vtz:" + id + ":" + rulesKey(a), offset, List.of(), year, hint, true);
        if (z != null) {
            return z;
        }
        // rules no IANA zone has that year (invented, or older than the zone's current rules): the file's rules are what the
        // author meant, so a name whose offset differs there loses to the file's own offset
        int own = offset.applyAsInt(near);
        if (hint != null && hint.getRules().getOffset(near).getTotalSeconds() == own) {
            return hint;
        }
        return ZoneOffset.ofTotalSeconds(own);
    }

    /** Whether every observance of a VTIMEZONE has what defines it: a DTSTART and the offset it changes to. */
    static boolean definesOffsets(VTimezone c) {
        List<Observance> all = new ArrayList<>(c.getStandardTimes());
        all.addAll(c.getDaylightSavingsTime());
        if (all.isEmpty()) {
            return false;
        }
        for (Observance o : all) {
            if (o.getDateStart() == null || o.getDateStart().getValue() == null || o.getTimezoneOffsetTo() == null
                    || o.getTimezoneOffsetTo().getValue() == null) {
                return false;
            }
        }
        return true;
    }

    /** What determines a VTIMEZONE's offsets (two files may carry different rules under one TZID), as a cache key. */
    private static String rulesKey(TimezoneAssignment a) {
        VTimezone c = a.getComponent();
        return c == null ? "global:" + a.getTimeZone().getID() : rulesKey(c);
    }

    private static String rulesKey(VTimezone c) {
        StringBuilder sb = new StringBuilder();
        List<Observance> all = new ArrayList<>(c.getStandardTimes());
        all.addAll(c.getDaylightSavingsTime());
        for (Observance o : all) {
            sb.append(o instanceof DaylightSavingsTime ? 'D' : 'S').append(o.getDateStart() == null ? null : o.getDateStart().getValue() == null
                    ? null : o.getDateStart().getValue().getRawComponents())
                    .append(o.getTimezoneOffsetFrom() == null ? null : o.getTimezoneOffsetFrom().getValue())
                    .append(o.getTimezoneOffsetTo() == null ? null : o.getTimezoneOffsetTo().getValue());
            o.getProperties(biweekly.property.RecurrenceRule.class).forEach(r -> sb.append(r.getValue()));
            o.getProperties(biweekly.property.RecurrenceDates.class).forEach(r -> sb.append(r.getDates()).append(r.getPeriods()));
            sb.append('|');
        }
        return sb.toString();
    }

    /** A DATE value: biweekly formats dates in the JVM's default zone, so the Date is that zone's midnight. */
    static ICalDate dateValue(LocalDate date) {
        Date d = Date.from(date.atStartOfDay(TimeZone.getDefault().toZoneId()).toInstant());
        return new ICalDate(d, new DateTimeComponents(date.getYear(), date.getMonthValue(), date.getDayOfMonth()), false);
    }

    /** Sets a property to a time: a date for all-day values, else a date-time written in {@code zone}. */
    void setTime(DateOrDateTimeProperty p, Instant t, LocalDate date, ZoneId zone) {
        p.getParameters().setTimezoneId(null); // an unresolved TZID would stick to the new value
        if (date != null) {
            p.setValue(dateValue(date));
            tz().setTimezone(p, null);
            tz().setFloating(p, false);
            return;
        }
        p.setValue(new ICalDate(Date.from(t), true));
        tz().setFloating(p, false);
        tz().setTimezone(p, zone == null || zone.equals(ZoneOffset.UTC) ? null
                : assignment(zone, LocalDateTime.ofInstant(t, ZoneOffset.UTC).getYear()));
    }

    /** Sets a property to a date-time written with an assignment's rules (a zone only its VTIMEZONE defines). */
    void setTime(DateOrDateTimeProperty p, Instant t, TimezoneAssignment a) {
        p.getParameters().setTimezoneId(null);
        p.setValue(new ICalDate(Date.from(t), true));
        tz().setFloating(p, false);
        tz().setTimezone(p, a);
    }

    /** The assignment for a zone: one the object already has for it, else a new VTIMEZONE built from the zone's rules. */
    TimezoneAssignment assignment(ZoneId zone, int year) {
        for (TimezoneAssignment a : tz().getTimezones()) {
            String id = a.getGlobalId() != null ? a.getGlobalId()
                    : a.getComponent() != null && a.getComponent().getTimezoneId() != null ? a.getComponent().getTimezoneId().getValue() : null;
            if (id != null && zone.equals(ZoneMatcher.byName(id))) {
                return a;
            }
        }
        return new TimezoneAssignment(TimeZone.getTimeZone(zone), vtimezone(zone, year));
    }

    /**
     * A VTIMEZONE for an IANA zone, true from the year before {@code fromYear} on: every historical
     * transition from then as its own observance, then the zone's ongoing rules as yearly RRULEs.
     * (Current rules alone would put old events an hour off where the rules changed, as in the US in 2007.)
     */
    static VTimezone vtimezone(ZoneId zone, int fromYear) {
        return vtimezone(zone, zone.getId(), fromYear);
    }

    /** As {@link #vtimezone(ZoneId, int)}, under the TZID {@code tzid}. */
    static VTimezone vtimezone(ZoneId zone, String tzid, int fromYear) {
        VTimezone vt = new VTimezone(tzid);
        var rules = zone.getRules();
        Instant from = LocalDate.of(fromYear - 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        int lastExplicitYear = fromYear - 2;
        boolean any = false;
        for (var tr : rules.getTransitions()) {
            if (tr.getInstant().isBefore(from)) {
                continue;
            }
            addObservance(vt, tr, null);
            lastExplicitYear = tr.getDateTimeBefore().getYear();
            any = true;
        }
        List<ZoneOffsetTransitionRule> ongoing = rules.getTransitionRules();
        for (ZoneOffsetTransitionRule r : ongoing) {
            int year = Math.max(lastExplicitYear + 1, fromYear - 1);
            var tr = r.createTransition(year);
            Recurrence.Builder b = new Recurrence.Builder(Frequency.YEARLY).byMonth(r.getMonth().getValue());
            if (r.getDayOfWeek() == null) {
                b.byMonthDay(r.getDayOfMonthIndicator());
            } else {
                int ind = r.getDayOfMonthIndicator();
                int n = ind < 0 || ind > r.getMonth().minLength() - 7 ? -1 : (ind - 1) / 7 + 1; // Sun>=25 in March is the last Sunday
                b.byDay(n, RecurrenceMapper.ical(r.getDayOfWeek()));
            }
            addObservance(vt, tr, b.build());
            any = true;
        }
        if (!any) {
            StandardTime s = new StandardTime();
            var off = rules.getOffset(from);
            s.setDateStart(new DateTimeComponents(1970, 1, 1, 0, 0, 0, false));
            s.setTimezoneOffsetFrom(new UtcOffset(off.getTotalSeconds() * 1000L));
            s.setTimezoneOffsetTo(new UtcOffset(off.getTotalSeconds() * 1000L));
            vt.addStandardTime(s);
        } else if (rules.getTransitions().isEmpty() || ongoing.isEmpty()) {
            // the offset before the first observance written
            var first = rules.nextTransition(from.minusSeconds(1));
            if (first == null || first.getInstant().isAfter(from)) {
                StandardTime s = new StandardTime();
                var off = rules.getOffset(from);
                LocalDateTime start = LocalDateTime.ofInstant(from, off);
                s.setDateStart(new DateTimeComponents(start.getYear(), start.getMonthValue(), start.getDayOfMonth(), 0, 0, 0, false));
                s.setTimezoneOffsetFrom(new UtcOffset(off.getTotalSeconds() * 1000L));
                s.setTimezoneOffsetTo(new UtcOffset(off.getTotalSeconds() * 1000L));
                vt.addStandardTime(s);
            }
        }
        return vt;
    }

    private static void addObservance(VTimezone vt, java.time.zone.ZoneOffsetTransition tr, Recurrence rule) {
        boolean dst = tr.getOffsetAfter().getTotalSeconds() > tr.getOffsetBefore().getTotalSeconds();
        Observance o = dst ? new DaylightSavingsTime() : new StandardTime();
        LocalDateTime before = tr.getDateTimeBefore();
        o.setDateStart(new DateTimeComponents(before.getYear(), before.getMonthValue(), before.getDayOfMonth(), before.getHour(),
                before.getMinute(), before.getSecond(), false));
        o.setTimezoneOffsetFrom(new UtcOffset(tr.getOffsetBefore().getTotalSeconds() * 1000L));
        o.setTimezoneOffsetTo(new UtcOffset(tr.getOffsetAfter().getTotalSeconds() * 1000L));
        if (rule != null) {
            o.setRecurrenceRule(rule);
        }
        if (o instanceof DaylightSavingsTime d) {
            vt.addDaylightSavingsTime(d);
        } else {
            vt.addStandardTime((StandardTime) o);
        }
    }

    // ---- shared text fields

    static List<String> categories(ICalComponent c) {
        List<String> out = new ArrayList<>();
        for (Categories cat : c.getProperties(Categories.class)) {
            for (String s : cat.getValues()) {
                if (s != null && !s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    static void setCategories(ICalComponent c, List<String> values) {
        List<Categories> all = c.getProperties(Categories.class);
        Categories keep = all.isEmpty() ? null : all.get(0);
        for (Categories cat : new ArrayList<>(all)) {
            if (cat != keep) {
                c.removeProperty(cat);
            }
        }
        if (values.isEmpty()) {
            if (keep != null) {
                c.removeProperty(keep);
            }
            return;
        }
        if (keep == null) {
            keep = new Categories();
            c.addProperty(keep);
        }
        keep.getValues().clear();
        keep.getValues().addAll(values);
    }

    /** EAS Sensitivity from CLASS: 0 normal, 1 personal, 2 private, 3 confidential. */
    static int sensitivity(biweekly.property.Classification c) {
        if (c == null || c.getValue() == null) {
            return 0;
        }
        switch (c.getValue().toUpperCase(Locale.ROOT)) {
            case "PRIVATE": return 2;
            case "CONFIDENTIAL": return 3;
            case "X-PERSONAL":
            case "PERSONAL": return 1;
            default: return 0;
        }
    }

    static String classFor(int sensitivity) {
        switch (sensitivity) {
            case 1: return "X-PERSONAL";
            case 2: return "PRIVATE";
            case 3: return "CONFIDENTIAL";
            default: return "PUBLIC";
        }
    }

    static String rawValue(ICalComponent c, String name) {
        RawProperty p = c.getExperimentalProperty(name);
        return p == null ? null : p.getValue();
    }

    static String propertyName(ICalProperty p) {
        if (p instanceof RawProperty r) {
            return r.getName().toUpperCase(Locale.ROOT);
        }
        String s = p.getClass().getSimpleName();
        switch (s) {
            case "DateStart": return "DTSTART";
            case "DateEnd": return "DTEND";
            case "DateDue": return "DUE";
            case "DateTimeStamp": return "DTSTAMP";
            case "Uid": return "UID";
            case "RecurrenceRule": return "RRULE";
            case "RecurrenceDates": return "RDATE";
            case "ExceptionDates": return "EXDATE";
            case "RecurrenceId": return "RECURRENCE-ID";
            case "Summary": return "SUMMARY";
            case "Description": return "DESCRIPTION";
            case "Classification": return "CLASS";
            case "Transparency": return "TRANSP";
            case "LastModified": return "LAST-MODIFIED";
            case "Created": return "CREATED";
            case "DurationProperty": return "DURATION";
            case "PercentComplete": return "PERCENT-COMPLETE";
            case "Completed": return "COMPLETED";
            case "RelatedTo": return "RELATED-TO";
            case "Attachment": return "ATTACH";
            case "Url": return "URL";
            default: return s.toUpperCase(Locale.ROOT);
        }
    }
}
