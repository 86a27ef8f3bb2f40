package org.hearthsync.pim.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.TreeMap;

import biweekly.component.Observance;
import biweekly.component.VTimezone;
import biweekly.property.RecurrenceDates;
import biweekly.util.DateTimeComponents;
import biweekly.util.Google2445Utils;
import biweekly.util.ICalDate;
import biweekly.util.Recurrence;
import biweekly.util.com.google.ical.iter.RecurrenceIterator;

/**
 * A VTIMEZONE's offsets computed from its observances as RFC 5545 3.6.5 defines them, for the test side of
 * the mapping ({@link CalDoc#time}, the zone match) and the recurrence comparisons of the tests. biweekly's own
 * {@code TimeZone} for a VTIMEZONE answers the old offset for part of a transition day (seen on the CalendarServer
 * RFC 2445 examples' US-Eastern: 1997-10-26 14:00Z read as -04:00), so an event on a transition day was sent an
 * hour off, and a series crossing one would be compared against wrong instants.
 */
public final class ObservanceOffsets {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final int LAST_YEAR = 2100;
    /** Outlook starts its observances in 1601. */
    private static final int MAX_ONSETS = 1200;
    private static final java.util.Map<VTimezone, ObservanceOffsets> CACHE = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Onset instant (epoch seconds) to the offset in force from then on. */
    private final TreeMap<Long, Integer> onsets = new TreeMap<>();
    private final int before;

    private ObservanceOffsets(VTimezone vtz) {
        List<Observance> all = new ArrayList<>(vtz.getStandardTimes());
        all.addAll(vtz.getDaylightSavingsTime());
        long earliest = Long.MAX_VALUE;
        int first = 0;
        for (Observance o : all) {
            if (o.getDateStart() == null || o.getTimezoneOffsetFrom() == null || o.getTimezoneOffsetTo() == null) {
                continue;
            }
            int from = (int) (o.getTimezoneOffsetFrom().getValue().getMillis() / 1000);
            int to = (int) (o.getTimezoneOffsetTo().getValue().getMillis() / 1000);
            for (LocalDateTime wall : localOnsets(o, from)) {
                long at = wall.toEpochSecond(ZoneOffset.ofTotalSeconds(from));
                onsets.put(at, to);
                if (at < earliest) {
                    earliest = at;
                    first = from;
                }
            }
        }
        before = first;
    }

    /**
     * Null when the assignment has no VTIMEZONE (a global id: the JDK's zone is right then) or none of its
     * observances has the DTSTART and offsets that define it (Apple iCal 1.5 wrote TZOFFSETTO alone): biweekly's
     * reading of such a zone stays the reference then.
     */
    public static ObservanceOffsets of(VTimezone vtz) {
        if (vtz == null) {
            return null;
        }
        ObservanceOffsets o = CACHE.computeIfAbsent(vtz, ObservanceOffsets::new);
        return o.onsets.isEmpty() ? null : o;
    }

    /** The observance's onsets in its local time (before it starts): DTSTART, its RRULE, its RDATEs. */
    private static List<LocalDateTime> localOnsets(Observance o, int from) {
        List<LocalDateTime> out = new ArrayList<>();
        LocalDateTime start = wall(o.getDateStart().getValue());
        out.add(start);
        if (o.getRecurrenceRule() != null && o.getRecurrenceRule().getValue() != null) {
            Recurrence r = o.getRecurrenceRule().getValue();
            if (r.getUntil() != null && r.getUntil().hasTime()) {
                // UNTIL is UTC; the iterator below runs in local time
                LocalDateTime until = LocalDateTime.ofInstant(r.getUntil().toInstant(), ZoneOffset.ofTotalSeconds(from));
                r = new Recurrence.Builder(r).until(asUtcFields(until), true).build();
            }
            RecurrenceIterator it = Google2445Utils.createRecurrenceIterator(r, new ICalDate(asUtcFields(start), true), UTC);
            while (it.hasNext() && out.size() < MAX_ONSETS) {
                LocalDateTime l = LocalDateTime.ofInstant(Google2445Utils.convert(it.next(), UTC).toInstant(), ZoneOffset.UTC);
                if (l.getYear() > LAST_YEAR) {
                    break;
                }
                out.add(l);
            }
        }
        for (RecurrenceDates rd : o.getRecurrenceDates()) {
            for (ICalDate d : rd.getDates()) {
                out.add(wall(d));
            }
        }
        return out;
    }

    private static LocalDateTime wall(ICalDate d) {
        DateTimeComponents c = d.getRawComponents();
        if (c == null) {
            return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        return LocalDateTime.of(c.getYear(), c.getMonth(), c.getDate(), c.getHour(), c.getMinute(), c.getSecond());
    }

    private static Date asUtcFields(LocalDateTime l) {
        return Date.from(l.toInstant(ZoneOffset.UTC));
    }

    /** The changes in [from, to): onset (epoch seconds) to the offset from then on. */
    java.util.SortedMap<Long, Integer> changes(Instant from, Instant to) {
        return java.util.Collections.unmodifiableSortedMap(onsets.subMap(from.getEpochSecond(), to.getEpochSecond()));
    }

    public int offsetSeconds(Instant t) {
        var e = onsets.floorEntry(t.getEpochSecond());
        return e == null ? before : e.getValue();
    }

    public LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.ofTotalSeconds(offsetSeconds(t)));
    }

    /**
     * The instant of a local time (RFC 5545 3.3.5): of two, the first (the offset before the change); in a gap,
     * read with the offset before the gap.
     */
    public Instant wall(LocalDateTime l) {
        Instant best = null;
        for (int off : new java.util.TreeSet<>(onsets.values()).descendingSet()) {
            Instant t = l.toInstant(ZoneOffset.ofTotalSeconds(off));
            if (offsetSeconds(t) == off && (best == null || t.isBefore(best))) {
                best = t;
            }
        }
        if (best == null) {
            Instant t = l.toInstant(ZoneOffset.ofTotalSeconds(before));
            if (offsetSeconds(t) == before) {
                return t;
            }
            // in a gap: the offset in force a day earlier is the one before it
            int prior = offsetSeconds(l.minusDays(1).toInstant(ZoneOffset.ofTotalSeconds(before)));
            return l.toInstant(ZoneOffset.ofTotalSeconds(prior));
        }
        return best;
    }
}
