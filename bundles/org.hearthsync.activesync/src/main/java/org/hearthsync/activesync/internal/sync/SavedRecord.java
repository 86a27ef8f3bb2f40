package org.hearthsync.activesync.internal.sync;

import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one text layout of every record the sync engine saves (since format 2 of the sync state): a marker
 * character, the record's kind letter and format version, then typed fields, each written as its
 * length in characters, a colon and the characters. A reader takes fields in order and checks every
 * length against what is left before taking anything, so a truncated, foreign or hostile value fails
 * with one {@link BadRecord} and never makes it allocate what a value claims. Legacy values (formats 1
 * and 2, positional strings) never start with the marker, which is how the migration tells them apart.
 */
public final class SavedRecord {
    private static final Logger LOG = LoggerFactory.getLogger(SavedRecord.class);
    /** Starts every value of format 2; no user name, id or format-1 value begins with it. */
    static final char MARK = '\u0002';
    /** Longest length prefix read: beyond it no value of ours can be, whatever the claim. */
    private static final int MAX_DIGITS = 10;

    private SavedRecord() {
    }

    /** A saved value that cannot be read: truncated, of another kind or version, or not a record at all. */
    public static final class BadRecord extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadRecord(String message) {
            super(message);
        }
    }

    /**
     * A stored value read for a listing or a decision: {@code null} when absent or unreadable (logged at
     * DEBUG with its map and key), so one bad entry never hides the others.
     */
    static <T> T readOrSkip(Function<String, T> decode, String map, String key, String value) {
        if (value == null) {
            return null;
        }
        try {
            return decode.apply(value);
        } catch (BadRecord e) {
            LOG.debug("{} entry {} unreadable, skipped: {}", map, key, e.getMessage());
            return null;
        }
    }

    /** Whether a value is in the typed layout (otherwise a legacy one for the migration). */
    static boolean typed(String v) {
        return v != null && !v.isEmpty() && v.charAt(0) == MARK;
    }

    /** Writes one record's fields. */
    static final class Writer {
        private final StringBuilder sb = new StringBuilder();

        Writer(char kind, int version) {
            sb.append(MARK).append(kind).append(version).append(';');
        }

        Writer str(String s) {
            String v = s == null ? "" : s;
            sb.append(v.length()).append(':').append(v);
            return this;
        }

        /** A string that may be absent: a flag then the value. */
        Writer opt(String s) {
            num(s == null ? 0 : 1);
            return s == null ? this : str(s);
        }

        Writer num(long n) {
            return str(Long.toString(n));
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    /** Reads one record's fields in the order they were written. */
    static final class Reader {
        private final String v;
        private int at;

        /** Checks the marker, the kind and the version; {@code version} is the only one this build reads. */
        Reader(String v, char kind, int version) {
            if (v == null) {
                throw new BadRecord("no value");
            }
            this.v = v;
            String head = "" + MARK + kind + version + ';';
            if (!v.startsWith(head)) {
                throw new BadRecord(typed(v) && v.length() > 1 && v.charAt(1) == kind
                        ? "record of kind " + kind + " in an unknown version" : "not a record of kind " + kind);
            }
            at = head.length();
        }

        String str() {
            int colon = -1;
            for (int i = at; i < v.length() && i <= at + MAX_DIGITS; i++) {
                if (v.charAt(i) == ':') {
                    colon = i;
                    break;
                }
                if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                    throw new BadRecord("bad field length at " + i);
                }
            }
            if (colon <= at) {
                throw new BadRecord("truncated or bad field length at " + at);
            }
            long len = Long.parseLong(v, at, colon, 10);
            if (len > v.length() - colon - 1) {
                throw new BadRecord("field claims " + len + " characters, " + (v.length() - colon - 1) + " left");
            }
            at = colon + 1 + (int) len;
            return v.substring(colon + 1, at);
        }

        String opt() {
            long flag = num();
            if (flag != 0 && flag != 1) {
                throw new BadRecord("bad presence flag " + flag);
            }
            return flag == 0 ? null : str();
        }

        long num() {
            return number(str());
        }

        int integer() {
            long n = num();
            if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                throw new BadRecord("number out of range: " + n);
            }
            return (int) n;
        }

        /** A count of following entries: never more than the characters left could hold (each takes at least 2). */
        int count() {
            int n = integer();
            if (n < 0 || n > (v.length() - at) / 2) {
                throw new BadRecord("count " + n + " larger than the record");
            }
            return n;
        }

        /** The record must end here: trailing data means it is not what we think. */
        void end() {
            if (at != v.length()) {
                throw new BadRecord("trailing data after the record");
            }
        }
    }

    /** A decimal number of a legacy or typed value, as a {@link BadRecord} when it is none. */
    static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new BadRecord("not a number: " + (s.length() > 20 ? s.substring(0, 20) + "..." : s));
        }
    }

    static int integer(String s) {
        long n = number(s);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new BadRecord("number out of range: " + n);
        }
        return (int) n;
    }

    /** Splits a legacy value as format 1 wrote it ({@code limit} as for {@link String#split}); fewer than {@code min} fields fail. */
    static String[] legacyFields(String v, char sep, int min, int limit) {
        if (v == null) {
            throw new BadRecord("no value");
        }
        String[] f = v.split(String.valueOf(sep), limit);
        if (f.length < min) {
            throw new BadRecord("legacy record with " + f.length + " fields, expected at least " + min);
        }
        return f;
    }
}
