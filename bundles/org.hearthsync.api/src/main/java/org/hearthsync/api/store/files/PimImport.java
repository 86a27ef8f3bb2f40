package org.hearthsync.api.store.files;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;

/**
 * Imports .vcf/.ics texts into one collection of any store, through the store's own interface, so the
 * store announces each change and phones are pushed as for any other edit.
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

    /**
     * What an import did: {@code added} new items, {@code updated} replaced ones, {@code unchanged}
     * ones already there as they are, {@code kept} stored versions kept ({@code replace} off),
     * {@code otherKind} items the collection does not hold, and the broken items (at most
     * {@value #MAX_NAMED} named, {@code brokenCount} in all), each as {@code "source: name (why)"}.
     */
    public record Result(int added, int updated, int unchanged, int kept, int otherKind, int brokenCount, List<String> broken) {
        public Result {
            broken = List.copyOf(broken);
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
     * Imports the items of one file's text; {@code source} names the file in the report.
     *
     * @return how many items of the collection's kind the text held (0: nothing for this collection)
     * @throws StoreException.Unavailable when the store cannot be reached; what was imported so far stays
     * @throws StoreException.NotFound    when the collection is gone
     */
    public int importText(String source, String text) throws StoreException {
        List<PimFiles.Item> items = dataClass == DataClass.CONTACTS ? PimFiles.splitVcf(text)
                : PimFiles.splitIcs(text, dataClass.component());
        int ours = 0;
        int position = 0;
        for (PimFiles.Item item : items) {
            position++;
            if (item == null) {
                otherKind++;
                continue;
            }
            ours++;
            if (item.problem() != null) {
                broken(source, item, position, item.problem());
                continue;
            }
            try {
                put(item);
            } catch (StoreException.Unavailable | StoreException.NotFound e) {
                throw e;
            } catch (StoreException.PreconditionFailed e) {
                broken(source, item, position, "it changed in the store while importing; import the file again");
            } catch (StoreException e) {
                broken(source, item, position, "the store refused it: " + e.getMessage());
            }
        }
        return ours;
    }

    private void put(PimFiles.Item item) throws StoreException {
        Map<String, ResourceRef> index = index();
        String content = PimFiles.withCrlf(item.text());
        String uid = item.uid() == null || item.uid().isBlank() ? null : item.uid();
        ResourceRef existing = uid != null ? index.get(uid) : null;
        String name = existing != null ? existing.name()
                : uid != null ? PimFiles.resourceName(uid, dataClass) : PimFiles.hash(content) + dataClass.fileExtension();
        Optional<Resource> stored = Optional.empty();
        if (existing == null) {
            try {
                add(uid, name, content);
                return;
            } catch (StoreException.PreconditionFailed there) {
                // the name is taken: by this item (written since the index was read, or a UID-less twin) or by another
                stored = store.get(collectionId, name);
                if (stored.isPresent() && !sameItem(stored.get().content(), uid, content)) {
                    add(uid, UUID.randomUUID() + dataClass.fileExtension(), content); // never over another item
                    return;
                }
            }
        } else {
            stored = store.get(collectionId, name);
        }
        if (stored.isEmpty()) { // deleted since: the item is new again
            add(uid, name, content);
            return;
        }
        if (same(stored.get().content(), content)) {
            unchanged++;
            return;
        }
        if (!replace) {
            kept++;
            return;
        }
        String etag = store.put(collectionId, name, content, WriteCondition.ifMatch(stored.get().etag()));
        updated++;
        if (uid != null) {
            index.put(uid, new ResourceRef(name, etag));
        }
    }

    private void add(String uid, String name, String content) throws StoreException {
        String etag = store.put(collectionId, name, content, WriteCondition.create());
        added++;
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
        if (broken.size() < MAX_NAMED) {
            String name = item.label() != null && !item.label().isBlank() ? item.label() : "item " + position;
            broken.add(source + ": " + (name.length() > 80 ? name.substring(0, 80) + "\u2026" : name) + " (" + why + ")");
        }
    }

    public Result result() {
        return new Result(added, updated, unchanged, kept, otherKind, brokenCount, broken);
    }
}
