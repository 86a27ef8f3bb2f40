package org.hearthsync.pim.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.hearthsync.pim.MappingException;

/**
 * The Win32 TIME_ZONE_INFORMATION structure EAS sends base64-encoded in {@code Calendar:Timezone}
 * (MS-ASCAL 2.2.2.42): 172 bytes, little-endian. Bias values are minutes with UTC = local + bias.
 */
record TimeZoneStruct(int bias, String standardName, SysTime standardDate, int standardBias, String daylightName,
        SysTime daylightDate, int daylightBias) implements WallClock {

    static final int SIZE = 172;

    /** A SYSTEMTIME used as a transition rule: day 1-5 is the week of the month (5 = last) unless year is set. */
    record SysTime(int year, int month, int dayOfWeek, int day, int hour, int minute, int second, int millis) {
        static final SysTime NONE = new SysTime(0, 0, 0, 0, 0, 0, 0, 0);

        boolean isSet() {
            return month != 0;
        }
    }

    static TimeZoneStruct decode(String base64) throws MappingException {
        byte[] b;
        try {
            b = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new MappingException("Calendar:Timezone is not base64");
        }
        if (b.length != SIZE) {
            throw new MappingException("Calendar:Timezone is " + b.length + " bytes, not " + SIZE);
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int bias = buf.getInt();
        String sn = name(buf);
        SysTime sd = sysTime(buf);
        int sb = buf.getInt();
        String dn = name(buf);
        SysTime dd = sysTime(buf);
        int db = buf.getInt();
        TimeZoneStruct s = new TimeZoneStruct(bias, sn, sd, sb, dn, dd, db);
        if (Math.abs(bias) > 16 * 60 || Math.abs(db) > 16 * 60 || Math.abs(sb) > 16 * 60
                || (sd.isSet() && !valid(sd)) || (dd.isSet() && !valid(dd))) {
            throw new MappingException("Calendar:Timezone holds impossible values: " + s);
        }
        return s;
    }

    private static boolean valid(SysTime t) {
        return t.month >= 1 && t.month <= 12 && t.dayOfWeek >= 0 && t.dayOfWeek <= 6 && t.day >= 1 && t.day <= 31
                && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59;
    }

    private static String name(ByteBuffer buf) {
        byte[] raw = new byte[64];
        buf.get(raw);
        String s = new String(raw, StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static SysTime sysTime(ByteBuffer buf) {
        return new SysTime(buf.getShort() & 0xffff, buf.getShort() & 0xffff, buf.getShort() & 0xffff, buf.getShort() & 0xffff,
                buf.getShort() & 0xffff, buf.getShort() & 0xffff, buf.getShort() & 0xffff, buf.getShort() & 0xffff);
    }

    String encode() {
        ByteBuffer buf = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(bias);
        putName(buf, standardName);
        putSysTime(buf, standardDate);
        buf.putInt(standardBias);
        putName(buf, daylightName);
        putSysTime(buf, daylightDate);
        buf.putInt(daylightBias);
        return Base64.getEncoder().encodeToString(buf.array());
    }

    private static void putName(ByteBuffer buf, String name) {
        byte[] raw = new byte[64];
        String n = name == null ? "" : name.length() > 31 ? name.substring(0, 31) : name;
        byte[] enc = n.getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(enc, 0, raw, 0, Math.min(enc.length, 62));
        buf.put(raw);
    }

    private static void putSysTime(ByteBuffer buf, SysTime t) {
        for (int v : new int[] { t.year, t.month, t.dayOfWeek, t.day, t.hour, t.minute, t.second, t.millis }) {
            buf.putShort((short) v);
        }
    }

    boolean hasDst() {
        return standardDate.isSet() && daylightDate.isSet();
    }

    /** Same offsets and transitions; names do not matter. */
    boolean sameRules(TimeZoneStruct o) {
        if (bias + standardBias != o.bias + o.standardBias || hasDst() != o.hasDst()) {
            return false;
        }
        if (!hasDst()) {
            return true;
        }
        return bias + daylightBias == o.bias + o.daylightBias && sameRule(standardDate, o.standardDate)
                && sameRule(daylightDate, o.daylightDate);
    }

    private static boolean sameRule(SysTime a, SysTime b) {
        return a.month == b.month && a.dayOfWeek == b.dayOfWeek && a.day == b.day && a.hour == b.hour && a.minute == b.minute
                && a.year == b.year;
    }

    /** UTC offset in seconds at an instant. */
    int offsetSeconds(Instant t) {
        int std = -(bias + standardBias) * 60;
        if (!hasDst()) {
            return std;
        }
        int dst = -(bias + daylightBias) * 60;
        int year = LocalDateTime.ofInstant(t, ZoneOffset.UTC).getYear();
        Instant start = transition(year, daylightDate).toInstant(ZoneOffset.ofTotalSeconds(std));
        Instant end = transition(year, standardDate).toInstant(ZoneOffset.ofTotalSeconds(dst));
        boolean inDst = start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
        return inDst ? dst : std;
    }

    /** The wall time at an instant, by this struct's rules (what a phone shows). */
    @Override
    public LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.ofTotalSeconds(offsetSeconds(t)));
    }

    /** The instant of a wall time by this struct's rules: a gap moves forward, an overlap takes the earlier instant. */
    @Override
    public Instant utc(LocalDateTime local) {
        int std = -(bias + standardBias) * 60;
        if (!hasDst()) {
            return local.toInstant(ZoneOffset.ofTotalSeconds(std));
        }
        int dst = -(bias + daylightBias) * 60;
        Instant asStd = local.toInstant(ZoneOffset.ofTotalSeconds(std));
        Instant asDst = local.toInstant(ZoneOffset.ofTotalSeconds(dst));
        boolean stdOk = offsetSeconds(asStd) == std;
        boolean dstOk = offsetSeconds(asDst) == dst;
        if (stdOk && dstOk) {
            return asStd.isBefore(asDst) ? asStd : asDst;
        }
        if (stdOk || dstOk) {
            return stdOk ? asStd : asDst;
        }
        return local.toInstant(ZoneOffset.ofTotalSeconds(Math.min(std, dst)));
    }

    /** The UTC instants at which the offset changes in a year (for zone matching). */
    List<Instant> transitions(int year) {
        List<Instant> out = new ArrayList<>();
        if (hasDst()) {
            int std = -(bias + standardBias) * 60;
            int dst = -(bias + daylightBias) * 60;
            out.add(transition(year, daylightDate).toInstant(ZoneOffset.ofTotalSeconds(std)));
            out.add(transition(year, standardDate).toInstant(ZoneOffset.ofTotalSeconds(dst)));
        }
        return out;
    }

    /** The local wall time of a rule's transition in a year. */
    static LocalDateTime transition(int year, SysTime t) {
        LocalDate date;
        if (t.year != 0) {
            date = LocalDate.of(year, t.month, Math.min(t.day, Month.of(t.month).length(java.time.Year.isLeap(year))));
        } else {
            DayOfWeek dow = t.dayOfWeek == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(t.dayOfWeek);
            LocalDate first = LocalDate.of(year, t.month, 1).with(TemporalAdjusters.firstInMonth(dow));
            date = first.plusWeeks(t.day - 1L);
            if (t.day >= 5 || date.getMonthValue() != t.month) {
                date = LocalDate.of(year, t.month, 1).with(TemporalAdjusters.lastInMonth(dow));
            }
        }
        return date.atStartOfDay().plusHours(t.hour).plusMinutes(t.minute).plusSeconds(t.second)
                .plusNanos(t.millis * 1_000_000L);
    }

    /** The structure for an IANA zone, with the rules in force in {@code year}. The IANA id is the name, so a phone echoing it back is matched exactly. */
    static TimeZoneStruct of(ZoneId zone, int year) {
        ZoneRules rules = zone.getRules();
        Instant mid = LocalDate.of(year, 7, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant jan = LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        int stdOffset = Math.min(rules.getStandardOffset(mid).getTotalSeconds(), rules.getStandardOffset(jan).getTotalSeconds());
        int bias = -stdOffset / 60;
        String name = zone.getId();
        ZoneOffsetTransition toDst = null;
        ZoneOffsetTransition toStd = null;
        Instant from = jan.minusSeconds(1);
        Instant stop = LocalDate.of(year + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (ZoneOffsetTransition tr = rules.nextTransition(from); tr != null && tr.getInstant().isBefore(stop);
                tr = rules.nextTransition(tr.getInstant())) {
            if (rules.isDaylightSavings(tr.getInstant())) {
                toDst = toDst == null ? tr : toDst;
            } else if (toStd == null) {
                toStd = tr;
            }
        }
        if (toDst == null || toStd == null) {
            int off = rules.getOffset(mid).getTotalSeconds();
            return new TimeZoneStruct(-off / 60, name, SysTime.NONE, 0, name, SysTime.NONE, 0);
        }
        int stdSecs = toStd.getOffsetAfter().getTotalSeconds();
        int dstSecs = toDst.getOffsetAfter().getTotalSeconds();
        return new TimeZoneStruct(-stdSecs / 60, name, rule(toStd, rules), 0, name, rule(toDst, rules),
                -(dstSecs - stdSecs) / 60);
    }

    private static SysTime rule(ZoneOffsetTransition tr, ZoneRules rules) {
        LocalDateTime before = tr.getDateTimeBefore();
        int week = (before.getDayOfMonth() - 1) / 7 + 1;
        boolean last = before.getDayOfMonth() + 7 > before.toLocalDate().lengthOfMonth();
        for (ZoneOffsetTransitionRule r : rules.getTransitionRules()) {
            if (r.getMonth() == before.getMonth() && r.getDayOfWeek() != null) {
                last = r.getDayOfMonthIndicator() < 0 || r.getDayOfMonthIndicator() > before.toLocalDate().lengthOfMonth() - 7;
            }
        }
        return new SysTime(0, before.getMonthValue(), before.getDayOfWeek().getValue() % 7, last ? 5 : week,
                before.getHour(), before.getMinute(), before.getSecond(), 0);
    }
}
