package org.hearthsync.pim.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.Write;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.store.WriteResult;

/**
 * Imports .vcf/.ics texts into one collection of any store, through the store's own interface, so the
 * store announces the changes and phones are pushed as for any other edit.
 *
 * <p>An item whose UID is in the collection already is the same item: with {@code replace} its stored
 * version is replaced by the file's (unless they are equal), without it the stored one is kept. The
 * collection's UIDs are read once, at the first item, whatever its resources are called (a phone's
 * additions are not named after their UID), so importing a backup twice never duplicates. An item
 * without a UID is named after a hash of its text, for the same reason. Items of another kind than
 * the collection's (a task in a calendar) are counted and left out. A broken item (the file ends or
 * its calendar closes inside it) or one the store refuses is left out and named in {@link Result#broken()}; the
 * others are imported. Only an unreachable store stops the import ({@link StoreException.Unavailable}).
 *
 * <p>Not thread-safe: one import, one thread.
 */
public final class PimImport {
    /** At most this many broken items are named in a result; the count covers all. */
    public static final int MAX_NAMED = 100;
    /** Items written per {@link PimStore#putAll}: one durable write each, small enough to keep a store's lock briefly. */
    public static final int BATCH = 200;

    private final PimStore store;
    private final String collectionId;
    private final DataClass dataClass;
    private final boolean replace;
    /** UID → name and etag of the collection's resources; read at the first item. */
    private Map<String, ResourceRef> byUid;
    private int added;
    private int updated;
    private int unchanged;
    private int kept;
    private int otherKind;
    private int brokenCount;
    private final List<String> broken = new ArrayList<>();
    private final List<String> leftOut = new ArrayList<>();
    /** The components a collection can hold; anything else in a file is left out and named. */
    private static final Set<String> STORED_KINDS = Set.of("VEVENT", "VTODO", "VJOURNAL");
    /** The broken items of the text being imported, put in file order at its end. */
    private final List<Broken> brokenHere = new ArrayList<>();

    /**
     * What an import did: {@code added} new items, {@code updated} replaced ones, {@code unchanged}
     * ones already there as they are, {@code kept} stored versions kept ({@code replace} off),
     * {@code otherKind} items the collection does not hold, and the broken items (at most
     * {@value #MAX_NAMED} named, {@code brokenCount} in all), each as {@code "source: name (why)"};
     * {@code leftOut} names the files and components that give no item at all (a free/busy or
     * time-zone-only file, a vNote, an empty calendar), each with why.
     */
    public record Result(int added, int updated, int unchanged, int kept, int otherKind, int brokenCount, List<String> broken,
            List<String> leftOut) {
        public Result {
            broken = List.copyOf(broken);
            leftOut = List.copyOf(leftOut);
        }

        public Result(int added, int updated, int unchanged, int kept, int otherKind, int brokenCount, List<String> broken) {
            this(added, updated, unchanged, kept, otherKind, brokenCount, broken, List.of());
        }

        /** Items now in the collection as the files have them: added and updated. */
        public int imported() {
            return added + updated;
        }
    }

    public PimImport(PimStore store, String collectionId, DataClass dataClass, boolean replace) {
        this.store = store;
        this.collectionId = collectionId;
        this.dataClass = dataClass;
        this.replace = replace;
    }

    /**
     * Imports the items of one file's text; {@code source} names the file in the report. The items are
     * written {@value #BATCH} at a time ({@link PimStore#putAll}), so a large file costs one durable write
     * per batch, not per item; when this returns, every item counted as added or updated is durable.
     *
     * @return how many items of the collection's kind the text held (0: nothing for this collection)
     * @throws StoreException.Unavailable when the store cannot be reached; what was imported so far stays
     * @throws StoreException.NotFound    when the collection is gone
     */
    public int importText(String source, String text) throws StoreException {
        String empty = PimFiles.emptyReason(text);
        if (empty != null) {
            leftOut(source + ": nothing imported (" + empty + ")");
            return 0;
        }
        List<PimFiles.Item> items = dataClass == DataClass.CONTACTS ? PimFiles.splitVcf(text)
                : PimFiles.splitIcs(text, dataClass.component());
        int ours = 0;
        int position = 0;
        List<Pending> batch = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PimFiles.Item item : items) {
            position++;
            if (item.text() == null) {
                String kind = item.label().split(" ", 2)[0];
                if (STORED_KINDS.contains(kind)) {
                    otherKind++;
                } else {
                    leftOut(source + ": " + item.label() + " (" + kind + " is no event, task or note; left out)");
                }
                continue;
            }
            ours++;
            if (item.problem() != null) {
                broken(source, item, position, item.problem());
                continue;
            }
            Pending p = pending(source, item, position);
            if (batch.size() >= BATCH || names.contains(p.name())) {
                // a second item of that name sees the first one stored, as if imported one by one
                flush(batch);
                names.clear();
                p = pending(source, item, position);
            }
            batch.add(p);
            names.add(p.name());
        }
        try {
            flush(batch);
        } finally {
            // items refused by the store are known only at their batch's end: name them all in file order
            brokenHere.sort(Comparator.comparingInt(Broken::position));
            for (Broken b : brokenHere) {
                if (broken.size() < MAX_NAMED) {
                    broken.add(b.text());
                }
            }
            brokenHere.clear();
        }
        return ours;
    }

    private record Broken(int position, String text) {
    }

    /** An item waiting for its batch: the name it gets and what the collection held under its UID. */
    private record Pending(String source, PimFiles.Item item, int position, String uid, String name, String content,
            ResourceRef existing) {
    }

    private Pending pending(String source, PimFiles.Item item, int position) throws StoreException {
        Map<String, ResourceRef> index = index();
        String content = PimFiles.withCrlf(item.text());
        String uid = item.uid() == null || item.uid().isBlank() ? null : item.uid();
        ResourceRef existing = uid != null ? index.get(uid) : null;
        String name = existing != null ? existing.name()
                : uid != null ? PimFiles.resourceName(uid, dataClass) : PimFiles.hash(content) + dataClass.fileExtension();
        return new Pending(source, item, position, uid, name, content, existing);
    }

    /** Writes a batch: reads the stored versions of known items in one call, then writes what differs in one. */
    private void flush(List<Pending> batch) throws StoreException {
        if (batch.isEmpty()) {
            return;
        }
        List<String> known = batch.stream().filter(p -> p.existing() != null).map(Pending::name).toList();
        Map<String, Resource> stored = known.isEmpty() ? Map.of() : store.getAll(collectionId, known);
        List<Pending> writing = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        for (Pending p : batch) {
            Resource r = p.existing() == null ? null : stored.get(p.name());
            WriteCondition condition;
            if (r == null) { // new, or deleted since the index was read: new again
                condition = WriteCondition.create();
            } else if (same(r.content(), p.content())) {
                unchanged++;
                continue;
            } else if (!replace) {
                kept++;
                continue;
            } else {
                condition = WriteCondition.ifMatch(r.etag());
            }
            writing.add(p);
            writes.add(new Write(p.name(), p.content(), condition));
        }
        batch.clear();
        if (writes.isEmpty()) {
            return;
        }
        List<WriteResult> results = store.putAll(collectionId, writes);
        for (int i = 0; i < writing.size(); i++) {
            Pending p = writing.get(i);
            WriteResult result = results.get(i);
            boolean create = writes.get(i).condition() instanceof WriteCondition.Create;
            if (result.ok()) {
                if (create) {
                    added++;
                } else {
                    updated++;
                }
                remember(p.uid(), p.name(), result.etag());
            } else if (result.failure() instanceof StoreException.PreconditionFailed && create && p.existing() == null) {
                nameTaken(p);
            } else {
                failed(p, result.failure());
            }
        }
    }

    /** A new item's name is taken: by this item (written since the index was read, or a UID-less twin) or by another. */
    private void nameTaken(Pending p) throws StoreException {
        try {
            Optional<Resource> stored = store.get(collectionId, p.name());
            if (stored.isPresent() && !sameItem(stored.get().content(), p.uid(), p.content())) {
                add(p.uid(), UUID.randomUUID() + dataClass.fileExtension(), p.content()); // never over another item
            } else if (stored.isEmpty()) { // deleted since: the item is new again
                add(p.uid(), p.name(), p.content());
            } else if (same(stored.get().content(), p.content())) {
                unchanged++;
            } else if (!replace) {
                kept++;
            } else {
                String etag = store.put(collectionId, p.name(), p.content(), WriteCondition.ifMatch(stored.get().etag()));
                updated++;
                remember(p.uid(), p.name(), etag);
            }
        } catch (StoreException.Unavailable | StoreException.NotFound e) {
            throw e;
        } catch (StoreException e) {
            failed(p, e);
        }
    }

    private void failed(Pending p, StoreException e) throws StoreException {
        if (e instanceof StoreException.Unavailable || e instanceof StoreException.NotFound) {
            throw e;
        }
        broken(p.source(), p.item(), p.position(), e instanceof StoreException.PreconditionFailed
                ? "it changed in the store while importing; import the file again"
                : "the store refused it: " + e.getMessage());
    }

    private void add(String uid, String name, String content) throws StoreException {
        String etag = store.put(collectionId, name, content, WriteCondition.create());
        added++;
        remember(uid, name, etag);
    }

    private void remember(String uid, String name, String etag) {
        if (uid != null) {
            byUid.put(uid, new ResourceRef(name, etag));
        }
    }

    /** Whether a stored text is the item being imported: the same UID, or without a UID the same text. */
    private boolean sameItem(String storedContent, String uid, String content) {
        return uid != null ? uid.equals(PimFiles.uidOf(storedContent, dataClass)) : same(storedContent, content);
    }

    private static boolean same(String a, String b) {
        return PimFiles.withCrlf(a).equals(PimFiles.withCrlf(b));
    }

    private Map<String, ResourceRef> index() throws StoreException {
        if (byUid != null) {
            return byUid;
        }
        Map<String, ResourceRef> index = new HashMap<>();
        List<ResourceRef> refs = store.list(collectionId);
        for (int from = 0; from < refs.size(); from += PimFiles.BATCH) {
            List<ResourceRef> batch = refs.subList(from, Math.min(refs.size(), from + PimFiles.BATCH));
            Map<String, Resource> resources = store.getAll(collectionId, batch.stream().map(ResourceRef::name).toList());
            for (Resource r : resources.values()) {
                String uid = PimFiles.uidOf(r.content(), dataClass);
                if (uid != null && !uid.isBlank()) {
                    index.putIfAbsent(uid, r.ref());
                }
            }
        }
        byUid = index;
        return index;
    }

    private void broken(String source, PimFiles.Item item, int position, String why) {
        brokenCount++;
        if (broken.size() + brokenHere.size() < MAX_NAMED) {
            String name = item.label() != null && !item.label().isBlank() ? item.label() : "item " + position;
            brokenHere.add(new Broken(position, source + ": " + (name.length() > 80 ? name.substring(0, 80) + "\u2026" : name)
                    + " (" + why + ")"));
        }
    }

    public Result result() {
        return new Result(added, updated, unchanged, kept, otherKind, brokenCount, broken, leftOut);
    }

    /** A file, or a part of one, that gives no item: named with why (at most {@value #MAX_NAMED}). */
    private void leftOut(String what) {
        if (leftOut.size() < MAX_NAMED) {
            leftOut.add(what);
        }
    }
}
