package org.hearthsync.pim.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.hearthsync.pim.MappingException;
import org.hearthsync.wbxml.Element;

/**
 * An EAS Recurrence element (MS-ASCAL 2.2.2.38, MS-ASTASK 2.2.2.18) as values, with its own
 * expansion so that equivalence with an RRULE can be checked rather than assumed.
 *
 * @param type 0 daily, 1 weekly, 2 monthly, 3 monthly on the nth day, 5 yearly, 6 yearly on the nth day
 * @param dayOfWeek bit mask: Sunday 1, Monday 2, Tuesday 4 ... Saturday 64
 * @param weekOfMonth 1-4, or 5 for the last
 * @param firstDayOfWeek 0 Sunday ... 6 Saturday, or null
 */
record EasRecurrence(int type, int interval, Integer occurrences, Instant until, int dayOfWeek, int dayOfMonth,
        int weekOfMonth, int monthOfYear, Integer firstDayOfWeek, Integer regenerate, Integer deadOccur) {

    static final int ALL_DAYS = 127;

    static int bit(DayOfWeek d) {
        return 1 << (d.getValue() % 7);
    }

    static boolean has(int mask, DayOfWeek d) {
        return (mask & bit(d)) != 0;
    }

    static List<DayOfWeek> days(int mask) {
        List<DayOfWeek> out = new ArrayList<>();
        for (DayOfWeek d : new DayOfWeek[] { DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY }) {
            if (has(mask, d)) {
                out.add(d);
            }
        }
        return out;
    }

    static EasRecurrence read(Element r, String ns) throws MappingException {
        Integer type = Eas.integer(r, ns, "Type");
        if (type == null || type < 0 || type > 6 || type == 4) {
            throw new MappingException(ns + ":Recurrence has no usable Type: " + Eas.text(r, ns, "Type"));
        }
        Integer interval = Eas.integer(r, ns, "Interval");
        String until = Eas.text(r, ns, "Until");
        return new EasRecurrence(type, interval == null || interval < 1 ? 1 : interval, Eas.integer(r, ns, "Occurrences"),
                until == null || until.isBlank() ? null : EasDates.parse(ns + ":Until", until), or0(Eas.integer(r, ns, "DayOfWeek")),
                or0(Eas.integer(r, ns, "DayOfMonth")), or0(Eas.integer(r, ns, "WeekOfMonth")),
                or0(Eas.integer(r, ns, "MonthOfYear")), Eas.integer(r, ns, "FirstDayOfWeek"),
                Eas.integer(r, ns, "Regenerate"), Eas.integer(r, ns, "DeadOccur"));
    }

    private static int or0(Integer i) {
        return i == null ? 0 : i;
    }

    /** Writes the element; {@code taskStart} is the Tasks-only Start field (null for Calendar). */
    Element write(String ns, boolean compactDates, boolean withFirstDayOfWeek, Instant taskStart) {
        Element r = new Element(ns, "Recurrence");
        r.addText(ns, "Type", Integer.toString(type));
        if (taskStart != null) {
            r.addText(ns, "Start", EasDates.dashed(taskStart));
        }
        if (occurrences != null) {
            r.addText(ns, "Occurrences", occurrences.toString());
        }
        r.addText(ns, "Interval", Integer.toString(interval));
        if (type == 3 || type == 6) {
            r.addText(ns, "WeekOfMonth", Integer.toString(weekOfMonth));
        }
        if (type == 1 || type == 3 || type == 6 || (type == 0 && dayOfWeek != 0)) {
            r.addText(ns, "DayOfWeek", Integer.toString(dayOfWeek));
        }
        if (type == 5 || type == 6) {
            r.addText(ns, "MonthOfYear", Integer.toString(monthOfYear));
        }
        if (until != null) {
            r.addText(ns, "Until", compactDates ? EasDates.compact(until) : EasDates.dashed(until));
        }
        if (type == 2 || type == 5) {
            r.addText(ns, "DayOfMonth", Integer.toString(dayOfMonth));
        }
        if (regenerate != null) {
            r.addText(ns, "Regenerate", regenerate.toString());
        }
        if (deadOccur != null) {
            r.addText(ns, "DeadOccur", deadOccur.toString());
        }
        if (withFirstDayOfWeek && firstDayOfWeek != null) {
            r.addText(ns, "FirstDayOfWeek", firstDayOfWeek.toString());
        }
        return r;
    }

    /** Whether the phone's recurrence means the same as ours: fields the type does not use are ignored, Until by local date. */
    boolean sameAs(EasRecurrence o, ZoneId zone) {
        if (type != o.type || interval != o.interval || !Objects.equals(occurrences, o.occurrences)) {
            return false;
        }
        if ((until == null) != (o.until == null)
                || (until != null && !until.atZone(zone).toLocalDate().equals(o.until.atZone(zone).toLocalDate()))) {
            return false;
        }
        if ((type == 1 || type == 3 || type == 6 || type == 0) && dayOfWeek != o.dayOfWeek) {
            return false;
        }
        if ((type == 2 || type == 5) && dayOfMonth != o.dayOfMonth) {
            return false;
        }
        if ((type == 3 || type == 6) && weekOfMonth != o.weekOfMonth) {
            return false;
        }
        if ((type == 5 || type == 6) && monthOfYear != o.monthOfYear) {
            return false;
        }
        if (firstDayOfWeek != null && o.firstDayOfWeek != null && type == 1 && interval > 1
                && !firstDayOfWeek.equals(o.firstDayOfWeek)) {
            return false;
        }
        return Objects.equals(regenerate == null ? 0 : regenerate, o.regenerate == null ? 0 : o.regenerate)
                && Objects.equals(deadOccur == null ? 0 : deadOccur, o.deadOccur == null ? 0 : o.deadOccur);
    }

    /**
     * The occurrence start times (local wall time) from {@code start} until {@code end}, at most {@code max}:
     * the days matching the pattern on or after the start day, at the start's time of day.
     */
    List<LocalDateTime> expand(LocalDateTime start, ZoneId zone, boolean allDay, LocalDateTime end, int max) {
        return expand(start, WallClock.of(zone), allDay, end, max);
    }

    /** As {@link #expand(LocalDateTime, ZoneId, boolean, LocalDateTime, int)}, Until compared on the given clock (an EAS struct). */
    List<LocalDateTime> expand(LocalDateTime start, WallClock zone, boolean allDay, LocalDateTime end, int max) {
        List<LocalDateTime> out = new ArrayList<>();
        walk(start, zone, allDay, end, occ -> {
            out.add(occ);
            return out.size() < max;
        });
        return out;
    }

    /**
     * Hands the occurrences from {@code start} until {@code end} (local wall time) to {@code next} in order, until it
     * returns false. The work is one step per day up to {@code end} (or the pattern's end), whatever the count.
     */
    void walk(LocalDateTime start, WallClock zone, boolean allDay, LocalDateTime end, Predicate<LocalDateTime> next) {
        LocalDate first = start.toLocalDate();
        DayOfWeek wkst = firstDayOfWeek == null ? DayOfWeek.SUNDAY : DayOfWeek.of(firstDayOfWeek == 0 ? 7 : firstDayOfWeek);
        LocalDate weekZero = first.with(TemporalAdjusters.previousOrSame(wkst));
        int count = 0;
        for (LocalDate d = first; !d.atTime(start.toLocalTime()).isAfter(end); d = d.plusDays(1)) {
            if (!matches(d, first, weekZero)) {
                continue;
            }
            LocalDateTime occ = d.atTime(start.toLocalTime());
            if (until != null) {
                boolean after = allDay ? d.isAfter(zone.local(until).toLocalDate()) : zone.utc(occ).isAfter(until);
                if (after) {
                    break;
                }
            }
            if (occurrences != null && count >= occurrences) {
                break;
            }
            count++;
            if (!next.test(occ)) {
                break;
            }
        }
    }

    private boolean matches(LocalDate d, LocalDate first, LocalDate weekZero) {
        switch (type) {
            case 0:
                if (dayOfWeek != 0) {
                    return has(dayOfWeek, d.getDayOfWeek());
                }
                return ChronoUnit.DAYS.between(first, d) % interval == 0;
            case 1:
                return has(dayOfWeek, d.getDayOfWeek()) && ChronoUnit.WEEKS.between(weekZero, d) % interval == 0;
            case 2:
                return d.getDayOfMonth() == dayOfMonth && monthsBetween(first, d) % interval == 0;
            case 3:
                return nth(d) && monthsBetween(first, d) % interval == 0;
            case 5:
                return d.getMonthValue() == monthOfYear && d.getDayOfMonth() == dayOfMonth
                        && (d.getYear() - first.getYear()) % interval == 0;
            case 6:
                return d.getMonthValue() == monthOfYear && nth(d) && (d.getYear() - first.getYear()) % interval == 0;
            default:
                return false;
        }
    }

    private static long monthsBetween(LocalDate a, LocalDate b) {
        return (b.getYear() - a.getYear()) * 12L + b.getMonthValue() - a.getMonthValue();
    }

    /** d is the weekOfMonth-th (5: last) day of the month whose weekday is in the mask. */
    private boolean nth(LocalDate d) {
        if (!has(dayOfWeek, d.getDayOfWeek())) {
            return false;
        }
        List<LocalDate> matching = new ArrayList<>();
        for (LocalDate x = d.withDayOfMonth(1); x.getMonth() == d.getMonth(); x = x.plusDays(1)) {
            if (has(dayOfWeek, x.getDayOfWeek())) {
                matching.add(x);
            }
        }
        int idx = weekOfMonth >= 5 ? matching.size() - 1 : weekOfMonth - 1;
        return idx >= 0 && idx < matching.size() && matching.get(idx).equals(d);
    }
}
