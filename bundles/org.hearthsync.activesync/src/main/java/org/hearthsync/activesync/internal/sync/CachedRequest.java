package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.List;

import org.hearthsync.activesync.internal.sync.SavedRecord.BadRecord;

/**
 * A device's last Sync request as kept for the next empty or Partial one (MS-ASCMD 2.2.3.7.1): its
 * window and, per collection, the id, window and GetChanges; {@code null} where the request did not
 * say. The keys are not kept: the folders' current ones are filled in when it is used.
 */
public record CachedRequest(Integer windowSize, List<Collection> collections) {
    static final char KIND = 'Q';
    static final int VERSION = 1;
    /** The kind under which {@link SyncStateStore#deviceValue} keeps it. */
    public static final String DEVICE_KIND = "syncreq";
    /** The first line of the line-based layout of formats 1 and 2. */
    private static final String LEGACY = "sr1";

    /** One collection of the request. */
    public record Collection(String collectionId, Integer windowSize, Boolean getChanges) {
    }

    public CachedRequest {
        collections = List.copyOf(collections);
    }

    public String encode() {
        SavedRecord.Writer w = new SavedRecord.Writer(KIND, VERSION).opt(text(windowSize)).num(collections.size());
        for (Collection c : collections) {
            w.str(c.collectionId()).opt(text(c.windowSize())).opt(c.getChanges() == null ? null : c.getChanges() ? "1" : "0");
        }
        return w.toString();
    }

    /** Reads a record; a value the migration did not convert (formats 1 and 2) is read as such. */
    public static CachedRequest decode(String v) {
        if (!SavedRecord.typed(v)) {
            return legacy(v);
        }
        SavedRecord.Reader r = new SavedRecord.Reader(v, KIND, VERSION);
        Integer window = number(r.opt());
        List<Collection> collections = new ArrayList<>();
        for (int i = 0, n = r.count(); i < n; i++) {
            collections.add(new Collection(r.str(), number(r.opt()), flag(r.opt())));
        }
        r.end();
        return new CachedRequest(window, collections);
    }

    /**
     * Formats 1 and 2: {@code sr1}, then a {@code w} line with the window and a {@code c} line per
     * collection (URL-encoded id, window, GetChanges; {@code -} for absent). Other lines are skipped.
     */
    static CachedRequest legacy(String v) {
        if (v == null) {
            throw new BadRecord("no value");
        }
        String[] lines = v.split("\n");
        if (!LEGACY.equals(lines[0])) {
            throw new BadRecord("not a cached Sync request");
        }
        Integer window = null;
        List<Collection> collections = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            if (f[0].equals("w") && window == null && f.length > 1) {
                window = SavedRecord.integer(lines[i].substring(2).trim());
            } else if (f[0].equals("c") && f.length == 4) {
                collections.add(new Collection(FolderHeader.dec(f[1]), f[2].equals("-") ? null : SavedRecord.integer(f[2]),
                        f[3].equals("-") ? null : f[3].equals("1")));
            }
        }
        return new CachedRequest(window, collections);
    }

    private static String text(Integer n) {
        return n == null ? null : n.toString();
    }

    private static Integer number(String s) {
        return s == null ? null : SavedRecord.integer(s);
    }

    private static Boolean flag(String s) {
        if (s != null && !s.equals("0") && !s.equals("1")) {
            throw new BadRecord("bad GetChanges flag");
        }
        return s == null ? null : s.equals("1");
    }
}
