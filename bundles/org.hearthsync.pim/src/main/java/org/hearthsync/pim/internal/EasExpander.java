package org.hearthsync.pim.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import org.hearthsync.pim.MappingException;
import org.hearthsync.wbxml.Element;

/**
 * The occurrences a phone computes from an EAS item, from the EAS fields alone: for an appointment
 * the Recurrence pattern (MS-ASCAL 2.2.2.38) expanded in the wall time of the Timezone struct
 * (MS-ASCAL 2.2.2.42, with that struct's DST rules, not an IANA zone's), then the Exceptions applied
 * (2.2.2.21: Deleted removes the occurrence named by ExceptionStartTime, otherwise it moves to the
 * exception's StartTime). For a task (MS-ASTASK 2.2.2.18) the pattern is expanded in the user's zone
 * from StartDate (else DueDate), the local fields. Used to check, not assume, that what is sent means
 * what is stored; not used by the mappers.
 */
public final class EasExpander {
    /**
     * @param starts the occurrence start instants whose original (pattern) start lies in the horizon
     * @param unmatched ExceptionStartTimes that name no occurrence of the pattern (a phone ignores them)
     * @param recurring whether the item had a Recurrence at all
     */
    public record Expansion(SortedSet<Instant> starts, List<Instant> unmatched, boolean recurring) {
    }

    private static final int MAX = 5000;

    private EasExpander() {
    }

    /** An appointment ({@code AirSync:ApplicationData} with Calendar fields), occurrences originally at or before {@code horizon}. */
    public static Expansion appointment(Element data, Instant horizon) throws MappingException {
        String ns = Eas.CALENDAR;
        String st = Eas.text(data, ns, "StartTime");
        if (st == null || st.isBlank()) {
            throw new MappingException("Calendar:StartTime missing");
        }
        Instant start = EasDates.parse("Calendar:StartTime", st);
        String tz = Eas.text(data, ns, "Timezone");
        WallClock clock = tz == null || tz.isBlank() ? WallClock.of(java.time.ZoneOffset.UTC) : TimeZoneStruct.decode(tz);
        boolean allDay = "1".equals(trim(Eas.text(data, ns, "AllDayEvent")));
        Element rec = data.child(ns, "Recurrence").orElse(null);
        LocalDateTime localStart = clock.local(start);
        LocalDateTime localEnd = clock.local(horizon).plusDays(1);
        if (rec == null) {
            return new Expansion(new TreeSet<>(List.of(start)), List.of(), false);
        }
        EasRecurrence r = EasRecurrence.read(rec, ns);
        SortedSet<Instant> out = new TreeSet<>();
        for (LocalDateTime l : r.expand(localStart, clock, allDay, localEnd, MAX)) {
            Instant t = clock.utc(l);
            if (!t.isAfter(horizon)) {
                out.add(t);
            }
        }
        List<Instant> unmatched = new ArrayList<>();
        Element exs = data.child(ns, "Exceptions").orElse(null);
        if (exs != null) {
            SortedSet<Instant> pattern = new TreeSet<>(out);
            List<Instant> moved = new ArrayList<>();
            for (Element ex : exs.children(ns, "Exception")) {
                Instant original = ns.equals(Eas.CALENDAR) ? EventMapper.exceptionId(ex) : null; // 14.x or 16.x form
                if (original == null) {
                    String xs = Eas.text(ex, ns, "ExceptionStartTime");
                    if (xs == null || xs.isBlank()) {
                        continue;
                    }
                    original = EasDates.parse(ns + ":ExceptionStartTime", xs);
                }
                if (!pattern.contains(original)) {
                    if (original.isAfter(horizon) || original.isBefore(start)) {
                        continue; // outside the compared range
                    }
                    unmatched.add(original);
                    continue;
                }
                out.remove(original);
                if (!"1".equals(trim(Eas.text(ex, ns, "Deleted")))) {
                    String s = Eas.text(ex, ns, "StartTime");
                    moved.add(s == null || s.isBlank() ? original : EasDates.parse("Calendar:StartTime", s));
                }
            }
            out.addAll(moved);
        }
        return new Expansion(Collections.unmodifiableSortedSet(out), List.copyOf(unmatched), true);
    }

    /**
     * Whether {@code x} is an occurrence of the appointment's pattern (Exceptions not applied), as a phone expands it.
     * The pattern is walked only until its occurrences pass {@code x}: the work is bounded by x's date (one step per
     * day from the start), not by a count, so a valid occurrence years out in a long daily series is found.
     */
    public static boolean patternOccursAt(Element data, Instant x) throws MappingException {
        String ns = Eas.CALENDAR;
        String st = Eas.text(data, ns, "StartTime");
        if (st == null || st.isBlank()) {
            throw new MappingException("Calendar:StartTime missing");
        }
        Instant start = EasDates.parse("Calendar:StartTime", st);
        Element rec = data.child(ns, "Recurrence").orElse(null);
        if (rec == null || x.isBefore(start)) {
            return x.equals(start);
        }
        String tz = Eas.text(data, ns, "Timezone");
        WallClock clock = tz == null || tz.isBlank() ? WallClock.of(java.time.ZoneOffset.UTC) : TimeZoneStruct.decode(tz);
        boolean allDay = "1".equals(trim(Eas.text(data, ns, "AllDayEvent")));
        boolean[] found = new boolean[1];
        LocalDateTime target = clock.local(x);
        LocalDate near = target.toLocalDate().minusDays(2); // wall time and UTC differ by less than a day
        EasRecurrence.read(rec, ns).walk(clock.local(start), clock, allDay, target.plusDays(1), l -> {
            if (l.toLocalDate().isBefore(near)) {
                return true;
            }
            Instant t = clock.utc(l);
            found[0] |= t.equals(x);
            return !found[0] && !t.isAfter(x);
        });
        return found[0];
    }

    /** A task ({@code AirSync:ApplicationData} with Tasks fields) in the user's zone, occurrences at or before {@code horizon}. */
    public static Expansion task(Element data, ZoneId zone, Instant horizon) throws MappingException {
        String ns = Eas.TASKS;
        String base = Eas.text(data, ns, "StartDate");
        if (base == null || base.isBlank()) {
            base = Eas.text(data, ns, "DueDate");
        }
        if (base == null || base.isBlank()) {
            throw new MappingException("Tasks:StartDate and Tasks:DueDate missing");
        }
        LocalDateTime localStart = EasDates.parseLocal("Tasks:StartDate", base);
        WallClock clock = WallClock.of(zone);
        Element rec = data.child(ns, "Recurrence").orElse(null);
        if (rec == null) {
            return new Expansion(new TreeSet<>(List.of(clock.utc(localStart))), List.of(), false);
        }
        EasRecurrence r = EasRecurrence.read(rec, ns);
        boolean dateOnly = localStart.toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
        SortedSet<Instant> out = new TreeSet<>();
        for (LocalDateTime l : r.expand(localStart, clock, dateOnly, clock.local(horizon).plusDays(1), MAX)) {
            Instant t = clock.utc(l);
            if (!t.isAfter(horizon)) {
                out.add(t);
            }
        }
        return new Expansion(Collections.unmodifiableSortedSet(out), List.of(), true);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
