package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A short, display-only excerpt of a vCard or iCalendar item: a few identifying fields. */
public final class Summary {
    private static final List<String> FIELDS = List.of("FN", "SUMMARY", "ORG", "EMAIL", "TEL", "DTSTART", "DUE", "LOCATION");
    private static final Set<String> SKIP = Set.of("BEGIN", "END", "VERSION", "PRODID");
    static final int MAX = 160;

    private Summary() {
    }

    public static String of(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String unfolded = text.replace("\r\n ", "").replace("\n ", "").replace("\r\n\t", "").replace("\n\t", "");
        String[] found = new String[FIELDS.size()];
        for (String line : unfolded.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon);
            int semi = key.indexOf(';');
            String prop = (semi >= 0 ? key.substring(0, semi) : key).toUpperCase(Locale.ROOT);
            int dot = prop.indexOf('.');
            prop = dot >= 0 ? prop.substring(dot + 1) : prop;
            int idx = FIELDS.indexOf(prop);
            if (idx >= 0 && found[idx] == null && !SKIP.contains(prop)) {
                found[idx] = line.substring(colon + 1).replace("\\,", ",").replace("\\;", ";").replace("\\n", " ").strip();
            }
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < found.length && parts.size() < 3; i++) {
            if (found[i] != null && !found[i].isEmpty()) {
                parts.add(FIELDS.get(i).toLowerCase(Locale.ROOT) + ": " + found[i]);
            }
        }
        String s = String.join(" \u00b7 ", parts);
        return s.length() > MAX ? s.substring(0, MAX - 1) + "\u2026" : s;
    }
}
