package org.hearthsync.store.embedded.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.store.embedded.EmbeddedStoreFile;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.StoreException.InvalidSyncToken;
import org.hearthsync.api.store.StoreException.NotFound;
import org.hearthsync.api.store.StoreException.PreconditionFailed;
import org.hearthsync.api.store.StoreException.Unavailable;
import org.hearthsync.api.store.Write;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's logic, on one H2 MVStore file, usable without OSGi.
 *
 * <p><b>Layout.</b> A {@code meta} map (store id, schema) and a {@code collections} map (id →
 * {@link CollectionRecord}); per collection {@code c.<id>.etag} (name → revision of its content),
 * {@code c.<id>.data} (name → content), {@code c.<id>.log} (revision → name of a live resource,
 * one entry per resource: its latest change), {@code c.<id>.tomb} (revision → deletion time and
 * name) and {@code c.<id>.tombIdx} (name → revision of its tombstone).
 *
 * <p><b>Changes.</b> Every change takes the collection's next revision. A token names a revision,
 * so {@code changesSince} reads the log and tombstones after it: cost in proportion to the number
 * of resources changed since, whatever the collection's size. Tombstones are dropped oldest first
 * once older than the retention or beyond the maximum count; the collection's minimum revision
 * then moves past them and older tokens are invalid. Etags are {@code <epoch>-<revision>}: unique
 * per content version, even across deleting and re-creating a collection or the whole store.
 *
 * <p><b>Atomicity and durability.</b> Auto-commit is off: writers are serialised, change the maps,
 * then commit one MVStore version (so every version on disk is consistent) and {@code fsync}
 * before returning; concurrent writers share an fsync (group commit). Readers take a read lock so
 * they never see half of a change; they may see a change whose fsync is still running.
 */
public final class MvPimStore implements EmbeddedStoreFile.Handle {

    private static final Logger LOG = LoggerFactory.getLogger(MvPimStore.class);

    static final String SCHEMA = "1";
    private static final int MAX_NAME_LENGTH = 512;
    private static final int MAX_DISPLAY_NAME_LENGTH = 256;
    /** Commits between two checks whether the file needs compacting. */
    private static final int MAINTAIN_EVERY = 256;
    /** Compact when less than this share (%) of the file or of the chunks holds live data. */
    private static final int MIN_FILL_RATE = 50;
    /** Time given to one compaction run, in milliseconds. */
    private static final int COMPACT_MILLIS = 200;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final StoreOptions options;
    private final ChangeListener listener;
    private final MVStore mv;
    private final MVMap<String, String> meta;
    private final MVMap<String, byte[]> collections;
    private final String storeId;
    private final Map<String, CollectionMaps> mapsById = new ConcurrentHashMap<>();

    /** Serialises writers from the first read of the state they check to their commit. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Keeps readers from seeing a change half applied; held only while the maps change. */
    private final ReentrantReadWriteLock mapLock = new ReentrantReadWriteLock();
    private final Object syncMonitor = new Object();
    private volatile long committedVersion;
    private long durableVersion; // guarded by syncMonitor
    private int commitsSinceCompact; // guarded by writeLock
    private volatile boolean closed;

    /** Log and tombstone entries read by {@code changesSince}, for tests of its cost. */
    final AtomicLong changeEntriesVisited = new AtomicLong();

    private record CollectionMaps(MVMap<String, Long> etag, MVMap<String, String> data, MVMap<Long, String> log,
            MVMap<Long, String> tomb, MVMap<String, Long> tombIdx) {
    }

    private record Tombstone(long time, String name) {
        static Tombstone decode(String value) {
            int colon = value.indexOf(':');
            return new Tombstone(Long.parseLong(value.substring(0, colon)), value.substring(colon + 1));
        }

        String encode() {
            return time + ":" + name;
        }
    }

    private MvPimStore(Path file, StoreOptions options, ChangeListener listener, MVStore mv) {
        this.file = file;
        this.options = options;
        this.listener = listener;
        this.mv = mv;
        this.meta = mv.openMap("meta", new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        this.collections = mv.openMap("collections", new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        String schema = meta.get("schema");
        if (schema != null && !SCHEMA.equals(schema)) {
            throw new IllegalStateException("store " + file + " has schema " + schema + ", expected " + SCHEMA);
        }
        String id = meta.get("storeId");
        if (id == null) {
            id = randomHex(8);
            initialise(id);
        }
        this.storeId = id;
        for (byte[] value : collections.values()) {
            CollectionRecord record = CollectionRecord.decode(value);
            mapsById.put(record.id(), openMaps(record.id()));
        }
        committedVersion = mv.getCurrentVersion();
        durableVersion = committedVersion;
    }

    /**
     * Opens the store in {@code file}, creating it (and its folder) with the default collections if it does not exist.
     *
     * @throws StoreException if the file cannot be opened: locked by another process, unreadable, or of an unknown schema
     */
    /** Opens a store file with the default options and no listener, for use without the framework. */
    public static MvPimStore openHandle(Path file) throws StoreException {
        return open(file, StoreOptions.defaults(), null);
    }

    public static MvPimStore open(Path file, StoreOptions options, ChangeListener listener) throws StoreException {
        Objects.requireNonNull(file, "file");
        MVStore mv = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            mv = new MVStore.Builder()
                    .fileName(file.toAbsolutePath().toString())
                    .autoCommitDisabled()
                    .pageSplitSize(4 * 1024) // smaller leaves: fewer bytes rewritten per commit
                    .compress()
                    .open();
            MvPimStore store = new MvPimStore(file, options, listener == null ? ChangeListener.NONE : listener, mv);
            store.pruneAllTombstones();
            LOG.debug("Opened embedded store {} (id {}, {} collections)", file, store.storeId, store.mapsById.size());
            return store;
        } catch (MVStoreException | java.io.IOException | IllegalStateException e) {
            if (mv != null) {
                mv.closeImmediately();
            }
            if (e instanceof MVStoreException mve && mve.getErrorCode() == org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED) {
                // another process (a running Hearth) has it: retry later, nothing is wrong with the file
                throw new StoreException.Unavailable("The embedded store " + file + " is in use by another process", e);
            }
            throw new StoreException("Cannot open the embedded store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The random id of this store file; tokens carry it. */
    String storeId() {
        return storeId;
    }

    Path file() {
        return file;
    }

    private void initialise(String id) {
        meta.put("schema", SCHEMA);
        meta.put("storeId", id);
        meta.put("nextCollectionId", "1");
        for (StoreOptions.DefaultCollection dc : options.defaultCollections()) {
            newCollection(dc.displayName(), dc.dataClass(), true);
        }
        mv.commit();
        mv.sync();
        LOG.debug("Created embedded store {} with {} default collections", file, options.defaultCollections().size());
    }

    private CollectionRecord newCollection(String displayName, DataClass dataClass, boolean isDefault) {
        long next = Long.parseLong(meta.get("nextCollectionId"));
        meta.put("nextCollectionId", Long.toString(next + 1));
        String id = Long.toString(next);
        CollectionRecord record = new CollectionRecord(id, displayName, dataClass, null, isDefault, randomHex(4), 0, 0);
        collections.put(id, record.encode());
        mapsById.put(id, openMaps(id));
        return record;
    }

    private CollectionMaps openMaps(String id) {
        String prefix = "c." + id + ".";
        return new CollectionMaps(
                mv.openMap(prefix + "etag", new MVMap.Builder<String, Long>()
                        .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE)),
                mv.openMap(prefix + "data", new MVMap.Builder<String, String>()
                        .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE)),
                mv.openMap(prefix + "log", new MVMap.Builder<Long, String>()
                        .keyType(LongDataType.INSTANCE).valueType(StringDataType.INSTANCE)),
                mv.openMap(prefix + "tomb", new MVMap.Builder<Long, String>()
                        .keyType(LongDataType.INSTANCE).valueType(StringDataType.INSTANCE)),
                mv.openMap(prefix + "tombIdx", new MVMap.Builder<String, Long>()
                        .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE)));
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public List<CollectionInfo> collections() throws StoreException {
        return read(() -> {
            List<CollectionInfo> result = new ArrayList<>();
            for (byte[] value : collections.values()) {
                result.add(CollectionRecord.decode(value).info());
            }
            result.sort(Comparator.comparingLong(c -> Long.parseLong(c.id())));
            return result;
        });
    }

    @Override
    public List<ResourceRef> list(String collectionId) throws StoreException {
        return read(() -> {
            CollectionRecord record = record(collectionId);
            CollectionMaps maps = mapsById.get(collectionId);
            List<ResourceRef> refs = new ArrayList<>(maps.etag().size());
            Cursor<String, Long> cursor = maps.etag().cursor(null);
            while (cursor.hasNext()) {
                String name = cursor.next();
                refs.add(new ResourceRef(name, etag(record, cursor.getValue())));
            }
            return refs;
        });
    }

    @Override
    public Optional<Resource> get(String collectionId, String name) throws StoreException {
        Objects.requireNonNull(name, "name");
        return read(() -> {
            CollectionRecord record = record(collectionId);
            return Optional.ofNullable(resource(record, mapsById.get(collectionId), name));
        });
    }

    @Override
    public Map<String, Resource> getAll(String collectionId, Collection<String> names) throws StoreException {
        Objects.requireNonNull(names, "names");
        return read(() -> {
            CollectionRecord record = record(collectionId);
            CollectionMaps maps = mapsById.get(collectionId);
            Map<String, Resource> result = new LinkedHashMap<>();
            for (String name : names) {
                Resource r = resource(record, maps, name);
                if (r != null) {
                    result.put(name, r);
                }
            }
            return result;
        });
    }

    private static Resource resource(CollectionRecord record, CollectionMaps maps, String name) {
        Long revision = maps.etag().get(name);
        if (revision == null) {
            return null;
        }
        return new Resource(name, etag(record, revision), maps.data().get(name));
    }

    @Override
    public String syncToken(String collectionId) throws StoreException {
        return read(() -> token(record(collectionId)));
    }

    @Override
    public ChangeSet changesSince(String collectionId, String token) throws StoreException {
        return read(() -> {
            CollectionRecord record = record(collectionId);
            CollectionMaps maps = mapsById.get(collectionId);
            List<ResourceRef> changed = new ArrayList<>();
            List<String> deleted = new ArrayList<>();
            if (token == null) {
                Cursor<String, Long> all = maps.etag().cursor(null);
                while (all.hasNext()) {
                    String name = all.next();
                    changed.add(new ResourceRef(name, etag(record, all.getValue())));
                }
                return new ChangeSet(token(record), changed, deleted);
            }
            long since = parseToken(record, token);
            long visited = 0;
            Cursor<Long, String> log = maps.log().cursor(since + 1);
            while (log.hasNext()) {
                long revision = log.next();
                changed.add(new ResourceRef(log.getValue(), etag(record, revision)));
                visited++;
            }
            Cursor<Long, String> tombs = maps.tomb().cursor(since + 1);
            while (tombs.hasNext()) {
                tombs.next();
                deleted.add(Tombstone.decode(tombs.getValue()).name());
                visited++;
            }
            changeEntriesVisited.addAndGet(visited);
            return new ChangeSet(token(record), changed, deleted);
        });
    }

    private String token(CollectionRecord record) {
        return storeId + "." + record.epoch() + "." + record.revision();
    }

    private long parseToken(CollectionRecord record, String token) throws InvalidSyncToken {
        String prefix = storeId + "." + record.epoch() + ".";
        if (!token.startsWith(prefix) || token.length() > prefix.length() + 19) {
            throw new InvalidSyncToken("Sync token is not from this collection of this store");
        }
        long revision;
        try {
            revision = Long.parseLong(token.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new InvalidSyncToken("Malformed sync token");
        }
        if (revision > record.revision() || revision < 0) {
            throw new InvalidSyncToken("Sync token names a revision this collection never had");
        }
        if (revision < record.minRevision()) {
            throw new InvalidSyncToken("Sync token has expired: deletions since then were forgotten");
        }
        return revision;
    }

    private static String etag(CollectionRecord record, long revision) {
        return record.epoch() + "-" + revision;
    }

    /** The record of an existing collection; call with a lock held. */
    private CollectionRecord record(String collectionId) throws NotFound {
        Objects.requireNonNull(collectionId, "collectionId");
        byte[] value = collections.get(collectionId);
        if (value == null) {
            throw new NotFound("No collection " + collectionId);
        }
        return CollectionRecord.decode(value);
    }

    // ------------------------------------------------------------------ writes

    @Override
    public CollectionInfo createCollection(String displayName, DataClass dataClass) throws StoreException {
        String name = checkDisplayName(displayName);
        Objects.requireNonNull(dataClass, "dataClass");
        CollectionRecord created = write(() -> {
            CollectionRecord record;
            try {
                record = changeMaps(() -> newCollection(name, dataClass, false));
            } catch (RuntimeException e) {
                // rolled back: the counter names the id that was being created again
                mapsById.remove(meta.get("nextCollectionId"));
                throw e;
            }
            return record;
        });
        LOG.debug("Created collection {} ({})", created.id(), dataClass);
        listener.hierarchyChanged();
        return created.info();
    }

    @Override
    public void renameCollection(String collectionId, String displayName) throws StoreException {
        String name = checkDisplayName(displayName);
        boolean renamed = write(() -> {
            CollectionRecord record = record(collectionId);
            if (record.displayName().equals(name)) {
                return false;
            }
            changeMaps(() -> collections.put(collectionId, record.withDisplayName(name).encode()));
            return true;
        });
        if (renamed) {
            LOG.debug("Renamed collection {}", collectionId);
            listener.hierarchyChanged();
        }
    }

    @Override
    public void recolorCollection(String collectionId, String color) throws StoreException {
        write(() -> {
            CollectionRecord record = record(collectionId);
            if (!Objects.equals(record.color(), color)) {
                changeMaps(() -> collections.put(collectionId, record.withColor(color).encode()));
            }
            return null;
        });
        LOG.debug("Set the colour of collection {}", collectionId);
    }

    @Override
    public void deleteCollection(String collectionId) throws StoreException {
        write(() -> {
            record(collectionId);
            changeMaps(() -> {
                CollectionMaps maps = mapsById.remove(collectionId);
                collections.remove(collectionId);
                mv.removeMap(maps.etag());
                mv.removeMap(maps.data());
                mv.removeMap(maps.log());
                mv.removeMap(maps.tomb());
                mv.removeMap(maps.tombIdx());
                return null;
            });
            return null;
        });
        LOG.debug("Deleted collection {}", collectionId);
        listener.hierarchyChanged();
    }

    @Override
    public String put(String collectionId, String name, String content, WriteCondition condition)
            throws StoreException {
        return putAll(collectionId, List.of(new Write(name, content, condition))).get(0).etagOrThrow();
    }

    /** The whole batch in one commit and one fsync: on disk all of it or none of it. */
    @Override
    public List<WriteResult> putAll(String collectionId, List<Write> writes) throws StoreException {
        Objects.requireNonNull(writes, "writes");
        for (Write w : writes) {
            checkName(w.name());
        }
        List<WriteResult> results = new ArrayList<>(writes.size());
        boolean changed = write(() -> {
            CollectionRecord record = record(collectionId);
            CollectionMaps maps = mapsById.get(collectionId);
            boolean any = false;
            for (Write w : writes) {
                String etag = null;
                StoreException failure = checkWrite(record, maps, w);
                if (failure == null) {
                    Long current = maps.etag().get(w.name());
                    if (current != null && w.content().equals(maps.data().get(w.name()))) {
                        etag = etag(record, current); // same content: same version, nothing to announce
                    } else {
                        record = applyPut(collectionId, record, maps, w, current);
                        etag = etag(record, record.revision());
                        any = true;
                    }
                }
                results.add(failure == null ? WriteResult.written(w.name(), etag) : WriteResult.failed(w.name(), failure));
            }
            return any;
        });
        if (changed) {
            listener.collectionChanged(collectionId);
        }
        return results;
    }

    /** Why {@code w} may not be written now, or {@code null}; call in a writer. */
    private StoreException checkWrite(CollectionRecord record, CollectionMaps maps, Write w) {
        if (w.content().length() > options.maxResourceChars()) {
            return new StoreException.TooLarge("Resource too large: " + w.content().length() + " characters, at most "
                    + options.maxResourceChars() + " accepted");
        }
        Long current = maps.etag().get(w.name());
        if (w.condition() instanceof WriteCondition.Create && current != null) {
            return new PreconditionFailed("Resource exists already");
        }
        if (w.condition() instanceof WriteCondition.IfMatch ifMatch
                && (current == null || !etag(record, current).equals(ifMatch.etag()))) {
            return new PreconditionFailed(current == null ? "Resource does not exist" : "Resource has changed");
        }
        return null;
    }

    /** Stores one resource under the collection's next revision, uncommitted; returns the collection's new record. */
    private CollectionRecord applyPut(String collectionId, CollectionRecord record, CollectionMaps maps, Write w,
            Long current) {
        long revision = record.revision() + 1;
        return changeMaps(() -> {
            if (current != null) {
                maps.log().remove(current);
            }
            Long tombstone = maps.tombIdx().remove(w.name());
            if (tombstone != null) {
                maps.tomb().remove(tombstone);
            }
            maps.data().put(w.name(), w.content());
            maps.etag().put(w.name(), revision);
            maps.log().put(revision, w.name());
            CollectionRecord after = pruneTombstones(record.withRevision(revision), maps);
            collections.put(collectionId, after.encode());
            return after;
        });
    }

    @Override
    public void delete(String collectionId, String name, WriteCondition condition) throws StoreException {
        checkName(name);
        Objects.requireNonNull(condition, "condition");
        if (condition instanceof WriteCondition.Create) {
            throw new IllegalArgumentException("create() is not a condition for delete");
        }
        write(() -> {
            CollectionRecord record = record(collectionId);
            CollectionMaps maps = mapsById.get(collectionId);
            Long current = maps.etag().get(name);
            if (current == null) {
                throw new NotFound("No resource of that name");
            }
            if (condition instanceof WriteCondition.IfMatch ifMatch && !etag(record, current).equals(ifMatch.etag())) {
                throw new PreconditionFailed("Resource has changed");
            }
            long revision = record.revision() + 1;
            long now = options.clock().millis();
            changeMaps(() -> {
                maps.data().remove(name);
                maps.etag().remove(name);
                maps.log().remove(current);
                maps.tomb().put(revision, new Tombstone(now, name).encode());
                maps.tombIdx().put(name, revision);
                collections.put(collectionId, pruneTombstones(record.withRevision(revision), maps).encode());
                return null;
            });
            return null;
        });
        listener.collectionChanged(collectionId);
    }

    /**
     * Drops the tombstones beyond the retention or count limit, oldest first, and moves the collection's
     * minimum revision past them. Costs one look-up when nothing is due. Call inside {@link #changeMaps}.
     */
    private CollectionRecord pruneTombstones(CollectionRecord record, CollectionMaps maps) {
        long cutoff = options.clock().millis() - options.tombstoneRetention().toMillis();
        long minRevision = record.minRevision();
        while (true) {
            Long first = maps.tomb().firstKey();
            if (first == null) {
                break;
            }
            Tombstone t = Tombstone.decode(maps.tomb().get(first));
            if (t.time() >= cutoff && maps.tomb().sizeAsLong() <= options.maxTombstones()) {
                break;
            }
            maps.tomb().remove(first);
            maps.tombIdx().remove(t.name(), first);
            minRevision = Math.max(minRevision, first);
        }
        return minRevision == record.minRevision() ? record : record.withMinRevision(minRevision);
    }

    /** Applies the age limit to every collection's tombstones (at open). */
    private void pruneAllTombstones() throws StoreException {
        boolean pruned = write(() -> changeMaps(() -> {
            boolean any = false;
            for (Map.Entry<String, CollectionMaps> e : mapsById.entrySet()) {
                CollectionRecord record = CollectionRecord.decode(collections.get(e.getKey()));
                CollectionRecord after = pruneTombstones(record, e.getValue());
                if (after != record) {
                    collections.put(e.getKey(), after.encode());
                    any = true;
                }
            }
            return any;
        }));
        if (pruned) {
            LOG.debug("Dropped expired tombstones in {}", file);
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("Resource name must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("Resource name contains a control character");
            }
        }
    }

    private static String checkDisplayName(String displayName) {
        Objects.requireNonNull(displayName, "displayName");
        String name = displayName.strip();
        if (name.isEmpty() || name.length() > MAX_DISPLAY_NAME_LENGTH) {
            throw new IllegalArgumentException("Display name must have 1 to " + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        return name;
    }

    // ------------------------------------------------------------------ locking, commit, sync

    private interface StoreAction<T> {
        T run() throws StoreException;
    }

    private interface MapChange<T> {
        T run();
    }

    private <T> T read(StoreAction<T> action) throws StoreException {
        Lock lock = mapLock.readLock();
        lock.lock();
        try {
            checkOpen();
            return action.run();
        } catch (MVStoreException e) {
            throw unavailable(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a writer: checks, then changes through {@link #changeMaps}; commits if anything changed and
     * returns once the commit is on disk.
     */
    private <T> T write(StoreAction<T> action) throws StoreException {
        long version;
        T result;
        writeLock.lock();
        try {
            checkOpen();
            result = action.run();
            if (!mv.hasUnsavedChanges()) {
                return result;
            }
            try {
                mv.commit();
            } catch (MVStoreException e) {
                discardUncommitted(e); // a failed write must not ride along with the next one
                throw e;
            }
            version = mv.getCurrentVersion();
            committedVersion = version;
            if (++commitsSinceCompact >= MAINTAIN_EVERY) {
                commitsSinceCompact = 0;
                compact();
            }
        } catch (MVStoreException e) {
            throw unavailable(e);
        } finally {
            writeLock.unlock();
        }
        awaitDurable(version);
        return result;
    }

    /** Changes the maps with readers kept out; undoes everything uncommitted if the change fails half way. */
    private <T> T changeMaps(MapChange<T> change) {
        Lock lock = mapLock.writeLock();
        lock.lock();
        try {
            return change.run();
        } catch (RuntimeException | Error e) {
            discardUncommitted(e);
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** Reverts the maps to the last commit; the caller holds the write lock. */
    private void discardUncommitted(Throwable cause) {
        try {
            if (!mv.isClosed()) {
                mv.rollback();
            }
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    /** Group commit: one fsync makes every version committed before it durable. */
    private void awaitDurable(long version) throws Unavailable {
        synchronized (syncMonitor) {
            if (durableVersion >= version) {
                return;
            }
            long upTo = committedVersion;
            try {
                mv.sync();
            } catch (MVStoreException e) {
                throw unavailable(e);
            }
            durableVersion = upTo;
        }
    }

    /**
     * Copy-on-write leaves dead and half-dead chunks behind every commit; MVStore's own housekeeping
     * thread would clean them, but it also commits on its own, which could persist half of a change. So
     * the writers do it: when the live share drops too low, rewrite live pages and move chunks together
     * for a bounded time. MVStore syncs before it overwrites or truncates anything. Holds the write lock.
     */
    private void compact() {
        try {
            int fileFill = mv.getFillRate();
            int chunksFill = mv.getFileStore().getChunksFillRate();
            if (Math.min(fileFill, chunksFill) >= MIN_FILL_RATE) {
                return;
            }
            int retention = mv.getRetentionTime();
            try {
                mv.compactFile(COMPACT_MILLIS);
            } finally {
                mv.setRetentionTime(retention); // compactFile sets it to 0 for good
            }
            committedVersion = mv.getCurrentVersion();
            LOG.debug("Compacted {}: fill rate {}% -> {}%", file, fileFill, mv.getFillRate());
        } catch (MVStoreException e) {
            LOG.warn("Compacting {} failed; will try again later", file, e);
        }
    }

    private void checkOpen() throws Unavailable {
        if (closed || mv.isClosed()) {
            throw new Unavailable("The embedded store " + file.getFileName() + " is closed", null);
        }
    }

    private Unavailable unavailable(MVStoreException e) {
        LOG.warn("Embedded store {} failed", file, e);
        return new Unavailable("The embedded store failed: " + e.getMessage(), e);
    }

    /** Commits, compacts briefly and closes the file. Operations afterwards throw {@link Unavailable}. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Lock lock = mapLock.writeLock();
            lock.lock();
            try {
                mv.close(200);
            } finally {
                lock.unlock();
            }
            LOG.debug("Closed embedded store {}", file);
        } catch (MVStoreException e) {
            LOG.warn("Closing the embedded store {} failed", file, e);
        } finally {
            writeLock.unlock();
        }
    }
}
