package org.hearthsync.activesync.internal.device;

import java.util.ArrayList;
import java.util.List;

/** Joins string fields (nullable) into one stored string and back. Values never hold control characters. */
final class Fields {
    private static final char SEPARATOR = '\u001f';
    private static final String NULL = "\u0000";

    private Fields() {
    }

    static String join(String... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(SEPARATOR);
            }
            sb.append(values[i] == null ? NULL : clean(values[i], Integer.MAX_VALUE));
        }
        return sb.toString();
    }

    static List<String> split(String stored) {
        List<String> out = new ArrayList<>();
        for (String s : stored.split(String.valueOf(SEPARATOR), -1)) {
            out.add(NULL.equals(s) ? null : s);
        }
        return out;
    }

    /** Drops control characters and bounds the length; {@code null} stays {@code null}. */
    static String clean(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 64));
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char ch = s.charAt(i);
            if (!Character.isISOControl(ch)) {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
