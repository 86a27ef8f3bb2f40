package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.h2.mvstore.MVMap;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.sync.ActivityJournal.Deleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recycle bin: items phones deleted ({@link BinRecord}s in the sync state's {@code bin} map, in
 * time order), kept for the retention time and purged lazily, restorable into their collection.
 */
final class RecycleBin {
    private static final Logger LOG = LoggerFactory.getLogger(RecycleBin.class);
    private final SyncStateStore states;
    private final StoreDirectory stores;
    private final Clock clock;
    private final Supplier<Duration> retention;

    RecycleBin(SyncStateStore states, StoreDirectory stores, Clock clock, Supplier<Duration> retention) {
        this.states = states;
        this.stores = stores;
        this.clock = clock;
        this.retention = retention;
    }

    /** Keeps an item a phone is about to delete; returns the entry's id (for {@link #unrecycle}). */
    String recycle(String user, String deviceId, String storeName, String collectionId, String name, String content) {
        synchronized (states) {
            purge();
            MVMap<String, String> m = states.bin;
            String id = SyncStateStore.nextKey(m);
            m.put(id, new BinRecord(user, deviceId, storeName, collectionId, name, clock.millis(), content).encode());
            states.commit();
            return id;
        }
    }

    /** The delete did not happen after all. */
    void unrecycle(String id) {
        if (id != null) {
            synchronized (states) {
                states.bin.remove(id);
            }
        }
    }

    /** Drops entries older than the retention time (and unreadable ones at the old end). */
    private void purge() {
        MVMap<String, String> m = states.bin;
        long oldest = clock.millis() - retention.get().toMillis();
        String k = m.firstKey();
        while (k != null) {
            BinRecord b = SavedRecord.readOrSkip(BinRecord::decode, "bin", k, m.get(k));
            if (b != null && b.timeMillis() >= oldest) {
                break;
            }
            m.remove(k);
            k = m.firstKey();
        }
    }

    List<Deleted> list(int limit) {
        synchronized (states) {
            purge();
        }
        List<Deleted> out = new ArrayList<>();
        Listing names = new Listing(stores);
        MVMap<String, String> m = states.bin;
        String k = m.lastKey();
        Duration keep = retention.get();
        while (k != null && out.size() < limit) {
            BinRecord b = SavedRecord.readOrSkip(BinRecord::decode, "bin", k, m.get(k));
            if (b != null) {
                Instant at = Instant.ofEpochMilli(b.timeMillis());
                out.add(new Deleted(k, at, at.plus(keep), b.user(), b.deviceId(), b.storeName(), b.collectionId(), b.name(),
                        Summary.of(b.content()), names.name(b.storeName(), b.collectionId(), b.collectionId())));
            }
            k = m.lowerKey(k);
        }
        return out;
    }

    /** Puts an item back under its name, or under a new one when the name is taken again. */
    boolean restore(String id) {
        BinRecord b = SavedRecord.readOrSkip(BinRecord::decode, "bin", id, states.bin.get(id));
        if (b == null) {
            return false;
        }
        try {
            PimStore store = stores.store(b.storeName()).orElse(null);
            if (store == null) {
                return false;
            }
            try {
                store.put(b.collectionId(), b.name(), b.content(), WriteCondition.create());
            } catch (StoreException.PreconditionFailed taken) {
                int dot = b.name().lastIndexOf('.');
                String ext = dot > 0 ? b.name().substring(dot) : "";
                store.put(b.collectionId(), "restored-" + UUID.randomUUID() + ext, b.content(), WriteCondition.create());
            }
        } catch (StoreException e) {
            LOG.warn("could not restore a deleted item into collection {}: {}", b.collectionId(), e.getMessage());
            return false;
        }
        synchronized (states) {
            states.bin.remove(id);
        }
        states.commit();
        LOG.info("restored an item device {} deleted into collection {}", b.deviceId(), b.collectionId());
        return true;
    }
}
