package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.List;

import org.hearthsync.activesync.internal.sync.DeleteGuard.HeldItem;
import org.hearthsync.activesync.internal.sync.SavedRecord.BadRecord;

/**
 * One batch of deletes the mass-deletion guard holds: {@code rejected} once the user said no (the
 * phone then gets the items back), the folder as the phone knows it, where the items live, and each
 * item the phone dropped with the etag it knew.
 */
record HeldRecord(boolean rejected, String user, String deviceId, String folderId, String folderName, String storeName,
        String collectionId, long timeMillis, int folderSize, List<HeldItem> items) {
    static final char KIND = 'H';
    static final int VERSION = 1;
    private static final String HELD = "held";
    private static final String REJECTED = "rejected";

    HeldRecord {
        items = List.copyOf(items);
    }

    HeldRecord reject() {
        return new HeldRecord(true, user, deviceId, folderId, folderName, storeName, collectionId, timeMillis, folderSize, items);
    }

    String encode() {
        SavedRecord.Writer w = new SavedRecord.Writer(KIND, VERSION).str(rejected ? REJECTED : HELD).str(user).str(deviceId)
                .str(folderId).str(folderName).str(storeName).str(collectionId).num(timeMillis).num(folderSize).num(items.size());
        for (HeldItem h : items) {
            w.str(h.sid()).str(h.name()).str(h.etag());
        }
        return w.toString();
    }

    static HeldRecord decode(String v) {
        SavedRecord.Reader r = new SavedRecord.Reader(v, KIND, VERSION);
        boolean rejected = state(r.str());
        String user = r.str();
        String device = r.str();
        String folder = r.str();
        String name = r.str();
        String store = r.str();
        String collection = r.str();
        long time = r.num();
        int size = r.integer();
        int n = r.count();
        List<HeldItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new HeldItem(r.str(), r.str(), r.str()));
        }
        r.end();
        return new HeldRecord(rejected, user, device, folder, name, store, collection, time, size, items);
    }

    private static boolean state(String s) {
        return switch (s) {
            case HELD -> false;
            case REJECTED -> true;
            default -> throw new BadRecord("unknown held state " + (s.length() > 20 ? s.substring(0, 20) : s));
        };
    }

    /** Format 1: a head line (state and eight fields joined by U+0001), then one line per item: sid, name, etag. */
    static HeldRecord legacy(String v) {
        if (v == null) {
            throw new BadRecord("no value");
        }
        String[] lines = v.split("\n");
        String[] h = SavedRecord.legacyFields(lines[0], '\u0001', 9, -1);
        List<HeldItem> items = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = SavedRecord.legacyFields(lines[i], '\u0001', 3, -1);
            items.add(new HeldItem(f[0], f[1], f[2]));
        }
        return new HeldRecord(state(h[0]), h[1], h[2], h[3], h[4], h[5], h[6], SavedRecord.number(h[7]),
                SavedRecord.integer(h[8]), items);
    }
}
