package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.hearthsync.activesync.internal.sync.SavedRecord.BadRecord;

/**
 * The last Sync response of a device that moved a key, kept for an exact resend: the request's hash,
 * each folder's key as sent and as issued (empty: none issued), and the response's bytes.
 */
public record ResendRecord(String requestHash, List<Folder> folders, byte[] response) {
    static final char KIND = 'R';
    static final int VERSION = 1;
    /** The kind under which {@link SyncStateStore#deviceValue} keeps it. */
    public static final String DEVICE_KIND = "syncresp";

    /** One folder of the response: the key the request carried and the key the response issued. */
    public record Folder(String collectionId, String sentKey, String issuedKey) {
    }

    public ResendRecord {
        folders = List.copyOf(folders);
    }

    public String encode() {
        SavedRecord.Writer w = new SavedRecord.Writer(KIND, VERSION).str(requestHash).num(folders.size());
        for (Folder f : folders) {
            w.str(f.collectionId()).str(f.sentKey()).str(f.issuedKey());
        }
        return w.str(Base64.getEncoder().encodeToString(response)).toString();
    }

    /** Reads a record; a value the migration did not convert (format 1) is read as such. */
    public static ResendRecord decode(String v) {
        if (!SavedRecord.typed(v)) {
            return legacy(v);
        }
        SavedRecord.Reader r = new SavedRecord.Reader(v, KIND, VERSION);
        String hash = r.str();
        int n = r.count();
        List<Folder> folders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            folders.add(new Folder(r.str(), r.str(), r.str()));
        }
        byte[] bytes = base64(r.str());
        r.end();
        return new ResendRecord(hash, folders, bytes);
    }

    private static byte[] base64(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new BadRecord("response is not base64");
        }
    }

    /** Format 1: the hash, one line per folder (URL-encoded id, sent and issued key), then '=' and base64. */
    static ResendRecord legacy(String v) {
        if (v == null) {
            throw new BadRecord("no value");
        }
        String[] lines = v.split("\n");
        List<Folder> folders = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("=")) {
                return new ResendRecord(lines[0], folders, base64(lines[i].substring(1)));
            }
            String[] f = SavedRecord.legacyFields(lines[i], ' ', 3, -1);
            folders.add(new Folder(FolderHeader.dec(f[0]), FolderHeader.dec(f[1]), FolderHeader.dec(f[2])));
        }
        throw new BadRecord("legacy resend record without its response");
    }
}
