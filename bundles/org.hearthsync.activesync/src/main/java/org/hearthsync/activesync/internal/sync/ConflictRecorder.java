package org.hearthsync.activesync.internal.sync;

import java.time.Clock;

/**
 * Conflicts of one run: the losing version goes to the conflict journal (the user can restore it
 * from the console), and the tally counts it.
 */
record ConflictRecorder(FolderScope scope, SyncStateStore journal, Clock clock, SyncTally tally) {

    /** {@code loserText} or {@code winnerText} {@code null}: that side deleted the item. */
    void record(String name, String winner, String loserText, String winnerText) {
        tally.conflict();
        FolderState s = scope.state();
        journal.journal(s.user(), s.device(), s.folderId(), name, winner, loserText, clock.millis(), scope.target().storeName(),
                scope.collection(), winnerText == null ? "(deleted)" : Summary.of(winnerText));
    }
}
