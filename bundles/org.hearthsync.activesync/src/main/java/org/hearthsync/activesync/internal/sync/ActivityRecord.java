package org.hearthsync.activesync.internal.sync;

import org.hearthsync.activesync.internal.sync.SavedRecord.BadRecord;

/**
 * One line of the activity journal: what one Sync (or a console import) did to one folder. The
 * counts are in the order of {@link org.hearthsync.api.sync.ActivityJournal.Activity}.
 */
record ActivityRecord(String user, String deviceId, String folderId, String folderName, long timeMillis, int[] counts) {
    static final char KIND = 'A';
    static final int VERSION = 1;
    static final int COUNTS = 8;

    ActivityRecord {
        if (counts.length != COUNTS) {
            throw new BadRecord("an activity has " + COUNTS + " counts, not " + counts.length);
        }
    }

    String encode() {
        SavedRecord.Writer w = new SavedRecord.Writer(KIND, VERSION).str(user).str(deviceId).str(folderId).str(folderName)
                .num(timeMillis);
        for (int c : counts) {
            w.num(c);
        }
        return w.toString();
    }

    static ActivityRecord decode(String v) {
        SavedRecord.Reader r = new SavedRecord.Reader(v, KIND, VERSION);
        String user = r.str();
        String device = r.str();
        String folder = r.str();
        String name = r.str();
        long time = r.num();
        int[] c = new int[COUNTS];
        for (int i = 0; i < COUNTS; i++) {
            c[i] = r.integer();
        }
        r.end();
        return new ActivityRecord(user, device, folder, name, time, c);
    }

    /** Format 1: user, device, folder, name, time, then the eight counts, joined by U+0001. */
    static ActivityRecord legacy(String v) {
        String[] f = SavedRecord.legacyFields(v, '\u0001', 5 + COUNTS, -1);
        if (f.length != 5 + COUNTS) {
            throw new BadRecord("legacy activity with " + f.length + " fields");
        }
        int[] c = new int[COUNTS];
        for (int i = 0; i < COUNTS; i++) {
            c[i] = SavedRecord.integer(f[5 + i]);
        }
        return new ActivityRecord(f[0], f[1], f[2], f[3], SavedRecord.number(f[4]), c);
    }
}
