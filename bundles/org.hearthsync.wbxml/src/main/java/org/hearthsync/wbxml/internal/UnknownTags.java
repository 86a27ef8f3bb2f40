package org.hearthsync.wbxml.internal;

/**
 * Names for tags the code page tables do not define, when the reader is told to keep them:
 * {@code unknown:0xNN}. The writer parses the same form back, so such trees round-trip.
 */
public final class UnknownTags {
    private static final String PREFIX = "unknown:0x";
    private static final String[] NAMES = new String[64];

    static {
        for (int t = 0; t < NAMES.length; t++) {
            NAMES[t] = String.format("%s%02x", PREFIX, t);
        }
    }

    private UnknownTags() {
    }

    public static String name(int token) {
        return NAMES[token & 0x3F];
    }

    /** The token of an {@code unknown:0xNN} name, or -1 when {@code name} is not one. */
    public static int token(String name) {
        if (name.length() != PREFIX.length() + 2 || !name.startsWith(PREFIX)) {
            return -1;
        }
        try {
            int t = Integer.parseInt(name.substring(PREFIX.length()), 16);
            return t >= 0x05 && t <= 0x3F ? t : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
