package org.hearthsync.dav.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.ICalComponent;
import biweekly.component.VEvent;
import biweekly.component.VJournal;
import biweekly.component.VTodo;
import biweekly.io.TimezoneAssignment;
import biweekly.io.TimezoneInfo;
import biweekly.property.ICalProperty;
import biweekly.util.ICalDate;
import biweekly.util.com.google.ical.compat.javautil.DateIterator;

/**
 * The filters of calendar-query (RFC 4791 section 9.7) and addressbook-query (RFC 6352 section 10.5). Time ranges
 * are tested on every occurrence of a recurring component (RRULE, RDATE, EXDATE expanded with biweekly in the
 * component's own time zone), up to {@link #MAX_OCCURRENCES}; a moved occurrence (RECURRENCE-ID) is tested as the
 * component it is. Text matches use the i;unicode-casemap collation (case-insensitive) unless i;octet is asked.
 */
final class Filters {
    static final int MAX_OCCURRENCES = 10_000;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final long DAY = 86_400_000L;

    private Filters() {
    }

    // ---------------------------------------------------------------- calendar-query

    /** Whether an iCalendar object passes a {@code C:filter}. */
    static boolean calendar(XmlNode filter, String content) throws DavException {
        XmlNode top = filter.child(Ns.CALDAV, "comp-filter")
                .orElseThrow(() -> new DavException(403, Ns.CALDAV, "valid-filter", "a filter needs a comp-filter"));
        if (!"VCALENDAR".equalsIgnoreCase(top.attribute("name"))) {
            return false;
        }
        if (top.child(Ns.CALDAV, "is-not-defined").isPresent()) {
            return false;
        }
        List<XmlNode> inner = top.all(Ns.CALDAV, "comp-filter").toList();
        List<XmlNode> props = top.all(Ns.CALDAV, "prop-filter").toList();
        if (inner.isEmpty() && props.isEmpty()) {
            return true; // every calendar object
        }
        ICalendar ical;
        try {
            ical = Biweekly.parse(content).first();
        } catch (RuntimeException e) {
            return false; // a stored object biweekly cannot read matches no filter
        }
        if (ical == null) {
            return false;
        }
        for (XmlNode p : props) {
            if (!text(content, p, true)) {
                return false;
            }
        }
        for (XmlNode f : inner) {
            if (!component(ical, f, content)) {
                return false;
            }
        }
        return true;
    }

    private static boolean component(ICalendar ical, XmlNode f, String content) throws DavException {
        String name = f.attribute("name") == null ? "" : f.attribute("name").toUpperCase(Locale.ROOT);
        List<? extends ICalComponent> comps = switch (name) {
            case "VEVENT" -> ical.getEvents();
            case "VTODO" -> ical.getTodos();
            case "VJOURNAL" -> ical.getJournals();
            default -> List.of(); // Hearth stores only these three kinds of calendar object
        };
        if (f.child(Ns.CALDAV, "is-not-defined").isPresent()) {
            return comps.isEmpty();
        }
        if (comps.isEmpty()) {
            return false;
        }
        XmlNode range = f.child(Ns.CALDAV, "time-range").orElse(null);
        for (XmlNode p : f.all(Ns.CALDAV, "prop-filter").toList()) {
            if (!text(content, p, true)) {
                return false;
            }
        }
        if (range == null) {
            return true;
        }
        long start = instant(range.attribute("start"), Long.MIN_VALUE / 4);
        long end = instant(range.attribute("end"), Long.MAX_VALUE / 4);
        for (ICalComponent c : comps) {
            if (overlaps(ical, c, start, end)) {
                return true;
            }
        }
        return false;
    }

    static long instant(String value, long dflt) throws DavException {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            return LocalDateTime.parse(value.trim(), UTC).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new DavException(403, Ns.CALDAV, "valid-filter", "time-range values are UTC date-times");
        }
    }

    static String format(Instant i) {
        return UTC.format(i.atOffset(ZoneOffset.UTC));
    }

    /** RFC 4791 section 9.9: does any occurrence of the component overlap [start, end)? */
    static boolean overlaps(ICalendar ical, ICalComponent c, long start, long end) {
        ICalDate s0;
        long dur;
        ICalProperty anchor;
        DateIterator it;
        TimeZone tz;
        if (c instanceof VEvent e) {
            Timing t = timing(ical, e);
            if (t == null) {
                return false;
            }
            s0 = t.first();
            dur = t.duration();
            it = t.occurrences();
        } else if (c instanceof VTodo t) {
            boolean hasStart = t.getDateStart() != null && t.getDateStart().getValue() != null;
            boolean hasDue = t.getDateDue() != null && t.getDateDue().getValue() != null;
            if (!hasStart && !hasDue) {
                return true; // RFC 4791: a to-do with neither matches every range
            }
            if (!hasStart) {
                long due = t.getDateDue().getValue().getTime();
                return start < due && end >= due;
            }
            anchor = t.getDateStart();
            s0 = t.getDateStart().getValue();
            dur = hasDue ? t.getDateDue().getValue().getTime() - s0.getTime()
                    : t.getDuration() != null && t.getDuration().getValue() != null ? t.getDuration().getValue().toMillis() : 0;
            tz = zone(ical, anchor);
            it = t.getRecurrenceRule() == null ? null : t.getDateIterator(tz);
        } else if (c instanceof VJournal j) {
            if (j.getDateStart() == null || j.getDateStart().getValue() == null) {
                return false;
            }
            s0 = j.getDateStart().getValue();
            dur = s0.hasTime() ? 0 : DAY;
            it = null;
        } else {
            return false;
        }
        if (it == null) {
            return hit(s0.getTime(), dur, start, end);
        }
        int n = 0;
        while (it.hasNext() && n++ < MAX_OCCURRENCES) {
            long s = it.next().getTime();
            if (s >= end) {
                return false;
            }
            if (hit(s, dur, start, end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A VEVENT's first start, its length in milliseconds and, when it recurs, the starts of its occurrences
     * (RRULE and RDATE less EXDATE, in its own time zone); {@code null} without a DTSTART.
     */
    record Timing(ICalDate first, long duration, DateIterator occurrences) {
    }

    static Timing timing(ICalendar ical, VEvent e) {
        if (e.getDateStart() == null || e.getDateStart().getValue() == null) {
            return null;
        }
        ICalDate s0 = e.getDateStart().getValue();
        long dur;
        if (e.getDateEnd() != null && e.getDateEnd().getValue() != null) {
            dur = e.getDateEnd().getValue().getTime() - s0.getTime();
        } else if (e.getDuration() != null && e.getDuration().getValue() != null) {
            dur = e.getDuration().getValue().toMillis();
        } else {
            dur = s0.hasTime() ? 0 : DAY;
        }
        TimeZone tz = zone(ical, e.getDateStart());
        DateIterator it = e.getRecurrenceRule() == null && e.getRecurrenceDates().isEmpty() ? null : e.getDateIterator(tz);
        return new Timing(s0, dur, it);
    }

    /** RFC 4791 section 9.9 for one occurrence starting at {@code s} and lasting {@code dur}. */
    static boolean hit(long s, long dur, long start, long end) {
        return dur > 0 ? s < end && s + dur > start : s >= start && s < end;
    }

    private static TimeZone zone(ICalendar ical, ICalProperty p) {
        TimezoneInfo info = ical.getTimezoneInfo();
        TimezoneAssignment a = info.getTimezone(p);
        if (a != null) {
            return a.getTimeZone();
        }
        return info.isFloating(p) ? TimeZone.getDefault() : TimeZone.getTimeZone("UTC");
    }

    // ---------------------------------------------------------------- addressbook-query

    /** Whether a vCard passes a {@code CARD:filter} (test="anyof" by default). */
    static boolean card(XmlNode filter, String content) {
        List<XmlNode> props = filter.all(Ns.CARDDAV, "prop-filter").toList();
        if (props.isEmpty()) {
            return true;
        }
        boolean all = "allof".equalsIgnoreCase(filter.attribute("test"));
        for (XmlNode p : props) {
            boolean ok = text(content, p, false);
            if (all && !ok) {
                return false;
            }
            if (!all && ok) {
                return true;
            }
        }
        return all;
    }

    /** A prop-filter: the property is (not) defined, or its value passes the text-matches. */
    private static boolean text(String content, XmlNode propFilter, boolean caldav) {
        String ns = caldav ? Ns.CALDAV : Ns.CARDDAV;
        String name = propFilter.attribute("name") == null ? "" : propFilter.attribute("name").toUpperCase(Locale.ROOT);
        List<String> values = values(content, name);
        if (propFilter.child(ns, "is-not-defined").isPresent()) {
            return values.isEmpty();
        }
        List<XmlNode> matches = propFilter.all(ns, "text-match").toList();
        if (matches.isEmpty()) {
            return !values.isEmpty();
        }
        boolean all = "allof".equalsIgnoreCase(propFilter.attribute("test"));
        for (XmlNode m : matches) {
            boolean ok = values.stream().anyMatch(v -> matches(v, m));
            if (all && !ok) {
                return false;
            }
            if (!all && ok) {
                return true;
            }
        }
        return all;
    }

    private static boolean matches(String value, XmlNode m) {
        boolean octet = "i;octet".equalsIgnoreCase(m.attribute("collation"));
        String v = octet ? value : value.toLowerCase(Locale.ROOT);
        String t = octet ? m.text() : m.text().toLowerCase(Locale.ROOT);
        String type = m.attribute("match-type") == null ? "contains" : m.attribute("match-type");
        boolean r = switch (type) {
            case "equals" -> v.equals(t);
            case "starts-with" -> v.startsWith(t);
            case "ends-with" -> v.endsWith(t);
            default -> v.contains(t);
        };
        String negate = m.attribute("negate-condition");
        return "yes".equalsIgnoreCase(negate) != r;
    }

    /** The values of every property {@code name} in an unfolded vCard or iCalendar text (a group prefix ignored). */
    static List<String> values(String content, String name) {
        List<String> out = new ArrayList<>();
        String unfolded = content.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
        for (String line : unfolded.split("\r?\n")) {
            int colon = valueStart(line);
            if (colon < 0) {
                continue;
            }
            String head = line.substring(0, colon);
            int semi = head.indexOf(';');
            String prop = (semi < 0 ? head : head.substring(0, semi)).toUpperCase(Locale.ROOT);
            int dot = prop.indexOf('.');
            if (dot >= 0) {
                prop = prop.substring(dot + 1);
            }
            if (prop.equals(name)) {
                out.add(line.substring(colon + 1));
            }
        }
        return out;
    }

    private static int valueStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
