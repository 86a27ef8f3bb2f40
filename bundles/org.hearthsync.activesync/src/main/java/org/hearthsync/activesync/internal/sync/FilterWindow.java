package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.wbxml.Element;

/**
 * The folder's FilterType window (MS-ASCMD 2.2.3.68.2): which items a filtered Calendar (past days)
 * or Tasks folder (incomplete only) shows, and when the window moved so every item must be looked at
 * again. Reads the folder's current filter each time (GetItemEstimate may change it in between).
 */
record FilterWindow(DataClass dataClass, FolderState state, Clock clock) {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Whether the folder's filter leaves items out. */
    boolean filtered() {
        return (dataClass == DataClass.CALENDAR && state.filterType() >= 1 && state.filterType() <= 7)
                || (dataClass == DataClass.TASKS && state.filterType() == 8);
    }

    /** Whether the window moved or changed (or was removed) since the last rescan. */
    boolean rescanDue() {
        return filtered() ? state.filterType() != state.rescanFilter() || today() != state.rescanDay() : state.rescanFilter() != 0;
    }

    long today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
    }

    /** Whether an item lies in the window. */
    boolean contains(Element data) {
        if (dataClass == DataClass.TASKS) {
            return !"1".equals(data.childText("Tasks", "Complete"));
        }
        int days = switch (state.filterType()) {
            case 1 -> 1;
            case 2 -> 3;
            case 3 -> 7;
            case 4 -> 14;
            case 5 -> 30;
            case 6 -> 90;
            default -> 180;
        };
        Instant start = clock.instant().minus(Duration.ofDays(days));
        Optional<Element> rec = data.child("Calendar", "Recurrence");
        if (rec.isPresent()) {
            Instant until = parseDate(rec.get().childText("Calendar", "Until"));
            return until == null || !until.isBefore(start);
        }
        Instant end = parseDate(data.childText("Calendar", "EndTime"));
        if (end == null) {
            end = parseDate(data.childText("Calendar", "StartTime"));
        }
        return end == null || !end.isBefore(start);
    }

    static Instant parseDate(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return s.contains("-") ? Instant.parse(s) : COMPACT.parse(s, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
