package org.hearthsync.pim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.SimpleTimeZone;
import java.util.TimeZone;

/**
 * A Calendar:Timezone struct as a phone reads it (MS-ASDTYPE 2.7.1, Win32 TIME_ZONE_INFORMATION), decoded here
 * apart from the mapper's own {@code TimeZoneStruct}: the JDK's SimpleTimeZone evaluates its rules (day-of-week in
 * month, week 1-4 or last, wall-clock transition times, as Windows does).
 */
record PhoneZone(String name, boolean hasDst, TimeZone rules) {
    static PhoneZone of(String base64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        int bias = b.getInt();
        String name = name(b);
        short[] std = sysTime(b);
        int stdBias = b.getInt();
        name(b);
        short[] dst = sysTime(b);
        int dstBias = b.getInt();
        int raw = -(bias + stdBias) * 60_000;
        if (std[1] == 0 || dst[1] == 0) {
            return new PhoneZone(name, false, new SimpleTimeZone(raw, name));
        }
        return new PhoneZone(name, true, new SimpleTimeZone(raw, name, dst[1] - 1, week(dst), dst[2] + 1, millis(dst), std[1] - 1,
                week(std), std[2] + 1, millis(std), (stdBias - dstBias) * 60_000));
    }

    private static String name(ByteBuffer b) {
        byte[] raw = new byte[64];
        b.get(raw);
        String s = new String(raw, StandardCharsets.UTF_16LE);
        return s.indexOf('\0') >= 0 ? s.substring(0, s.indexOf('\0')) : s;
    }

    /** wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds. */
    private static short[] sysTime(ByteBuffer b) {
        short[] t = new short[8];
        for (int i = 0; i < 8; i++) {
            t[i] = b.getShort();
        }
        return t;
    }

    private static int week(short[] t) {
        return t[3] >= 5 ? -1 : t[3];
    }

    private static int millis(short[] t) {
        return ((t[4] * 60 + t[5]) * 60 + t[6]) * 1000 + t[7];
    }

    int offsetSeconds(Instant t) {
        return rules.getOffset(t.toEpochMilli()) / 1000;
    }

    LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.ofTotalSeconds(offsetSeconds(t)));
    }

    /** An EAS date-time ({@code 20250115T070000Z} or {@code 2025-01-15T07:00:00.000Z}) as an instant. */
    static Instant instant(String eas) {
        String s = eas.strip();
        if (!s.contains("-")) {
            s = s.substring(0, 4) + "-" + s.substring(4, 6) + "-" + s.substring(6, 11) + ":" + s.substring(11, 13) + ":" + s.substring(13);
        }
        return Instant.parse(s);
    }
}
