package org.hearthsync.store.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares vCard/iCalendar text as a server that re-serialises it may return it: unfolded, line endings and
 * the order of properties ignored (Radicale reorders DTSTAMP), every property line kept.
 */
final class DavContent {

    private DavContent() {
    }

    static void assertSame(String expected, String actual) {
        assertEquals(normalise(expected), normalise(actual), "stored content differs");
    }

    static List<String> normalise(String text) {
        String unfolded = text.replace("\r\n", "\n").replace("\n ", "").replace("\n\t", "");
        List<String> lines = new ArrayList<>();
        for (String line : unfolded.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        lines.sort(null);
        return lines;
    }
}
