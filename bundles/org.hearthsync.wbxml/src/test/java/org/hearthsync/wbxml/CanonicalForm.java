package org.hearthsync.wbxml;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Explains why a source encoder's bytes differ from ours for the same tree, by scanning the
 * source for the non-canonical constructs WBXML allows. Returns null when the bytes are equal.
 */
final class CanonicalForm {
    private CanonicalForm() {
    }

    static String whyDifferent(byte[] source, byte[] ours) {
        if (Arrays.equals(source, ours)) {
            return null;
        }
        Set<String> reasons = new LinkedHashSet<>();
        if (source.length < 4 || source[3] != 0) {
            reasons.add("non-empty string table");
        }
        int page = 0;
        int i = 4 + (source.length > 3 ? source[3] & 0xFF : 0);
        while (i < source.length) {
            int t = source[i] & 0xFF;
            switch (t) {
                case 0x00 -> {
                    int next = i + 1 < source.length ? source[i + 1] & 0xFF : -1;
                    if (next == page) {
                        reasons.add("redundant SWITCH_PAGE to the current page");
                    }
                    page = next;
                    if (i + 2 < source.length && (source[i + 2] & 0xFF) == 0x00) {
                        reasons.add("consecutive SWITCH_PAGEs");
                    }
                    i += 2;
                }
                case 0x03 -> {
                    i++;
                    while (i < source.length && source[i] != 0) {
                        i++;
                    }
                    i++;
                }
                case 0x83 -> {
                    reasons.add("STR_T string-table references");
                    i = skipMb(source, i + 1);
                }
                case 0xC3 -> {
                    int[] len = readMb(source, i + 1);
                    i = len[1] + len[0];
                }
                default -> {
                    if ((t & 0x40) != 0 && i + 1 < source.length && (source[i + 1] & 0xFF) == 0x01) {
                        reasons.add("empty element written with content bit and END");
                    }
                    i++;
                }
            }
        }
        if (reasons.isEmpty()) {
            reasons.add("other (first difference at byte " + mismatch(source, ours) + ")");
        }
        return String.join("; ", reasons);
    }

    private static int mismatch(byte[] a, byte[] b) {
        return Arrays.mismatch(a, b);
    }

    private static int skipMb(byte[] b, int i) {
        while (i < b.length && (b[i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    private static int[] readMb(byte[] b, int i) {
        int v = 0;
        while (i < b.length && (b[i] & 0x80) != 0) {
            v = (v << 7) | (b[i] & 0x7F);
            i++;
        }
        if (i < b.length) {
            v = (v << 7) | (b[i] & 0x7F);
        }
        return new int[] {v, i + 1};
    }
}
