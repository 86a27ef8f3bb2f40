package org.hearthsync.store.vdir.internal;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.ResourceRef;

/**
 * What Hearth knows about one collection folder: its items (etag, kind and the file attributes seen
 * when the etag was computed) and a change log of one entry per name (its latest change), so
 * {@code changesSince} costs in proportion to the changes. Guarded by {@link #lock}.
 *
 * <p>Each log entry carries the kinds it concerned (old and new kind of the item, for an item that
 * moved from events to tasks), so a view of one kind lists a name whose kind changed away as deleted.
 */
final class FolderIndex {

    /**
     * An item file as last seen. Its attributes stand for its content only when its mtime is older than the look at
     * its bytes by more than any file system's timestamp step: otherwise {@code mtime} is {@link #UNSETTLED} and the
     * file is read again at the next look.
     */
    record Item(String etag, DataClass kind, long size, long mtime, String fileKey) {
        /** The mtime of an item whose attributes do not yet vouch for its content. */
        static final long UNSETTLED = Long.MIN_VALUE;
        /**
         * How much older than the look at its bytes a file's mtime must be to vouch for them. A file's mtime does not
         * change with every write: it moves in steps (the kernel's clock tick, a few ms on Linux; 1 s on ext3, HFS+
         * and many network shares; 2 s on FAT), so an edit of the same size in the same step as the bytes that were
         * read (khal or an editor saving right after Hearth wrote or read the file) leaves size, mtime and inode as
         * they were. Trusting them would miss that edit for good: its bytes would never be served, and a phone's
         * edit made on the old etag would overwrite it. An edit made after the look gets an mtime no earlier than
         * the look minus one step, so an mtime older than that by more than the largest step is safe.
         */
        static final long RACY_MILLIS = 3_000;

        /** The item whose bytes were read (or written) at {@code lookedAt} (millis, before the read) with attributes {@code a}. */
        static Item seen(String etag, DataClass kind, BasicFileAttributes a, long lookedAt) {
            long mtime = a.lastModifiedTime().toMillis();
            return new Item(etag, kind, a.size(), lookedAt - mtime > RACY_MILLIS ? mtime : UNSETTLED,
                    ItemFiles.fileKey(a));
        }

        boolean sameFile(long otherSize, long otherMtime, String otherKey) {
            return mtime != UNSETTLED && size == otherSize && mtime == otherMtime && fileKey.equals(otherKey);
        }
    }

    /** The latest change of a name: its revision, the kinds it concerned (bit mask), when it was deleted (0 if live). */
    record LogEntry(long revision, int kinds, long deletedAt) {
    }

    final String name;
    final ReentrantLock lock = new ReentrantLock();
    String epoch;
    /** The class of the folder's main view; {@code null} until known. */
    DataClass primary;
    /** Whether {@link #primary} is settled (from a marker file or content), rather than a guess for an empty folder. */
    boolean settled;
    long revision;
    long minRevision;
    /** Revision the state file holds for this folder. */
    long persistedRevision = -1;
    /** Whether the folder has a class file (Hearth made it, or the user typed it). */
    boolean marked;
    String displayName;
    String color;
    final Map<String, Item> items = new HashMap<>();
    final Map<String, LogEntry> entries = new HashMap<>();
    final TreeMap<Long, String> log = new TreeMap<>();
    final TreeMap<Long, String> tombstones = new TreeMap<>();
    /** Files in the folder that are not items, by name, with the reason (what the vdir listing names). */
    Map<String, String> notTaken = new TreeMap<>();
    /** Of those, the ones left out for their content, as last seen, so they are read again only when they change. */
    final Map<String, Item> refusedFiles = new HashMap<>();
    final Map<String, String> refusedReasons = new HashMap<>();
    /** Items present per kind (by ordinal). */
    final int[] counts = new int[DataClass.values().length];

    FolderIndex(String name, String epoch) {
        this.name = name;
        this.epoch = epoch;
    }

    static int bit(DataClass kind) {
        return 1 << kind.ordinal();
    }

    /** Records that {@code name} now is {@code item} ({@code null}: deleted); returns the kinds concerned. */
    int record(String name, Item item, long now) {
        Item old = item == null ? items.remove(name) : items.put(name, item);
        if (old != null) {
            counts[old.kind().ordinal()]--;
        }
        if (item != null) {
            counts[item.kind().ordinal()]++;
        }
        int kinds = (old == null ? 0 : bit(old.kind())) | (item == null ? 0 : bit(item.kind()));
        LogEntry previous = entries.get(name);
        if (previous != null) {
            log.remove(previous.revision());
            tombstones.remove(previous.revision());
            kinds |= previous.kinds();
        }
        long rev = ++revision;
        entries.put(name, new LogEntry(rev, kinds, item == null ? now : 0));
        log.put(rev, name);
        if (item == null) {
            tombstones.put(rev, name);
        }
        return (old == null ? 0 : bit(old.kind())) | (item == null ? 0 : bit(item.kind()));
    }

    /** Forgets the oldest deletions beyond the limits; older tokens then become invalid. */
    void pruneTombstones(int maxTombstones, long olderThan) {
        while (!tombstones.isEmpty()) {
            Map.Entry<Long, String> first = tombstones.firstEntry();
            LogEntry entry = entries.get(first.getValue());
            if (tombstones.size() <= maxTombstones && entry != null && entry.deletedAt() >= olderThan) {
                break;
            }
            tombstones.pollFirstEntry();
            log.remove(first.getKey());
            entries.remove(first.getValue());
            minRevision = Math.max(minRevision, first.getKey());
        }
    }

    /** Replaces an item's file attributes after a change that kept its content (touch, copy). */
    void refreshAttributes(String name, Item item) {
        items.put(name, item);
    }

    /**
     * The folder's extra views, as a bit mask: the kinds other than the primary one that items have, and
     * Tasks for another program's calendar (khal keeps tasks beside events; a phone can add the first one).
     */
    int extraKinds() {
        int mask = primary == DataClass.CALENDAR && !marked ? bit(DataClass.TASKS) : 0;
        for (DataClass kind : DataClass.values()) {
            if (counts[kind.ordinal()] > 0 && kind != primary) {
                mask |= bit(kind);
            }
        }
        return mask;
    }

    List<ResourceRef> refs(DataClass kind) {
        List<ResourceRef> refs = new ArrayList<>();
        for (Map.Entry<String, Item> e : items.entrySet()) {
            if (e.getValue().kind() == kind) {
                refs.add(new ResourceRef(e.getKey(), e.getValue().etag()));
            }
        }
        return refs;
    }

    /** Changes of the view of {@code kind} after {@code since}: each name once, changed if present now, else deleted. */
    void changesSince(DataClass kind, long since, List<ResourceRef> changed, List<String> deleted) {
        int bit = bit(kind);
        for (String name : log.tailMap(since, false).values()) {
            if ((entries.get(name).kinds() & bit) == 0) {
                continue;
            }
            Item item = items.get(name);
            if (item != null && item.kind() == kind) {
                changed.add(new ResourceRef(name, item.etag()));
            } else {
                deleted.add(name);
            }
        }
    }

    /** Copies everything but the lock, for a consistent snapshot to persist. */
    Map<String, Item> itemsCopy() {
        return new HashMap<>(items);
    }

    Map<String, LogEntry> entriesCopy() {
        return new HashMap<>(entries);
    }

    /** Rebuilds the log maps from loaded entries. */
    void restore(Map<String, Item> loadedItems, Map<String, LogEntry> loadedEntries) {
        items.clear();
        items.putAll(loadedItems);
        java.util.Arrays.fill(counts, 0);
        loadedItems.values().forEach(i -> counts[i.kind().ordinal()]++);
        entries.clear();
        log.clear();
        tombstones.clear();
        for (Map.Entry<String, LogEntry> e : loadedEntries.entrySet()) {
            entries.put(e.getKey(), e.getValue());
            log.put(e.getValue().revision(), e.getKey());
            if (e.getValue().deletedAt() != 0) {
                tombstones.put(e.getValue().revision(), e.getKey());
            }
        }
        // a live item without a log entry (should not happen) gets one so it is listed
        for (Map.Entry<String, Item> e : new HashMap<>(items).entrySet()) {
            if (!entries.containsKey(e.getKey())) {
                long rev = ++revision;
                entries.put(e.getKey(), new LogEntry(rev, bit(e.getValue().kind()), 0));
                log.put(rev, e.getKey());
            }
        }
    }
}
