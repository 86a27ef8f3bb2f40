package org.hearthsync.activesync.internal.sync;

/** One item a phone deleted, kept in the recycle bin with its whole content until it expires. */
record BinRecord(String user, String deviceId, String storeName, String collectionId, String name, long timeMillis,
        String content) {
    static final char KIND = 'B';
    static final int VERSION = 1;

    String encode() {
        return new SavedRecord.Writer(KIND, VERSION).str(user).str(deviceId).str(storeName).str(collectionId).str(name)
                .num(timeMillis).str(content).toString();
    }

    static BinRecord decode(String v) {
        SavedRecord.Reader r = new SavedRecord.Reader(v, KIND, VERSION);
        BinRecord b = new BinRecord(r.str(), r.str(), r.str(), r.str(), r.str(), r.num(), r.str());
        r.end();
        return b;
    }

    /** Format 1: six fields and the content (which may hold the separator), joined by U+0001. */
    static BinRecord legacy(String v) {
        String[] f = SavedRecord.legacyFields(v, '\u0001', 7, 7);
        return new BinRecord(f[0], f[1], f[2], f[3], f[4], SavedRecord.number(f[5]), f[6]);
    }
}
