package org.hearthsync.ddns.internal;

import java.lang.reflect.Array;
import java.util.StringJoiner;

/** Service and configuration property values as text. */
final class Values {
    private Values() {
    }

    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v.getClass().isArray()) {
            StringJoiner j = new StringJoiner(",", "[", "]");
            for (int i = 0; i < Array.getLength(v); i++) {
                j.add(text(Array.get(v, i)));
            }
            return j.toString();
        }
        return v.toString();
    }

    /** A single string from a property that may be a String, an array or a collection; null when absent. */
    static String first(Object v) {
        if (v == null) {
            return null;
        }
        if (v.getClass().isArray()) {
            return Array.getLength(v) == 0 ? null : first(Array.get(v, 0));
        }
        if (v instanceof Iterable<?> it) {
            for (Object o : it) {
                return first(o);
            }
            return null;
        }
        return v.toString();
    }
}
