package org.hearthsync.activesync.internal.sync;

import org.hearthsync.activesync.internal.sync.SavedRecord.BadRecord;

/**
 * What the phone holds for one ServerId: the store resource's name and the etag last sent or written.
 * The value of the sync state's {@code items} map ({@link ItemMap}) and of an undo entry's "before".
 */
public record ItemEntry(String name, String etag) {
    static final char KIND = 'I';
    static final int VERSION = 1;
    /** Separates etag and name in the positional layout of formats 1 and 2. */
    private static final char LEGACY_SEP = '\u0001';

    String encode() {
        return new SavedRecord.Writer(KIND, VERSION).str(etag).str(name).toString();
    }

    /** Reads an entry; a value the migration did not convert (formats 1 and 2) is read as such. */
    static ItemEntry decode(String v) {
        if (!SavedRecord.typed(v)) {
            return legacy(v);
        }
        SavedRecord.Reader r = new SavedRecord.Reader(v, KIND, VERSION);
        String etag = r.str();
        String name = r.str();
        r.end();
        return new ItemEntry(name, etag);
    }

    /** Formats 1 and 2: {@code etag U+0001 name} (an etag never holds U+0001; a name may). */
    static ItemEntry legacy(String v) {
        int i = v == null ? -1 : v.indexOf(LEGACY_SEP);
        if (i < 0) {
            throw new BadRecord("item entry without its separator");
        }
        return new ItemEntry(v.substring(i + 1), v.substring(0, i));
    }
}
