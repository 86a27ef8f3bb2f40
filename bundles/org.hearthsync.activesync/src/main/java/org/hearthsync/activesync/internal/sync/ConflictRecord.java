package org.hearthsync.activesync.internal.sync;

import org.hearthsync.activesync.internal.sync.SavedRecord.BadRecord;

/**
 * The losing side of one conflict, with where it lived so it can be written back: {@code winner} is
 * {@code server} or {@code client}; time, store and collection are 0 and empty for entries of the
 * oldest engines, which kept no more (those cannot be restored).
 */
record ConflictRecord(String user, String deviceId, String folderId, String name, String winner, String loserText,
        long timeMillis, String storeName, String collectionId, String winnerSummary) {
    static final char KIND = 'C';
    static final int VERSION = 1;

    /** Whether the loser can be written back: its text and its collection are known. */
    boolean restorable() {
        return !loserText.isEmpty() && !storeName.isEmpty();
    }

    String encode() {
        return new SavedRecord.Writer(KIND, VERSION).str(user).str(deviceId).str(folderId).str(name).str(winner)
                .str(loserText).num(timeMillis).str(storeName).str(collectionId).str(winnerSummary).toString();
    }

    static ConflictRecord decode(String v) {
        SavedRecord.Reader r = new SavedRecord.Reader(v, KIND, VERSION);
        ConflictRecord c = new ConflictRecord(r.str(), r.str(), r.str(), r.str(), r.str(), r.str(), r.num(), r.str(), r.str(),
                r.str());
        r.end();
        return c;
    }

    /** Format 1: six fields (oldest engines) or ten, joined by U+0001. */
    static ConflictRecord legacy(String v) {
        String[] f = SavedRecord.legacyFields(v, '\u0001', 6, -1);
        if (f.length >= 10) {
            return new ConflictRecord(f[0], f[1], f[2], f[3], f[4], f[5], SavedRecord.number(f[6]), f[7], f[8], f[9]);
        }
        if (f.length != 6) {
            throw new BadRecord("legacy conflict with " + f.length + " fields");
        }
        return new ConflictRecord(f[0], f[1], f[2], f[3], f[4], f[5], 0L, "", "", "");
    }
}
