package org.hearthsync.dav.internal;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.util.ICalDate;

/**
 * RFC 4791 section 9.6.5: {@code <C:calendar-data><C:expand start end/></C:calendar-data>} in a calendar-query or
 * calendar-multiget asks for a recurring event as its separate occurrences in [start, end): each a VEVENT with its
 * RECURRENCE-ID and no RRULE, RDATE or EXDATE, date-times in UTC and no VTIMEZONE. A moved or changed occurrence
 * (an overriding VEVENT with that RECURRENCE-ID) replaces the generated one; one moved into the range from outside
 * it is included too. Non-recurring events are included when they overlap the range; to-dos and journals are
 * passed through as they are (Hearth's phones send no recurring ones through DAV clients that expand).
 *
 * @param start UTC milliseconds, inclusive
 * @param end   UTC milliseconds, exclusive
 */
record Expand(long start, long end) {

    /** The expand range a REPORT body asks for in its calendar-data, if any. */
    static Optional<Expand> of(XmlNode report) throws DavException {
        Optional<XmlNode> e = report.child(Ns.DAV, "prop").flatMap(p -> p.child(Ns.CALDAV, "calendar-data"))
                .flatMap(d -> d.child(Ns.CALDAV, "expand"));
        if (e.isEmpty()) {
            return Optional.empty();
        }
        String s = e.get().attribute("start");
        String en = e.get().attribute("end");
        if (s == null || en == null) {
            // RFC 4791 9.6.5: both attributes are required
            throw new DavException(400, Ns.CALDAV, "valid-calendar-data", "expand needs start and end");
        }
        long start = Filters.instant(s, 0);
        long end = Filters.instant(en, 0);
        if (end <= start) {
            throw new DavException(400, Ns.CALDAV, "valid-calendar-data", "expand's end must be after its start");
        }
        return Optional.of(new Expand(start, end));
    }

    /** The calendar object with its recurring events expanded, or the content unchanged when it cannot be read. */
    String apply(String content) {
        ICalendar ical;
        try {
            ical = Biweekly.parse(content).first();
        } catch (RuntimeException e) {
            return content;
        }
        if (ical == null) {
            return content;
        }
        ICalendar out = new ICalendar();
        out.setProductId(ical.getProductId());
        Map<Long, VEvent> overrides = new HashMap<>();
        for (VEvent e : ical.getEvents()) {
            if (e.getRecurrenceId() != null && e.getRecurrenceId().getValue() != null) {
                overrides.put(e.getRecurrenceId().getValue().getTime(), e);
            }
        }
        for (VEvent e : ical.getEvents()) {
            if (e.getRecurrenceId() != null) {
                continue;
            }
            Filters.Timing t = Filters.timing(ical, e);
            if (t == null) {
                continue;
            }
            if (t.occurrences() == null) {
                if (Filters.hit(t.first().getTime(), t.duration(), start, end)) {
                    out.addEvent(new VEvent(e));
                }
                continue;
            }
            int n = 0;
            while (t.occurrences().hasNext() && n++ < Filters.MAX_OCCURRENCES) {
                long s = t.occurrences().next().getTime();
                if (s >= end) {
                    break;
                }
                VEvent moved = overrides.remove(s);
                if (moved != null) {
                    addIfInRange(ical, moved, out);
                } else if (Filters.hit(s, t.duration(), start, end)) {
                    out.addEvent(occurrence(e, s, t));
                }
            }
        }
        for (VEvent moved : overrides.values()) {
            addIfInRange(ical, moved, out); // moved here from an occurrence outside the range
        }
        ical.getTodos().forEach(out::addTodo);
        ical.getJournals().forEach(out::addJournal);
        // no time zone is assigned in the new calendar, so biweekly writes every date-time in UTC
        return Biweekly.write(out).go();
    }

    private void addIfInRange(ICalendar ical, VEvent moved, ICalendar out) {
        Filters.Timing mt = Filters.timing(ical, moved);
        if (mt != null && Filters.hit(mt.first().getTime(), mt.duration(), start, end)) {
            out.addEvent(new VEvent(moved));
        }
    }

    private static VEvent occurrence(VEvent master, long s, Filters.Timing t) {
        VEvent o = new VEvent(master);
        o.setRecurrenceRule((biweekly.property.RecurrenceRule) null);
        o.getRecurrenceDates().clear();
        o.getExceptionDates().clear();
        boolean time = t.first().hasTime();
        o.setDateStart(new ICalDate(new Date(s), time));
        if (master.getDateEnd() != null) {
            o.setDateEnd(new ICalDate(new Date(s + t.duration()), time));
        }
        o.setRecurrenceId(new ICalDate(new Date(s), time));
        return o;
    }
}
