package org.hearthsync.api.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store in memory for the tests of import and export (here and in the console): the four default
 * collections, etags that count writes, a log of the writes, and switches to refuse content or be away.
 */
public final class MemoryStore implements PimStore {
    public final List<CollectionInfo> collections = new ArrayList<>(List.of(
            new CollectionInfo("contacts", "Contacts", DataClass.CONTACTS, null, true),
            new CollectionInfo("calendar", "Calendar", DataClass.CALENDAR, null, true),
            new CollectionInfo("tasks", "Tasks", DataClass.TASKS, null, true),
            new CollectionInfo("notes", "Notes", DataClass.NOTES, null, true)));
    /** Every successful put, as {@code collection/name}. */
    public final List<String> writes = new ArrayList<>();
    /** Content containing this is refused with a plain StoreException (as a DAV server refuses bad data). */
    public volatile String refuse;
    public volatile boolean available = true;
    /** How many getAll calls were made, and the largest batch asked for. */
    public final AtomicInteger getAlls = new AtomicInteger();
    public volatile int largestBatch;
    /** The size of every putAll call, in order. */
    public final List<Integer> putAlls = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Map<String, Map<String, Resource>> data = new LinkedHashMap<>();
    private int etag;

    private synchronized Map<String, Resource> col(String id) throws StoreException {
        if (!available) {
            throw new StoreException.Unavailable("away", null);
        }
        if (collections.stream().noneMatch(c -> c.id().equals(id))) {
            throw new StoreException.NotFound(id);
        }
        return data.computeIfAbsent(id, k -> new TreeMap<>());
    }

    @Override
    public synchronized List<CollectionInfo> collections() throws StoreException {
        if (!available) {
            throw new StoreException.Unavailable("away", null);
        }
        return List.copyOf(collections);
    }

    @Override
    public synchronized CollectionInfo createCollection(String displayName, DataClass dataClass) throws StoreException {
        CollectionInfo c = new CollectionInfo("c" + collections.size(), displayName, dataClass, null, false);
        collections.add(c);
        return c;
    }

    @Override
    public void renameCollection(String collectionId, String displayName) throws StoreException {
        throw new StoreException.Unsupported("memory");
    }

    @Override
    public void deleteCollection(String collectionId) throws StoreException {
        throw new StoreException.Unsupported("memory");
    }

    @Override
    public synchronized List<ResourceRef> list(String collectionId) throws StoreException {
        return col(collectionId).values().stream().map(Resource::ref).toList();
    }

    @Override
    public synchronized Optional<Resource> get(String collectionId, String name) throws StoreException {
        return Optional.ofNullable(col(collectionId).get(name));
    }

    @Override
    public synchronized Map<String, Resource> getAll(String collectionId, Collection<String> names) throws StoreException {
        getAlls.incrementAndGet();
        largestBatch = Math.max(largestBatch, names.size());
        Map<String, Resource> out = new LinkedHashMap<>();
        Map<String, Resource> c = col(collectionId);
        for (String n : names) {
            if (c.containsKey(n)) {
                out.put(n, c.get(n));
            }
        }
        return out;
    }

    @Override
    public synchronized String put(String collectionId, String name, String content, WriteCondition condition)
            throws StoreException {
        Map<String, Resource> c = col(collectionId);
        Resource old = c.get(name);
        boolean ok = condition instanceof WriteCondition.IfMatch m ? old != null && old.etag().equals(m.etag())
                : condition != WriteCondition.create() || old == null;
        if (!ok) {
            throw new StoreException.PreconditionFailed(name);
        }
        if (refuse != null && content.contains(refuse)) {
            throw new StoreException("refused: " + refuse);
        }
        String e = "e" + (++etag);
        c.put(name, new Resource(name, e, content));
        writes.add(collectionId + "/" + name);
        return e;
    }

    @Override
    public List<org.hearthsync.api.store.WriteResult> putAll(String collectionId,
            List<org.hearthsync.api.store.Write> writes) throws StoreException {
        putAlls.add(writes.size());
        return PimStore.super.putAll(collectionId, writes);
    }

    @Override
    public synchronized void delete(String collectionId, String name, WriteCondition condition) throws StoreException {
        if (col(collectionId).remove(name) == null) {
            throw new StoreException.NotFound(name);
        }
    }

    @Override
    public synchronized String syncToken(String collectionId) throws StoreException {
        return Integer.toString(etag);
    }

    @Override
    public ChangeSet changesSince(String collectionId, String token) throws StoreException {
        throw new StoreException.Unsupported("memory");
    }
}
