package org.hearthsync.store.dav.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etag snapshots behind the fallback tokens (servers without sync-collection): the newest
 * {@value #PER_VIEW} per view, in memory and, given a file, in an MVStore there, so that a token a
 * phone's sync state holds still lists the right changes after Hearth restarts (without the file, a
 * restart made every such token unknown and every device compared its whole folder again).
 *
 * <p>A snapshot is written and committed before its token is handed out. The file is not forced to
 * disk for each one: after a power cut a token whose snapshot did not reach the disk is reported as
 * unknown, and the sync engine then compares in full, which is slow but loses nothing. A file that
 * cannot be opened (locked, damaged) leaves the snapshots in memory only, with a warning. The file
 * remembers which server and user it belongs to and starts empty for another one.
 */
final class Snapshots implements AutoCloseable {

    /** What a token stands for: the collection's ctag then, and every member's etag. */
    record Snapshot(String ctag, Map<String, String> etags) {
    }

    static final int PER_VIEW = 32;
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final char SEP = '\u0000';
    private static final String FORMAT = "1";

    private final Map<String, Map<String, Snapshot>> recent = new ConcurrentHashMap<>();
    private final MVStore mv;
    private final MVMap<String, String> data; // view SEP id → encoded snapshot
    private final MVMap<String, String> used; // view SEP id → sequence of the last use (eviction order)
    private long seq;

    private Snapshots(MVStore mv) {
        this.mv = mv;
        if (mv == null) {
            data = null;
            used = null;
            return;
        }
        data = open(mv, "snapshots");
        used = open(mv, "used");
        for (String v : used.values()) {
            seq = Math.max(seq, Long.parseLong(v));
        }
    }

    /** Snapshots kept in memory only (lost on restart). */
    static Snapshots inMemory() {
        return new Snapshots(null);
    }

    /**
     * Snapshots kept in {@code file} too. {@code owner} names the server and user; a file written for
     * another owner is emptied. Falls back to memory only if the file cannot be used.
     */
    static Snapshots open(Path file, String owner) {
        MVStore mv = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            mv = new MVStore.Builder().fileName(file.toAbsolutePath().toString()).autoCommitDisabled().compress().open();
            MVMap<String, String> meta = open(mv, "meta");
            if (!FORMAT.equals(meta.get("format")) || !owner.equals(meta.get("owner"))) {
                open(mv, "snapshots").clear();
                open(mv, "used").clear();
                meta.put("format", FORMAT);
                meta.put("owner", owner);
                mv.commit();
            }
            return new Snapshots(mv);
        } catch (MVStoreException | java.io.IOException | IllegalStateException | NumberFormatException e) {
            if (mv != null) {
                mv.closeImmediately();
            }
            LOG.warn("DAV store: cannot keep fallback sync tokens in {} ({}); keeping them in memory, so devices "
                    + "compare their folders in full after a restart", file, e.getMessage());
            return inMemory();
        }
    }

    private static MVMap<String, String> open(MVStore mv, String name) {
        return mv.openMap(name, new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    }

    /** Whether snapshots survive a restart. */
    boolean durable() {
        return mv != null;
    }

    /** The snapshot {@code id} of {@code view}, or {@code null} if unknown or evicted. */
    Snapshot get(String view, String id) {
        Snapshot s = recent(view).get(id);
        if (s != null || mv == null) {
            return s;
        }
        synchronized (this) {
            if (mv.isClosed()) {
                return null;
            }
            String encoded = data.get(view + SEP + id);
            if (encoded == null) {
                return null;
            }
            s = decode(encoded);
            used.put(view + SEP + id, Long.toString(++seq));
            mv.commit();
        }
        recent(view).put(id, s);
        return s;
    }

    /** Keeps a snapshot under {@code id} (before its token is handed out). */
    void put(String view, String id, Snapshot s) {
        recent(view).put(id, s);
        if (mv == null) {
            return;
        }
        String encoded = encode(s);
        if (encoded == null) {
            return; // a name or etag with a NUL: kept in memory only
        }
        synchronized (this) {
            if (mv.isClosed()) {
                return;
            }
            String key = view + SEP + id;
            if (!encoded.equals(data.get(key))) {
                data.put(key, encoded);
            }
            used.put(key, Long.toString(++seq));
            evict(view);
            mv.commit();
        }
    }

    /** Drops the least recently used snapshots of a view beyond {@value #PER_VIEW}. */
    private void evict(String view) {
        String prefix = view + SEP;
        Map<String, Long> ofView = new HashMap<>();
        Cursor<String, String> c = used.cursor(prefix);
        while (c.hasNext()) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            ofView.put(k, Long.parseLong(c.getValue()));
        }
        if (ofView.size() <= PER_VIEW) {
            return;
        }
        List<Map.Entry<String, Long>> byAge = ofView.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
        for (Map.Entry<String, Long> old : byAge.subList(0, byAge.size() - PER_VIEW)) {
            used.remove(old.getKey());
            data.remove(old.getKey());
        }
    }

    private Map<String, Snapshot> recent(String view) {
        return recent.computeIfAbsent(view, k -> Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
                return size() > PER_VIEW;
            }
        }));
    }

    /** ctag, then name and etag of each member, separated by NUL; {@code null} if a value holds a NUL. */
    static String encode(Snapshot s) {
        StringBuilder sb = new StringBuilder(s.etags().size() * 64);
        sb.append(s.ctag() == null ? "-" : "+" + s.ctag());
        for (Map.Entry<String, String> e : s.etags().entrySet()) {
            if (e.getKey().indexOf(SEP) >= 0 || e.getValue().indexOf(SEP) >= 0) {
                return null;
            }
            sb.append(SEP).append(e.getKey()).append(SEP).append(e.getValue());
        }
        if (s.ctag() != null && s.ctag().indexOf(SEP) >= 0) {
            return null;
        }
        return sb.toString();
    }

    static Snapshot decode(String encoded) {
        String[] f = encoded.split(String.valueOf(SEP), -1);
        String ctag = f[0].startsWith("+") ? f[0].substring(1) : null;
        Map<String, String> etags = new HashMap<>();
        for (int i = 1; i + 1 < f.length; i += 2) {
            etags.put(f[i], f[i + 1]);
        }
        return new Snapshot(ctag, Map.copyOf(etags));
    }

    @Override
    public synchronized void close() {
        if (mv != null && !mv.isClosed()) {
            try {
                mv.close();
            } catch (MVStoreException e) {
                LOG.warn("DAV store: closing the token file failed: {}", e.getMessage());
                mv.closeImmediately();
            }
        }
    }
}
