package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;

/** An in-memory store with etags, a revision log, listeners and a switch to make it unavailable. */
public final class MemStore implements PimStore {
    public final List<CollectionInfo> collections = new ArrayList<>(List.of(
            new CollectionInfo("1", "Contacts", DataClass.CONTACTS, null, true),
            new CollectionInfo("2", "Calendar", DataClass.CALENDAR, null, true),
            new CollectionInfo("3", "Tasks", DataClass.TASKS, null, true),
            new CollectionInfo("4", "Notes", DataClass.NOTES, null, true)));
    public volatile boolean available = true;
    /** Fails the next n writes with Unavailable (after checking nothing). */
    public volatile int failWrites;
    public final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

    private final Map<String, Map<String, Resource>> data = new LinkedHashMap<>();
    /** collection → revision → name (latest change of each name), deletions included */
    private final Map<String, TreeMap<Long, String>> log = new LinkedHashMap<>();
    private long revision;
    /** How often a full listing was asked for (changesSince without a token, or list). */
    public int fullListings;
    /** Called at each getAll (tests look at the engine mid-request). */
    public volatile Runnable onGetAll;
    private long oldestToken;

    private void check() throws StoreException.Unavailable {
        if (!available) {
            throw new StoreException.Unavailable("switched off by the test", null);
        }
    }

    private void checkWrite() throws StoreException.Unavailable {
        check();
        if (failWrites > 0) {
            failWrites--;
            throw new StoreException.Unavailable("write failure injected by the test", null);
        }
    }

    private Map<String, Resource> col(String id) throws StoreException.NotFound {
        for (CollectionInfo c : collections) {
            if (c.id().equals(id)) {
                return data.computeIfAbsent(id, k -> new LinkedHashMap<>());
            }
        }
        throw new StoreException.NotFound("no collection " + id);
    }

    @Override
    public synchronized List<CollectionInfo> collections() throws StoreException {
        check();
        return List.copyOf(collections);
    }

    /** Whether collections can be created, renamed and deleted (otherwise {@link StoreException.Unsupported}). */
    public volatile boolean editableCollections;
    private int nextCollection = 100;

    @Override
    public synchronized CollectionInfo createCollection(String displayName, DataClass dataClass) throws StoreException {
        if (!editableCollections) {
            throw new StoreException.Unsupported("mem");
        }
        checkWrite();
        CollectionInfo c = new CollectionInfo(Integer.toString(nextCollection++), displayName, dataClass, null, false);
        collections.add(c);
        return c;
    }

    @Override
    public synchronized void renameCollection(String collectionId, String displayName) throws StoreException {
        if (!editableCollections) {
            throw new StoreException.Unsupported("mem");
        }
        checkWrite();
        col(collectionId);
        collections.replaceAll(c -> c.id().equals(collectionId)
                ? new CollectionInfo(c.id(), displayName, c.dataClass(), c.color(), c.isDefault()) : c);
    }

    @Override
    public synchronized void deleteCollection(String collectionId) throws StoreException {
        if (!editableCollections) {
            throw new StoreException.Unsupported("mem");
        }
        checkWrite();
        col(collectionId);
        collections.removeIf(c -> c.id().equals(collectionId));
        data.remove(collectionId);
        log.remove(collectionId);
    }

    @Override
    public synchronized List<ResourceRef> list(String collectionId) throws StoreException {
        check();
        List<ResourceRef> out = new ArrayList<>();
        col(collectionId).values().forEach(r -> out.add(r.ref()));
        return out;
    }

    @Override
    public synchronized Optional<Resource> get(String collectionId, String name) throws StoreException {
        check();
        return Optional.ofNullable(col(collectionId).get(name));
    }

    @Override
    public synchronized Map<String, Resource> getAll(String collectionId, Collection<String> names) throws StoreException {
        Runnable hook = onGetAll;
        if (hook != null) {
            hook.run();
        }
        check();
        Map<String, Resource> out = new LinkedHashMap<>();
        Map<String, Resource> c = col(collectionId);
        for (String n : names) {
            if (c.containsKey(n)) {
                out.put(n, c.get(n));
            }
        }
        return out;
    }

    /** The largest resource accepted, in characters (as the embedded store's limit). */
    public volatile int maxChars = Integer.MAX_VALUE;

    @Override
    public String put(String collectionId, String name, String content, WriteCondition condition) throws StoreException {
        String etag;
        synchronized (this) {
            checkWrite();
            if (content.length() > maxChars) {
                throw new StoreException.TooLarge(content.length() + " characters");
            }
            Map<String, Resource> c = col(collectionId);
            Resource old = c.get(name);
            if (condition instanceof WriteCondition.Create && old != null) {
                throw new StoreException.PreconditionFailed(name + " exists");
            }
            if (condition instanceof WriteCondition.IfMatch m && (old == null || !old.etag().equals(m.etag()))) {
                throw new StoreException.PreconditionFailed(name + " changed");
            }
            etag = "e" + (++revision);
            c.put(name, new Resource(name, etag, content));
            logChange(collectionId, name);
        }
        fire(collectionId);
        return etag;
    }

    @Override
    public void delete(String collectionId, String name, WriteCondition condition) throws StoreException {
        synchronized (this) {
            checkWrite();
            Map<String, Resource> c = col(collectionId);
            Resource old = c.get(name);
            if (old == null) {
                throw new StoreException.NotFound(name);
            }
            if (condition instanceof WriteCondition.IfMatch m && !old.etag().equals(m.etag())) {
                throw new StoreException.PreconditionFailed(name + " changed");
            }
            c.remove(name);
            ++revision;
            logChange(collectionId, name);
        }
        fire(collectionId);
    }

    private void logChange(String collectionId, String name) {
        TreeMap<Long, String> l = log.computeIfAbsent(collectionId, k -> new TreeMap<>());
        l.values().remove(name);
        l.put(revision, name);
    }

    private void fire(String collectionId) {
        listeners.forEach(l -> l.accept("default", collectionId));
    }

    /** Makes every token issued so far invalid (as a store does when it drops old tombstones). */
    public synchronized void expireTokens() {
        oldestToken = revision;
    }

    @Override
    public synchronized String syncToken(String collectionId) throws StoreException {
        check();
        return Long.toString(revision);
    }

    @Override
    public synchronized ChangeSet changesSince(String collectionId, String token) throws StoreException {
        check();
        Map<String, Resource> c = col(collectionId);
        List<ResourceRef> changed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        if (token == null) {
            fullListings++;
            c.values().forEach(r -> changed.add(r.ref()));
            return new ChangeSet(Long.toString(revision), changed, deleted);
        }
        long since;
        try {
            since = Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new StoreException.InvalidSyncToken(token);
        }
        if (since < oldestToken || since > revision) {
            throw new StoreException.InvalidSyncToken(token);
        }
        for (String name : log.computeIfAbsent(collectionId, k -> new TreeMap<>()).tailMap(since, false).values()) {
            Resource r = c.get(name);
            if (r != null) {
                changed.add(r.ref());
            } else {
                deleted.add(name);
            }
        }
        return new ChangeSet(Long.toString(revision), changed, deleted);
    }

    /** Every resource of a collection, by name (a test's view of the truth). */
    public synchronized Map<String, Resource> snapshot(String collectionId) {
        return new LinkedHashMap<>(data.getOrDefault(collectionId, Map.of()));
    }
}
