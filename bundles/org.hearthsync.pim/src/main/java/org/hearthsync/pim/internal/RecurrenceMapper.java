package org.hearthsync.pim.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import biweekly.util.ByDay;
import biweekly.util.Frequency;
import biweekly.util.ICalDate;
import biweekly.util.Recurrence;
import biweekly.util.com.google.ical.compat.javautil.DateIterator;

/**
 * RRULE to and from the EAS Recurrence pattern. EAS knows seven shapes; a rule outside them is sent
 * in the closest shape and flagged inexact, and the stored RRULE is kept unless the phone actually
 * changes the pattern (see MAPPING.md).
 */
final class RecurrenceMapper {
    /** How far occurrences are compared when deciding whether the EAS form is exact. */
    static final int HORIZON_YEARS = 2;

    record Mapped(EasRecurrence eas, boolean exact) {
    }

    private RecurrenceMapper() {
    }

    /** The EAS form of a rule for a series starting at {@code start} (local time in {@code zone}); null when EAS has none. */
    static Mapped toEas(Recurrence r, LocalDateTime start, ZoneId zone, boolean allDay) {
        Frequency f = r.getFrequency();
        if (f == null || f == Frequency.SECONDLY || f == Frequency.MINUTELY || f == Frequency.HOURLY) {
            return null;
        }
        int interval = r.getInterval() == null || r.getInterval() < 1 ? 1 : r.getInterval();
        Integer count = r.getCount();
        Instant until = until(r, zone, allDay);
        Integer wkst = r.getWorkweekStarts() == null ? null : dow(r.getWorkweekStarts()).getValue() % 7;
        List<ByDay> byDay = r.getByDay();
        int startDay = start.getDayOfMonth();
        int startMonth = start.getMonthValue();
        int mask = 0;
        for (ByDay b : byDay) {
            mask |= EasRecurrence.bit(dow(b.getDay()));
        }
        EasRecurrence e;
        switch (f) {
            case DAILY:
                if (mask != 0 && interval == 1 && noNums(byDay)) {
                    e = rec(1, 1, count, until, mask, 0, 0, 0, wkst);
                } else {
                    e = rec(0, interval, count, until, 0, 0, 0, 0, wkst);
                }
                break;
            case WEEKLY:
                e = rec(1, interval, count, until, mask != 0 ? mask : EasRecurrence.bit(start.getDayOfWeek()), 0, 0, 0, wkst);
                break;
            case MONTHLY: {
                Integer week = week(r);
                if (byDay.isEmpty() && r.getByMonthDay().equals(List.of(-1))) {
                    e = rec(3, interval, count, until, EasRecurrence.ALL_DAYS, 0, 5, 0, wkst);
                } else if (!byDay.isEmpty() && week != null) {
                    e = rec(3, interval, count, until, mask, 0, week, 0, wkst);
                } else {
                    int dom = r.getByMonthDay().size() == 1 && r.getByMonthDay().get(0) > 0 ? r.getByMonthDay().get(0) : startDay;
                    e = rec(2, interval, count, until, 0, dom, 0, 0, wkst);
                }
                break;
            }
            default: { // YEARLY
                int month = r.getByMonth().size() == 1 ? r.getByMonth().get(0) : startMonth;
                Integer week = week(r);
                if (!byDay.isEmpty() && week != null) {
                    e = rec(6, interval, count, until, mask, 0, week, month, wkst);
                } else {
                    int dom = r.getByMonthDay().size() == 1 && r.getByMonthDay().get(0) > 0 ? r.getByMonthDay().get(0) : startDay;
                    e = rec(5, interval, count, until, 0, dom, 0, month, wkst);
                }
            }
        }
        ExactKey key = new ExactKey(r, start, zone, allDay);
        Boolean exact = EXACT.get(key);
        if (exact == null) {
            try {
                exact = equivalent(r, e, start, zone, allDay);
            } catch (RuntimeException | AssertionError x) {
                exact = false; // a rule biweekly cannot iterate (RSCALE, say): sent in the closest shape, kept as stored
            }
            if (EXACT.size() > 4096) {
                EXACT.clear(); // bounded: a sync of a large calendar fills it once, the next syncs hit it
            }
            EXACT.put(key, exact);
        }
        return new Mapped(e, exact);
    }

    /**
     * The EAS shape follows from the rule, the start, the zone and all-day, so whether it is exact does too; comparing
     * the whole series (up to {@value #MAX_COMPARED} occurrences each side) on every sync of a recurring event would
     * cost more than the rest of its mapping.
     */
    private record ExactKey(Recurrence rule, LocalDateTime start, ZoneId zone, boolean allDay) {
    }

    private static final java.util.Map<ExactKey, Boolean> EXACT = new java.util.concurrent.ConcurrentHashMap<>();

    private static EasRecurrence rec(int type, int interval, Integer count, Instant until, int mask, int dom, int week,
            int month, Integer wkst) {
        return new EasRecurrence(type, interval, count, until, mask, dom, week, month, wkst, null, null);
    }

    private static boolean noNums(List<ByDay> byDay) {
        return byDay.stream().allMatch(b -> b.getNum() == null || b.getNum() == 0);
    }

    /** The EAS WeekOfMonth a rule's BYDAY/BYSETPOS names, or null when it names none EAS has. */
    private static Integer week(Recurrence r) {
        List<ByDay> byDay = r.getByDay();
        if (byDay.size() == 1 && byDay.get(0).getNum() != null && byDay.get(0).getNum() != 0 && r.getBySetPos().isEmpty()) {
            int n = byDay.get(0).getNum();
            return n == -1 ? Integer.valueOf(5) : n >= 1 && n <= 4 ? Integer.valueOf(n) : null;
        }
        if (noNums(byDay) && r.getBySetPos().size() == 1) {
            int n = r.getBySetPos().get(0);
            return n == -1 ? Integer.valueOf(5) : n >= 1 && n <= 4 ? Integer.valueOf(n) : null;
        }
        return null;
    }

    private static Instant until(Recurrence r, ZoneId zone, boolean allDay) {
        ICalDate u = r.getUntil();
        if (u == null) {
            return null;
        }
        if (!u.hasTime() || u.getRawComponents() != null && !u.getRawComponents().hasTime()) {
            var c = u.getRawComponents();
            java.time.LocalDate d = c != null ? java.time.LocalDate.of(c.getYear(), c.getMonth(), c.getDate())
                    : u.toInstant().atZone(zone).toLocalDate();
            // a date UNTIL includes that whole day
            return allDay ? d.atStartOfDay(zone).toInstant() : d.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1);
        }
        var c = u.getRawComponents();
        Instant t = c != null && !c.isUtc()
                ? LocalDateTime.of(c.getYear(), c.getMonth(), c.getDate(), c.getHour(), c.getMinute(), c.getSecond()).atZone(zone).toInstant()
                : u.toInstant();
        if (allDay) {
            // a date-time UNTIL on an all-day series (RFC 5545 wants a DATE; khal's and python-icalendar's test files have
            // one): the last day whose midnight is not after it, in the form a DATE UNTIL is sent, so a phone's new object
            // (which gets that DATE) sends the same Until
            return LocalDateTime.ofInstant(t, zone).toLocalDate().atStartOfDay(zone).toInstant();
        }
        return t;
    }

    /** The RRULE for an EAS pattern. */
    static Recurrence toRule(EasRecurrence e, ZoneId zone, boolean allDay) {
        Recurrence.Builder b;
        List<biweekly.util.DayOfWeek> days = new ArrayList<>();
        for (DayOfWeek d : EasRecurrence.days(e.dayOfWeek())) {
            days.add(ical(d));
        }
        switch (e.type()) {
            case 0:
                b = new Recurrence.Builder(Frequency.DAILY);
                if (!days.isEmpty()) {
                    b.byDay(days);
                }
                break;
            case 1:
                b = new Recurrence.Builder(Frequency.WEEKLY).byDay(days);
                break;
            case 2:
                b = new Recurrence.Builder(Frequency.MONTHLY).byMonthDay(e.dayOfMonth());
                break;
            case 3:
                b = nth(new Recurrence.Builder(Frequency.MONTHLY), days, e.weekOfMonth());
                break;
            case 5:
                b = new Recurrence.Builder(Frequency.YEARLY).byMonth(e.monthOfYear()).byMonthDay(e.dayOfMonth());
                break;
            default:
                b = nth(new Recurrence.Builder(Frequency.YEARLY).byMonth(e.monthOfYear()), days, e.weekOfMonth());
        }
        if (e.interval() > 1) {
            b.interval(e.interval());
        }
        if (e.occurrences() != null) {
            b.count(e.occurrences());
        } else if (e.until() != null) {
            if (allDay) {
                b.until(CalDoc.dateValue(LocalDateTime.ofInstant(e.until(), zone).plusHours(12).toLocalDate()));
            } else {
                b.until(Date.from(e.until()), true);
            }
        }
        if (e.firstDayOfWeek() != null) {
            b.workweekStarts(ical(DayOfWeek.of(e.firstDayOfWeek() == 0 ? 7 : e.firstDayOfWeek())));
        }
        return b.build();
    }

    private static Recurrence.Builder nth(Recurrence.Builder b, List<biweekly.util.DayOfWeek> days, int week) {
        int n = week >= 5 ? -1 : week;
        if (days.size() == 1) {
            return b.byDay(n, days.get(0));
        }
        return b.byDay(days).bySetPos(n);
    }

    /**
     * Whether the EAS pattern yields exactly the rule's occurrences over the whole series, bounded: up to 2037 (at least
     * {@value #HORIZON_YEARS} years) and {@value #MAX_COMPARED} occurrences. Two years let a rule that differs later pass
     * as exact: the US election day (every 4 years, the Tuesday in 2..8 November) went out as "every 4 years on 5
     * November", right only in its first year.
     */
    static boolean equivalent(Recurrence r, EasRecurrence e, LocalDateTime start, ZoneId zone, boolean allDay) {
        LocalDateTime end = start.plusYears(HORIZON_YEARS);
        end = end.isAfter(LAST) ? end : LAST;
        List<LocalDateTime> ical = expandRule(r, start, zone, allDay, end, MAX_COMPARED);
        List<LocalDateTime> eas = e.expand(start, zone, allDay, end, MAX_COMPARED);
        return ical.equals(eas);
    }

    private static final LocalDateTime LAST = LocalDateTime.of(2037, 12, 31, 23, 59, 59);
    static final int MAX_COMPARED = 1000;

    /** The rule's occurrences, by biweekly's iterator (RFC 5545 semantics, DTSTART included). */
    static List<LocalDateTime> expandRule(Recurrence r, LocalDateTime start, ZoneId zone, boolean allDay,
            LocalDateTime end, int max) {
        // biweekly iterates date values in the JVM's default zone, so all-day rules are walked there, as dates
        TimeZone tz = allDay ? TimeZone.getDefault() : TimeZone.getTimeZone(zone);
        ICalDate s = allDay ? CalDoc.dateValue(start.toLocalDate()) : new ICalDate(Date.from(start.atZone(zone).toInstant()), true);
        DateIterator it = r.getDateIterator(s, tz);
        List<LocalDateTime> out = new ArrayList<>();
        while (it.hasNext() && out.size() < max) {
            LocalDateTime t = allDay ? LocalDateTime.ofInstant(it.next().toInstant(), tz.toZoneId()).toLocalDate().atStartOfDay()
                    : LocalDateTime.ofInstant(it.next().toInstant(), zone);
            if (t.isAfter(end)) {
                break;
            }
            out.add(t);
        }
        return out;
    }

    static DayOfWeek dow(biweekly.util.DayOfWeek d) {
        switch (d) {
            case MONDAY: return DayOfWeek.MONDAY;
            case TUESDAY: return DayOfWeek.TUESDAY;
            case WEDNESDAY: return DayOfWeek.WEDNESDAY;
            case THURSDAY: return DayOfWeek.THURSDAY;
            case FRIDAY: return DayOfWeek.FRIDAY;
            case SATURDAY: return DayOfWeek.SATURDAY;
            default: return DayOfWeek.SUNDAY;
        }
    }

    static biweekly.util.DayOfWeek ical(DayOfWeek d) {
        switch (d) {
            case MONDAY: return biweekly.util.DayOfWeek.MONDAY;
            case TUESDAY: return biweekly.util.DayOfWeek.TUESDAY;
            case WEDNESDAY: return biweekly.util.DayOfWeek.WEDNESDAY;
            case THURSDAY: return biweekly.util.DayOfWeek.THURSDAY;
            case FRIDAY: return biweekly.util.DayOfWeek.FRIDAY;
            case SATURDAY: return biweekly.util.DayOfWeek.SATURDAY;
            default: return biweekly.util.DayOfWeek.SUNDAY;
        }
    }
}
