package org.hearthsync.pim.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SimpleTimeZone;
import java.util.TimeZone;
import java.util.function.ToIntFunction;

import biweekly.component.DaylightSavingsTime;
import biweekly.component.Observance;
import biweekly.component.StandardTime;
import biweekly.component.VTimezone;
import biweekly.io.TimezoneAssignment;
import biweekly.util.ByDay;
import biweekly.util.DateTimeComponents;
import biweekly.util.Frequency;
import biweekly.util.Recurrence;
import biweekly.util.UtcOffset;

/**
 * Zones known only by their rules, between a VTIMEZONE and the EAS struct (MS-ASDTYPE 2.7.1 TIME_ZONE_INFORMATION).
 * The struct holds one yearly pair of rules, "the n-th (1-4, 5 = last) weekday of a month at a local time": a
 * VTIMEZONE whose STANDARD and DAYLIGHT observances in force that year are {@code FREQ=YEARLY;BYMONTH=m;BYDAY=nDD}
 * rules says exactly that. Without this a zone no IANA or Windows name matches went to the phone as its offset at the
 * event's start, so it showed the other half of the year's events an hour off.
 */
final class StructZones {
    private StructZones() {
    }

    /**
     * The struct for a VTIMEZONE's rules in {@code year}, or null when they are not one yearly standard/daylight pair of
     * the struct's form (no DST that year, a rule by date or with several days, a one-off change in the year), which the
     * caller then sends as a fixed offset. The result is checked against the VTIMEZONE's own offsets over the year.
     */
    static TimeZoneStruct of(VTimezone vtz, String name, int year) {
        TimeZoneStruct s = byRules(vtz, name, year);
        return s != null ? s : byChanges(vtz, name, year);
    }

    private static TimeZoneStruct byRules(VTimezone vtz, String name, int year) {
        Observance std = inForce(vtz.getStandardTimes(), year);
        Observance dst = inForce(vtz.getDaylightSavingsTime(), year);
        if (std == null || dst == null || std.getTimezoneOffsetTo() == null || dst.getTimezoneOffsetTo() == null) {
            return null;
        }
        TimeZoneStruct.SysTime sd = sysTime(std);
        TimeZoneStruct.SysTime dd = sysTime(dst);
        long stdMs = std.getTimezoneOffsetTo().getValue().getMillis();
        long dstMs = dst.getTimezoneOffsetTo().getValue().getMillis();
        if (sd == null || dd == null || stdMs % 60_000 != 0 || dstMs % 60_000 != 0 || stdMs == dstMs) {
            return null;
        }
        int stdMin = (int) (stdMs / 60_000);
        int dstMin = (int) (dstMs / 60_000);
        TimeZoneStruct s = new TimeZoneStruct(-stdMin, name, sd, 0, name, dd, -(dstMin - stdMin));
        ObservanceOffsets own = ObservanceOffsets.of(vtz);
        return own != null && agrees(s, own, year) ? s : null;
    }

    /**
     * A VTIMEZONE that lists each change as its own observance (Apple iCal, ical4j's older output): the year's two
     * changes as the struct's rules (week by the date, 5 when it is the month's last such weekday), if they hold for
     * the year.
     */
    private static TimeZoneStruct byChanges(VTimezone vtz, String name, int year) {
        ObservanceOffsets own = ObservanceOffsets.of(vtz);
        if (own == null) {
            return null;
        }
        Instant from = LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        var changes = own.changes(from, LocalDate.of(year + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant());
        if (changes.size() != 2) {
            return null;
        }
        int before = own.offsetSeconds(from);
        TimeZoneStruct.SysTime toDst = null;
        TimeZoneStruct.SysTime toStd = null;
        int dstOff = 0;
        int stdOff = 0;
        int prev = before;
        for (var c : changes.entrySet()) {
            LocalDateTime wall = LocalDateTime.ofEpochSecond(c.getKey(), 0, ZoneOffset.ofTotalSeconds(prev));
            int dom = wall.getDayOfMonth();
            int week = dom + 7 > wall.toLocalDate().lengthOfMonth() ? 5 : (dom - 1) / 7 + 1;
            TimeZoneStruct.SysTime t = new TimeZoneStruct.SysTime(0, wall.getMonthValue(), wall.getDayOfWeek().getValue() % 7, week,
                    wall.getHour(), wall.getMinute(), wall.getSecond(), 0);
            if (c.getValue() > prev) {
                toDst = t;
                dstOff = c.getValue();
            } else {
                toStd = t;
                stdOff = c.getValue();
            }
            prev = c.getValue();
        }
        if (toDst == null || toStd == null || stdOff % 60 != 0 || dstOff % 60 != 0) {
            return null;
        }
        TimeZoneStruct s = new TimeZoneStruct(-stdOff / 60, name, toStd, 0, name, toDst, -(dstOff - stdOff) / 60);
        return agrees(s, own, year) ? s : null;
    }

    /** The observance whose yearly rule is the one that applies in {@code year}: the latest started by then and not ended. */
    private static Observance inForce(List<? extends Observance> all, int year) {
        Observance best = null;
        int bestStart = Integer.MIN_VALUE;
        for (Observance o : all) {
            if (o.getDateStart() == null || o.getDateStart().getValue() == null || o.getRecurrenceRule() == null
                    || o.getRecurrenceRule().getValue() == null) {
                continue;
            }
            DateTimeComponents c = o.getDateStart().getValue().getRawComponents();
            int from = c != null ? c.getYear() : LocalDateTime.ofInstant(o.getDateStart().getValue().toInstant(), ZoneOffset.UTC).getYear();
            Recurrence r = o.getRecurrenceRule().getValue();
            int interval = r.getInterval() == null ? 1 : r.getInterval();
            int to = Integer.MAX_VALUE;
            if (r.getUntil() != null) {
                to = LocalDateTime.ofInstant(r.getUntil().toInstant(), ZoneOffset.UTC).getYear();
            } else if (r.getCount() != null) {
                to = from + (r.getCount() - 1) * interval;
            }
            if (r.getFrequency() == Frequency.YEARLY && interval == 1 && from <= year && to >= year && from > bestStart) {
                best = o;
                bestStart = from;
            }
        }
        return best;
    }

    /** The struct's form of an observance's rule: month, weekday, week 1-4 or 5 (last), the local time it starts. */
    private static TimeZoneStruct.SysTime sysTime(Observance o) {
        Recurrence r = o.getRecurrenceRule().getValue();
        if (r.getByMonth().size() != 1 || r.getByDay().size() != 1 || !r.getByHour().isEmpty() || !r.getByMinute().isEmpty()
                || !r.getBySecond().isEmpty() || !r.getBySetPos().isEmpty() || !r.getByYearDay().isEmpty()
                || !r.getByWeekNo().isEmpty()) {
            return null;
        }
        ByDay day = r.getByDay().get(0);
        int week;
        List<Integer> monthDays = r.getByMonthDay();
        if (monthDays.isEmpty()) {
            Integer n = day.getNum();
            week = n == null ? 0 : n >= 1 && n <= 4 ? n : n == -1 ? 5 : 0;
        } else {
            // "BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14": the second Sunday, as older Olson-derived generators write it
            week = weekOfRun(monthDays, r.getByMonth().get(0));
            if (day.getNum() != null) {
                week = 0;
            }
        }
        if (week == 0) {
            return null;
        }
        DateTimeComponents c = o.getDateStart().getValue().getRawComponents();
        if (c == null) {
            return null;
        }
        int dow = RecurrenceMapper.dow(day.getDay()).getValue() % 7; // SYSTEMTIME: 0 = Sunday
        return new TimeZoneStruct.SysTime(0, r.getByMonth().get(0), dow, week, c.getHour(), c.getMinute(), c.getSecond(), 0);
    }

    /** Seven consecutive days starting on the 1st, 8th, 15th or 22nd (week 1-4), or ending on the month's last (5). */
    private static int weekOfRun(List<Integer> days, int month) {
        List<Integer> sorted = new ArrayList<>(days);
        sorted.sort(null);
        if (sorted.size() != 7) {
            return 0;
        }
        for (int i = 1; i < 7; i++) {
            if (sorted.get(i) != sorted.get(i - 1) + 1) {
                return 0;
            }
        }
        int first = sorted.get(0);
        if ((first - 1) % 7 == 0 && first <= 22) {
            return (first - 1) / 7 + 1;
        }
        // the last seven days: only when the month's length is fixed (February's is not)
        return month != 2 && sorted.get(6) == java.time.Month.of(month).maxLength() ? 5 : 0;
    }

    /**
     * Whether two structs give the same offsets through a year (at noon UTC of every day and a minute around each change
     * of either): Outlook's "Saturday 23:59:59" for Sunday midnight is the zone it names, as the zone matcher has it.
     */
    static boolean sameOffsets(TimeZoneStruct a, TimeZoneStruct b, int year) {
        List<Instant> changes = new ArrayList<>(a.transitions(year));
        changes.addAll(b.transitions(year));
        return sameOffsets(a::offsetSeconds, b::offsetSeconds, changes, year);
    }

    /** Whether the struct gives the VTIMEZONE's offsets at noon UTC of every day of the year and around each change. */
    private static boolean agrees(TimeZoneStruct s, ObservanceOffsets own, int year) {
        return sameOffsets(s::offsetSeconds, own::offsetSeconds, s.transitions(year), year);
    }

    private static boolean sameOffsets(ToIntFunction<Instant> a, ToIntFunction<Instant> b, List<Instant> changes, int year) {
        for (Instant t : ZoneMatcher.samples(year, changes)) {
            if (a.applyAsInt(t) != b.applyAsInt(t)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A phone's zone that no IANA or Windows zone matches, as a time-zone assignment: a VTIMEZONE with the struct's
     * two yearly rules (from 1970 on), and a Java zone with the same rules to write local times with. Null when the
     * struct has no DST or a rule the VTIMEZONE form cannot carry (an absolute date, DST not ahead of standard time).
     */
    static TimezoneAssignment assignment(TimeZoneStruct s) {
        if (!s.hasDst() || s.standardDate().year() != 0 || s.daylightDate().year() != 0 || s.daylightBias() >= s.standardBias()) {
            return null;
        }
        String id = tzid(s);
        int stdMin = -(s.bias() + s.standardBias());
        int dstMin = -(s.bias() + s.daylightBias());
        VTimezone vt = new VTimezone(id);
        vt.addStandardTime(observance(new StandardTime(), s.standardDate(), dstMin, stdMin));
        vt.addDaylightSavingsTime(observance(new DaylightSavingsTime(), s.daylightDate(), stdMin, dstMin));
        return new TimezoneAssignment(javaZone(s, id), vt);
    }

    /**
     * A Java zone with the struct's rules, to write local times with: SimpleTimeZone's day-of-week-in-month rules with
     * wall-clock times are the struct's own form (week 1-4 or -1 = last; the end time in daylight time).
     */
    static TimeZone javaZone(TimeZoneStruct s, String id) {
        int stdMin = -(s.bias() + s.standardBias());
        int dstMin = -(s.bias() + s.daylightBias());
        return new SimpleTimeZone(stdMin * 60_000, id, s.daylightDate().month() - 1, week(s.daylightDate()),
                s.daylightDate().dayOfWeek() + 1, millisOfDay(s.daylightDate()), s.standardDate().month() - 1,
                week(s.standardDate()), s.standardDate().dayOfWeek() + 1, millisOfDay(s.standardDate()),
                (dstMin - stdMin) * 60_000);
    }

    /** The struct's name when it has one (the TZID Hearth sent comes back so), else one that says what it is. */
    static String tzid(TimeZoneStruct s) {
        String n = s.standardName() == null ? "" : s.standardName().strip();
        if (!n.isEmpty()) {
            return n;
        }
        int std = -(s.bias() + s.standardBias());
        return "Custom " + ZoneOffset.ofTotalSeconds(std * 60) + " with DST";
    }

    private static <T extends Observance> T observance(T o, TimeZoneStruct.SysTime rule, int fromMin, int toMin) {
        LocalDateTime first = TimeZoneStruct.transition(1970, rule);
        o.setDateStart(new DateTimeComponents(1970, first.getMonthValue(), first.getDayOfMonth(), first.getHour(), first.getMinute(),
                first.getSecond(), false));
        o.setTimezoneOffsetFrom(new UtcOffset(fromMin * 60_000L));
        o.setTimezoneOffsetTo(new UtcOffset(toMin * 60_000L));
        biweekly.util.DayOfWeek dd = RecurrenceMapper.ical(java.time.DayOfWeek.of(rule.dayOfWeek() == 0 ? 7 : rule.dayOfWeek()));
        o.setRecurrenceRule(new Recurrence.Builder(Frequency.YEARLY).byMonth(rule.month())
                .byDay(rule.day() >= 5 ? -1 : rule.day(), dd).build());
        return o;
    }

    private static int week(TimeZoneStruct.SysTime t) {
        return t.day() >= 5 ? -1 : t.day();
    }

    private static int millisOfDay(TimeZoneStruct.SysTime t) {
        return ((t.hour() * 60 + t.minute()) * 60 + t.second()) * 1000 + t.millis();
    }
}
