package org.hearthsync.pim;


import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TimeZone;
import java.util.TreeSet;

import org.hearthsync.pim.internal.EasExpander;
import org.hearthsync.wbxml.Element;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.ICalComponent;
import biweekly.component.VEvent;
import biweekly.component.VTodo;
import biweekly.io.TimezoneAssignment;
import biweekly.io.TimezoneInfo;
import biweekly.property.DateOrDateTimeProperty;
import biweekly.property.ExceptionRule;
import biweekly.property.ICalProperty;
import biweekly.property.RecurrenceDates;
import biweekly.property.RecurrenceId;
import biweekly.property.RecurrenceRule;
import biweekly.property.Status;
import biweekly.util.Frequency;
import biweekly.util.Google2445Utils;
import biweekly.util.ICalDate;
import biweekly.util.Recurrence;
import biweekly.util.com.google.ical.compat.javautil.DateIterator;
import biweekly.util.com.google.ical.iter.RecurrenceIterator;

/**
 * Recurrence equivalence, two independent sides over the same horizon (the whole series up to 2037, at least two
 * years from its start, at most 1,000 occurrences):
 * <ul>
 * <li>iCalendar: biweekly's iterator over the stored master (RRULE, RDATE, EXDATE, EXRULE) in the zone
 * of its VTIMEZONE, then the RECURRENCE-ID overrides applied (moved, or removed when cancelled);
 * floating and date values are placed in the user's zone, as the mapper does;</li>
 * <li>EAS: {@link EasExpander} over what {@code toEas} produced: the Recurrence pattern in the wall time
 * of the Timezone struct, Deleted exceptions removed, modified ones moved.</li>
 * </ul>
 * A series EAS can express must give the same set of UTC instants; the others are classified by why
 * EAS cannot express them (the fallback is tested by {@code RecurrenceEquivalenceTest}).
 */
final class RecurrenceEquivalence {
    /** At least this many years from the start, and the whole series up to {@link #END}, at most {@link #MAX_OCCURRENCES}. */
    static final int YEARS = 2;
    static final Instant END = Instant.parse("2038-01-01T00:00:00Z");
    static final int MAX_OCCURRENCES = 1000;
    static final String INEXACT = "RRULE (not exactly expressible)";

    enum Status0 { EQUAL, DIFFERENT, FALLBACK, REJECTED }

    record Outcome(String name, String kind, Status0 status, String reason, int occurrences, String detail) {
    }

    private RecurrenceEquivalence() {
    }

    private static List<Outcome> cached;

    /** Every recurring VEVENT and VTODO of the corpus (user zone Europe/Berlin, EAS 16.1). */
    static synchronized List<Outcome> corpus() {
        if (cached == null) {
            MappingOptions o = MappingOptions.defaults().withProtocolVersion("16.1").withZone(ZoneId.of("Europe/Berlin"));
            List<Outcome> out = new ArrayList<>();
            for (ICalCorpus.Item i : ICalCorpus.items(VEvent.class)) {
                if (!i.invalid() && recurs(i.text(), VEvent.class)) {
                    out.add(check(i.name(), i.text(), VEvent.class, o));
                }
            }
            for (ICalCorpus.Item i : ICalCorpus.items(VTodo.class)) {
                if (!i.invalid() && recurs(i.text(), VTodo.class)) {
                    out.add(check(i.name(), i.text(), VTodo.class, o));
                }
            }
            cached = List.copyOf(out);
        }
        return cached;
    }

    static boolean recurs(String text, Class<? extends ICalComponent> kind) {
        try {
            ICalComponent m = master(Biweekly.parse(text).first(), kind);
            return m != null && (m.getProperty(RecurrenceRule.class) != null || m.getProperty(RecurrenceDates.class) != null);
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    static Outcome check(String name, String text, Class<? extends ICalComponent> kind, MappingOptions o) {
        boolean event = kind == VEvent.class;
        PimMapper m = event ? PimMappers.calendar() : PimMappers.tasks();
        String k = event ? "VEVENT" : "VTODO";
        Element eas;
        MergeResult echo;
        try {
            eas = m.toEas(text, o);
            echo = m.fromEas(text, eas, o);
        } catch (MappingException e) {
            return new Outcome(name, k, Status0.REJECTED, "rejected: " + e.getMessage(), 0, "");
        }
        ICalendar cal = Biweekly.parse(text).first();
        ICalComponent master = master(cal, kind);
        String why = whyNot(cal, master, kind, echo.keptByMerge());
        if (why != null) {
            return new Outcome(name, k, Status0.FALLBACK, why, 0, rules(master));
        }
        try {
            Instant start = icalStart(cal, master, o.zone());
            Instant horizon = start.plus(Duration.ofDays(365L * YEARS + 1));
            horizon = horizon.isAfter(END) ? horizon : END;
            List<Instant> unmatched = new ArrayList<>();
            SortedSet<Instant> ical = icalOccurrences(cal, master, kind, o.zone(), horizon, unmatched);
            if (ical.size() > MAX_OCCURRENCES) { // the whole series, bounded: its first MAX_OCCURRENCES
                horizon = new ArrayList<>(ical).get(MAX_OCCURRENCES - 1);
                ical = new TreeSet<>(ical.headSet(horizon.plusNanos(1)));
                Instant h = horizon;
                unmatched.removeIf(t -> t.isAfter(h));
            }
            EasExpander.Expansion x = event ? EasExpander.appointment(eas, horizon) : EasExpander.task(eas, o.zone(), horizon);
            if (ical.equals(x.starts()) && new TreeSet<>(unmatched).equals(new TreeSet<>(x.unmatched()))) {
                // exceptions naming no occurrence are no-ops on both sides (RFC 5545; a phone ignores them)
                return new Outcome(name, k, Status0.EQUAL, unmatched.isEmpty() ? "" : "with exceptions naming no occurrence",
                        ical.size(), rules(master));
            }
            SortedSet<Instant> onlyIcal = new TreeSet<>(ical);
            onlyIcal.removeAll(x.starts());
            SortedSet<Instant> onlyEas = new TreeSet<>(x.starts());
            onlyEas.removeAll(ical);
            Series sr = series(cal, master, o.zone());
            if (shiftedByRuleChanges(onlyIcal, onlyEas, sr.floating() ? TimeZone.getTimeZone(o.zone()) : sr.tz(), start)) {
                // EAS's Timezone struct carries one year's rules (MAPPING.md, Time zones): where the zone's rules changed
                // since the series' start, the phone shows the later occurrences shifted by the change; the stored rule stays
                return new Outcome(name, k, Status0.FALLBACK, "the zone's rules change within the series (one year's struct)", 0,
                        rules(master));
            }
            return new Outcome(name, k, Status0.DIFFERENT, "occurrences differ", ical.size(),
                    rules(master) + "\n only iCalendar: " + first(onlyIcal) + "\n only EAS: " + first(onlyEas)
                            + "\n iCalendar overrides naming no occurrence: " + unmatched + "\n EAS exceptions naming none: "
                            + x.unmatched() + "\n" + eas);
        } catch (MappingException | RuntimeException e) {
            return new Outcome(name, k, Status0.DIFFERENT, "expansion failed: " + e, 0, rules(master));
        }
    }

    private static String first(SortedSet<Instant> s) {
        return s.size() <= 6 ? s.toString() : new ArrayList<>(s).subList(0, 6) + " ... (" + s.size() + ")";
    }

    static String rules(ICalComponent master) {
        StringBuilder sb = new StringBuilder();
        for (RecurrenceRule r : master.getProperties(RecurrenceRule.class)) {
            sb.append("RRULE:").append(ruleText(r.getValue())).append(' ');
        }
        return sb.toString().trim();
    }

    static String ruleText(Recurrence r) {
        StringBuilder sb = new StringBuilder("FREQ=" + r.getFrequency());
        if (r.getInterval() != null) sb.append(";INTERVAL=").append(r.getInterval());
        if (!r.getByDay().isEmpty()) sb.append(";BYDAY=").append(r.getByDay());
        if (!r.getByMonthDay().isEmpty()) sb.append(";BYMONTHDAY=").append(r.getByMonthDay());
        if (!r.getByMonth().isEmpty()) sb.append(";BYMONTH=").append(r.getByMonth());
        if (!r.getBySetPos().isEmpty()) sb.append(";BYSETPOS=").append(r.getBySetPos());
        if (!r.getByWeekNo().isEmpty()) sb.append(";BYWEEKNO=").append(r.getByWeekNo());
        if (!r.getByYearDay().isEmpty()) sb.append(";BYYEARDAY=").append(r.getByYearDay());
        if (!r.getByHour().isEmpty()) sb.append(";BYHOUR=").append(r.getByHour());
        if (!r.getByMinute().isEmpty()) sb.append(";BYMINUTE=").append(r.getByMinute());
        if (r.getCount() != null) sb.append(";COUNT=").append(r.getCount());
        if (r.getUntil() != null) sb.append(";UNTIL");
        return sb.toString();
    }

    /** Why EAS cannot express the series (null when it can): what the documented fallback applies to. */
    static String whyNot(ICalendar cal, ICalComponent master, Class<? extends ICalComponent> kind, List<String> kept) {
        List<RecurrenceRule> rr = master.getProperties(RecurrenceRule.class);
        if (rr.size() > 1) {
            return "several RRULEs";
        }
        if (rr.isEmpty()) {
            return "RDATE only";
        }
        if (master.getProperty(RecurrenceDates.class) != null) {
            return "RDATE";
        }
        if (master.getProperty(ExceptionRule.class) != null) {
            return "EXRULE";
        }
        Recurrence r = rr.get(0).getValue();
        Frequency f = r.getFrequency();
        if (f == Frequency.HOURLY || f == Frequency.MINUTELY || f == Frequency.SECONDLY) {
            return "sub-daily FREQ (" + f + ")";
        }
        for (ICalComponent c : cal.getComponents(kind)) {
            RecurrenceId rid = c.getProperty(RecurrenceId.class);
            if (rid != null && rid.getRange() != null) {
                return "RECURRENCE-ID;RANGE=" + rid.getRange().getValue();
            }
        }
        if (kept.contains(INEXACT)) {
            if (r.getXRules().keySet().stream().anyMatch(x -> x.equalsIgnoreCase("RSCALE"))) {
                return "pattern EAS lacks: RSCALE (non-Gregorian)";
            }
            if (!r.getBySetPos().isEmpty()) {
                return "pattern EAS lacks: BYSETPOS form";
            }
            if (r.getByDay().stream().anyMatch(b -> b.getNum() != null && b.getNum() != 0 && (b.getNum() > 4 || b.getNum() < -1))) {
                return "pattern EAS lacks: BYDAY ordinal beyond 1-4/-1";
            }
            if (r.getByDay().size() > 1 && r.getByDay().stream().anyMatch(b -> b.getNum() != null && b.getNum() != 0)) {
                return "pattern EAS lacks: several ordinal BYDAYs";
            }
            if (r.getByMonthDay().size() > 1 || r.getByMonth().size() > 1) {
                return "pattern EAS lacks: several BYMONTHDAY/BYMONTH";
            }
            if (!r.getByWeekNo().isEmpty() || !r.getByYearDay().isEmpty()) {
                return "pattern EAS lacks: BYWEEKNO/BYYEARDAY";
            }
            if (!r.getByHour().isEmpty() || !r.getByMinute().isEmpty() || !r.getBySecond().isEmpty()) {
                return "pattern EAS lacks: BYHOUR/BYMINUTE/BYSECOND";
            }
            if (f == Frequency.DAILY && !r.getByDay().isEmpty()) {
                return "pattern EAS lacks: DAILY with BYDAY and INTERVAL > 1";
            }
            return "pattern EAS lacks: DTSTART not an occurrence or other";
        }
        return null;
    }

    static ICalComponent master(ICalendar cal, Class<? extends ICalComponent> kind) {
        List<? extends ICalComponent> all = cal.getComponents(kind);
        if (all.isEmpty()) {
            return null;
        }
        String uid = uid(all.get(0));
        for (ICalComponent c : all) {
            if (c.getProperty(RecurrenceId.class) == null && Objects.equals(uid, uid(c))) {
                return c;
            }
        }
        return all.get(0);
    }

    private static String uid(ICalComponent c) {
        biweekly.property.Uid u = c.getProperty(biweekly.property.Uid.class);
        return u == null ? null : u.getValue();
    }

    private static DateOrDateTimeProperty base(ICalComponent c) {
        DateOrDateTimeProperty p = c.getProperty(biweekly.property.DateStart.class);
        return p != null || !(c instanceof VTodo t) ? p : t.getDateDue();
    }

    /** How a series places values: its iteration zone, whether it is floating or all-day, its wall time of day. */
    record Series(TimeZone tz, boolean floating, boolean allDay, ZoneId user, java.time.LocalTime timeOfDay, VTimezoneReference rules) {
        Instant wall(LocalDateTime l) {
            if (floating) {
                return l.atZone(user).toInstant();
            }
            if (rules != null) {
                return rules.wall(l);
            }
            java.util.GregorianCalendar c = new java.util.GregorianCalendar(tz);
            c.clear();
            c.set(l.getYear(), l.getMonthValue() - 1, l.getDayOfMonth(), l.getHour(), l.getMinute(), l.getSecond());
            return c.toInstant();
        }

        LocalDateTime local(Instant t) {
            return floating ? LocalDateTime.ofInstant(t, user) : rules != null ? rules.local(t) : LocalDateTime.ofInstant(t, tz.toZoneId());
        }
    }

    static Series series(ICalendar cal, ICalComponent master, ZoneId user) {
        DateOrDateTimeProperty base = base(master);
        TimezoneAssignment a = cal.getTimezoneInfo().getTimezone(base);
        ICalDate bv = base.getValue();
        var raw = bv.getRawComponents();
        boolean allDay = !bv.hasTime();
        boolean floating = allDay || (a == null && raw != null && !raw.isUtc());
        ZoneId named = namedInstead(a);
        TimeZone tz = floating ? TimeZone.getDefault() : named != null ? TimeZone.getTimeZone(named) : a != null ? a.getTimeZone()
                : TimeZone.getTimeZone("UTC");
        VTimezoneReference rules = floating || a == null ? null : VTimezoneReference.of(a.getComponent());
        java.time.LocalTime tod = allDay ? java.time.LocalTime.MIDNIGHT
                : floating || (rules != null && raw != null) ? java.time.LocalTime.of(raw.getHour(), raw.getMinute(), raw.getSecond())
                : LocalDateTime.ofInstant(bv.toInstant(), zoneOf(tz)).toLocalTime();
        return new Series(tz, floating, allDay, user, tod, rules);
    }

    /**
     * The IANA zone a TZID names when its VTIMEZONE defines no offsets (Apple iCal 1.5 wrote observances with
     * TZOFFSETTO alone; biweekly reads them as one fixed offset): such a file means the zone it names.
     */
    static ZoneId namedInstead(TimezoneAssignment a) {
        if (a == null || a.getComponent() == null || VTimezoneReference.of(a.getComponent()) != null
                || a.getComponent().getTimezoneId() == null) {
            return null;
        }
        String id = a.getComponent().getTimezoneId().getValue();
        return id != null && ZoneId.getAvailableZoneIds().contains(id) ? ZoneId.of(id) : null;
    }

    /**
     * Whether the two sides differ only by whole-offset shifts of occurrences in years whose mid-January or mid-July
     * offsets differ from the start year's: what one year's struct cannot say about a zone whose rules changed.
     */
    static boolean shiftedByRuleChanges(SortedSet<Instant> onlyIcal, SortedSet<Instant> onlyEas, TimeZone tz, Instant start) {
        if (onlyIcal.isEmpty() || onlyIcal.size() != onlyEas.size()) {
            return false;
        }
        int startYear = LocalDateTime.ofInstant(start, java.time.ZoneOffset.UTC).getYear();
        List<Instant> a = new ArrayList<>(onlyIcal);
        List<Instant> b = new ArrayList<>(onlyEas);
        for (int i = 0; i < a.size(); i++) {
            long shift = Math.abs(Duration.between(a.get(i), b.get(i)).getSeconds());
            int year = LocalDateTime.ofInstant(a.get(i), java.time.ZoneOffset.UTC).getYear();
            if (shift == 0 || shift > 7200 || shift % 1800 != 0 || sameRules(tz, startYear, year)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRules(TimeZone tz, int y1, int y2) {
        for (int month : new int[] { 1, 7 }) {
            long t1 = LocalDate.of(y1, month, 15).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            long t2 = LocalDate.of(y2, month, 15).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            if (tz.getOffset(t1) != tz.getOffset(t2)) {
                return false;
            }
        }
        return true;
    }

    /** java.util zones from VTIMEZONEs have no ZoneId; their offsets at an instant are what matters. */
    private static ZoneId zoneOf(TimeZone tz) {
        try {
            return tz.toZoneId();
        } catch (RuntimeException e) {
            return java.time.ZoneOffset.ofTotalSeconds(tz.getRawOffset() / 1000);
        }
    }

    static Instant icalStart(ICalendar cal, ICalComponent master, ZoneId user) {
        DateOrDateTimeProperty p = base(master);
        return resolve(cal.getTimezoneInfo(), p, p.getValue(), series(cal, master, user));
    }

    /**
     * A value as the occurrence it names: by its VTIMEZONE (biweekly parsed it so), UTC as is, floating in the
     * series' zone; a DATE on a date-time series names the occurrence of that day, a date-time on an all-day
     * series the day it falls on.
     */
    static Instant resolve(TimezoneInfo tzi, ICalProperty p, ICalDate d, Series s) {
        var raw = d.getRawComponents();
        if (!d.hasTime()) {
            LocalDate date = raw != null ? LocalDate.of(raw.getYear(), raw.getMonth(), raw.getDate())
                    : LocalDate.ofInstant(d.toInstant(), TimeZone.getDefault().toZoneId());
            return s.allDay() ? date.atStartOfDay(s.user()).toInstant() : s.wall(date.atTime(s.timeOfDay()));
        }
        TimezoneAssignment a = tzi.getTimezone(p);
        VTimezoneReference own = a == null || raw == null || raw.isUtc() ? null : VTimezoneReference.of(a.getComponent());
        if (own != null) {
            LocalDateTime l = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(), raw.getSecond());
            Instant t = own.wall(l);
            return s.allDay() ? own.local(t).toLocalDate().atStartOfDay(s.user()).toInstant() : t;
        }
        ZoneId named = raw == null || raw.isUtc() ? null : namedInstead(a);
        if (named != null) {
            LocalDateTime l = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(), raw.getSecond());
            return s.allDay() ? l.toLocalDate().atStartOfDay(s.user()).toInstant() : l.atZone(named).toInstant();
        }
        if (a != null || raw == null || raw.isUtc()) {
            if (s.allDay()) {
                ZoneId z = a != null ? zoneOf(a.getTimeZone()) : java.time.ZoneOffset.UTC;
                return LocalDate.ofInstant(d.toInstant(), z).atStartOfDay(s.user()).toInstant();
            }
            return d.toInstant();
        }
        LocalDateTime l = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(), raw.getSecond());
        return s.allDay() ? l.toLocalDate().atStartOfDay(s.user()).toInstant() : s.wall(l);
    }

    /**
     * biweekly's occurrences of the master's RRULE (DTSTART first, as RFC 5545 has it), then its EXDATEs and the
     * RECURRENCE-ID overrides applied (moved, or removed when cancelled); originals at or before {@code horizon}.
     * EXDATEs and overrides naming no occurrence go to {@code unmatched}.
     */
    static SortedSet<Instant> icalOccurrences(ICalendar cal, ICalComponent master, Class<? extends ICalComponent> kind, ZoneId user,
            Instant horizon, List<Instant> unmatched) {
        TimezoneInfo tzi = cal.getTimezoneInfo();
        Series s = series(cal, master, user);
        DateOrDateTimeProperty base = base(master);
        SortedSet<Instant> out = new TreeSet<>();
        java.util.Iterator<Date> it;
        TimeZone iter = s.tz();
        if (s.rules() != null && base.getValue().getRawComponents() != null && master.getProperties(RecurrenceRule.class).size() == 1
                && master.getProperties(biweekly.property.RecurrenceDates.class).isEmpty()
                && master.getProperties(biweekly.property.ExceptionRule.class).isEmpty()) {
            it = localIterator(master.getProperty(RecurrenceRule.class).getValue(), base.getValue().getRawComponents(), s);
        } else if (master.getProperty(biweekly.property.DateStart.class) != null) {
            // EXDATEs are applied below: biweekly would read a floating EXDATE in the JVM's zone
            if (master instanceof VEvent e) {
                VEvent copy = new VEvent(e);
                copy.removeProperties(biweekly.property.ExceptionDates.class);
                it = copy.getDateIterator(iter);
            } else {
                VTodo copy = new VTodo((VTodo) master);
                copy.removeProperties(biweekly.property.ExceptionDates.class);
                it = copy.getDateIterator(iter);
            }
        } else {
            RecurrenceIterator ri = Google2445Utils.createRecurrenceIterator(master.getProperty(RecurrenceRule.class).getValue(),
                    base.getValue(), iter);
            it = new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return ri.hasNext();
                }

                @Override
                public Date next() {
                    return Google2445Utils.convert(ri.next(), iter);
                }
            };
        }
        for (int n = 0; it.hasNext() && n < 5000; n++) {
            Date d = it.next();
            Instant t = s.floating() ? LocalDateTime.ofInstant(d.toInstant(), iter.toZoneId()).atZone(user).toInstant() : d.toInstant();
            if (t.isAfter(horizon)) {
                break;
            }
            out.add(t);
        }
        Instant start = icalStart(cal, master, user);
        for (biweekly.property.ExceptionDates ed : master.getProperties(biweekly.property.ExceptionDates.class)) {
            for (ICalDate d : ed.getValues()) {
                Instant x = resolve(tzi, ed, d, s);
                if (!out.remove(x) && !x.isAfter(horizon) && !x.isBefore(start)) {
                    unmatched.add(x);
                }
            }
        }
        List<Instant> moved = new ArrayList<>();
        String uid = uid(master);
        for (ICalComponent c : cal.getComponents(kind)) {
            RecurrenceId rid = c.getProperty(RecurrenceId.class);
            if (c == master || rid == null || rid.getValue() == null || !Objects.equals(uid, uid(c))) {
                continue;
            }
            Instant original = resolve(tzi, rid, rid.getValue(), s);
            if (original.isAfter(horizon) || original.isBefore(start)) {
                continue;
            }
            if (!out.remove(original)) {
                unmatched.add(original);
                continue;
            }
            Status st = c.getProperty(Status.class);
            if (st != null && st.isCancelled()) {
                continue;
            }
            DateOrDateTimeProperty ds = base(c);
            moved.add(ds == null || ds.getValue() == null ? original : resolve(tzi, ds, ds.getValue(), s));
        }
        out.addAll(moved);
        return out;
    }

    /**
     * The rule iterated in the series' wall time (UNTIL read in that wall time), each occurrence placed
     * by the VTIMEZONE's observances; the dates come out as instants of the series.
     */
    private static java.util.Iterator<Date> localIterator(biweekly.util.Recurrence r, biweekly.util.DateTimeComponents raw, Series s) {
        TimeZone utc = TimeZone.getTimeZone("UTC");
        LocalDateTime start = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(), raw.getSecond());
        if (r.getUntil() != null && r.getUntil().hasTime()) {
            LocalDateTime until = s.rules().local(r.getUntil().toInstant());
            r = new biweekly.util.Recurrence.Builder(r).until(Date.from(until.toInstant(java.time.ZoneOffset.UTC)), true).build();
        }
        RecurrenceIterator ri = Google2445Utils.createRecurrenceIterator(r,
                new ICalDate(Date.from(start.toInstant(java.time.ZoneOffset.UTC)), true), utc);
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return ri.hasNext();
            }

            @Override
            public Date next() {
                LocalDateTime l = LocalDateTime.ofInstant(Google2445Utils.convert(ri.next(), utc).toInstant(), java.time.ZoneOffset.UTC);
                return Date.from(s.rules().wall(l));
            }
        };
    }

    /** Counts per status and reason, for the report. */
    static Map<String, Integer> summary(List<Outcome> all) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Status0 s : Status0.values()) {
            for (Outcome x : all) {
                if (x.status() == s) {
                    m.merge(s + (x.reason().isEmpty() ? "" : ": " + x.reason()), 1, Integer::sum);
                }
            }
        }
        return m;
    }
}
