package org.hearthsync.activesync.internal.sync;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hearthsync.activesync.internal.sync.ClientAdds.ClientAdd;
import org.hearthsync.activesync.internal.sync.UndoLog.Undo;
import org.hearthsync.activesync.internal.sync.SavedRecord.BadRecord;

/**
 * The saved header of one folder's sync state ({@link FolderState} holds it while a request runs):
 * the key (epoch, counter, previous counter), the store token, id and queue counters, the options
 * last sent, the last rescan, the undo log of the last response and the recent client Adds.
 * {@code supported} is {@code null} when the phone never sent a Supported list.
 */
record FolderHeader(long epoch, int n, int prevN, String token, long nextId, long nextSeq, int filterType, int bodyType,
        int truncation, int conflict, Set<String> supported, long rescanDay, int rescanFilter, List<Undo> pending,
        Map<String, ClientAdd> clientIds) {
    static final char KIND = 'F';
    static final int VERSION = 1;
    /** The first line of a format-1 header. */
    static final String LEGACY = "ss1";

    String encode() {
        SavedRecord.Writer w = new SavedRecord.Writer(KIND, VERSION).num(epoch).num(n).num(prevN).opt(token).num(nextId)
                .num(nextSeq).num(filterType).num(bodyType).num(truncation).num(conflict).num(rescanDay).num(rescanFilter)
                .num(supported == null ? -1 : supported.size());
        if (supported != null) {
            supported.forEach(w::str);
        }
        w.num(pending.size());
        for (Undo u : pending) {
            w.str(u.sid()).str(u.name()).opt(u.before() == null ? null : u.before().name())
                    .opt(u.before() == null ? null : u.before().etag());
        }
        w.num(clientIds.size());
        clientIds.forEach((cid, c) -> w.str(cid).str(c.sid()).num(c.generation()));
        return w.toString();
    }

    static FolderHeader decode(String v) {
        if (v != null && v.startsWith(LEGACY + "\n")) {
            return legacy(v);
        }
        SavedRecord.Reader r = new SavedRecord.Reader(v, KIND, VERSION);
        long epoch = r.num();
        int n = r.integer();
        int prevN = r.integer();
        String token = r.opt();
        long nextId = r.num();
        long nextSeq = r.num();
        int filter = r.integer();
        int body = r.integer();
        int trunc = r.integer();
        int conflict = r.integer();
        long rescanDay = r.num();
        int rescanFilter = r.integer();
        int nSupported = r.integer();
        Set<String> supported = null;
        if (nSupported >= 0) {
            supported = new LinkedHashSet<>();
            for (int i = 0, m = checked(r, nSupported); i < m; i++) {
                supported.add(r.str());
            }
        }
        List<Undo> pending = new ArrayList<>();
        for (int i = 0, m = r.count(); i < m; i++) {
            String sid = r.str();
            String name = r.str();
            String beforeName = r.opt();
            String beforeEtag = r.opt();
            pending.add(new Undo(sid, name, beforeName == null ? null : new ItemEntry(beforeName, beforeEtag == null ? "" : beforeEtag)));
        }
        Map<String, ClientAdd> cids = new LinkedHashMap<>();
        for (int i = 0, m = r.count(); i < m; i++) {
            cids.put(r.str(), new ClientAdd(r.str(), r.integer()));
        }
        r.end();
        return new FolderHeader(epoch, n, prevN, token, nextId, nextSeq, filter, body, trunc, conflict, supported, rescanDay,
                rescanFilter, pending, cids);
    }

    private static int checked(SavedRecord.Reader r, int claimed) {
        // the count was read as a plain number (it may be -1 for "none"): bound it like any count
        if (claimed > 100_000) {
            throw new BadRecord("count " + claimed + " larger than any header");
        }
        return claimed;
    }

    /**
     * Format 1 ({@code ss1}): one line per field, a name and its URL-encoded value; {@code p} lines are
     * the undo log (sid, name, {@code -} or the entry before as etag U+0001 name), {@code cid} lines the
     * client Adds. Lines a later engine added are skipped.
     */
    static FolderHeader legacy(String stored) {
        String[] lines = stored.split("\n");
        if (!LEGACY.equals(lines[0])) {
            throw new BadRecord("unknown sync state format");
        }
        long epoch = 0;
        int n = 0;
        int prevN = -1;
        String token = null;
        long nextId = 1;
        long nextSeq = 1;
        int filter = 0;
        int body = 1;
        int trunc = -1;
        int conflict = 1;
        Set<String> supported = null;
        long rescanDay = -1;
        int rescanFilter = 0;
        List<Undo> pending = new ArrayList<>();
        Map<String, ClientAdd> cids = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            if (f.length < 2) {
                throw new BadRecord("legacy header line without a value");
            }
            switch (f[0]) {
                case "epoch" -> epoch = hex(dec(f[1]));
                case "n" -> n = SavedRecord.integer(dec(f[1]));
                case "prev" -> prevN = SavedRecord.integer(dec(f[1]));
                case "token" -> token = dec(f[1]).isEmpty() ? null : dec(f[1]);
                case "nextId" -> nextId = SavedRecord.number(dec(f[1]));
                case "nextSeq" -> nextSeq = SavedRecord.number(dec(f[1]));
                case "filter" -> filter = SavedRecord.integer(dec(f[1]));
                case "body" -> {
                    String[] b = SavedRecord.legacyFields(dec(f[1]), ' ', 2, -1);
                    body = SavedRecord.integer(b[0]);
                    trunc = SavedRecord.integer(b[1]);
                }
                case "conflict" -> conflict = SavedRecord.integer(dec(f[1]));
                case "supported" -> supported = new LinkedHashSet<>(dec(f[1]).isEmpty() ? List.of() : List.of(dec(f[1]).split(",")));
                case "rescan" -> {
                    String[] r = SavedRecord.legacyFields(dec(f[1]), ' ', 2, -1);
                    rescanDay = SavedRecord.number(r[0]);
                    rescanFilter = SavedRecord.integer(r[1]);
                }
                case "p" -> pending.add(new Undo(dec(f[1]), field(f, 2), "-".equals(field(f, 3)) ? null : legacyEntry(dec(f[3]))));
                case "cid" -> cids.put(dec(f[1]), new ClientAdd(field(f, 2), SavedRecord.integer(f.length > 3 ? f[3] : "")));
                default -> {
                    // a line a later format-1 engine added: not kept
                }
            }
        }
        return new FolderHeader(epoch, n, prevN, token, nextId, nextSeq, filter, body, trunc, conflict, supported, rescanDay,
                rescanFilter, pending, cids);
    }

    private static String field(String[] f, int i) {
        if (i >= f.length) {
            throw new BadRecord("legacy header line with too few fields");
        }
        return i == 3 && "-".equals(f[i]) ? "-" : dec(f[i]);
    }

    private static ItemEntry legacyEntry(String v) {
        int i = v.indexOf('\u0001');
        if (i < 0) {
            throw new BadRecord("legacy undo entry without its separator");
        }
        return new ItemEntry(v.substring(i + 1), v.substring(0, i));
    }

    private static long hex(String s) {
        try {
            return Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            throw new BadRecord("legacy epoch is not hexadecimal");
        }
    }

    /** A URL-decoded legacy field ({@code %} alone stood for the empty string). */
    static String dec(String s) {
        try {
            return "%".equals(s) ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRecord("legacy field is not URL-encoded");
        }
    }
}
