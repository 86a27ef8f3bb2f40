package org.hearthsync.activesync.internal.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.h2.mvstore.MVMap;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.sync.ActivityJournal.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The losers of conflicts ({@link ConflictRecord}s the sync writes through {@link SyncStateStore#journal})
 * listed for the console, and the one-step restore that writes a loser back as a normal change.
 */
final class ConflictLog {
    private static final Logger LOG = LoggerFactory.getLogger(ConflictLog.class);
    private final SyncStateStore states;
    private final StoreDirectory stores;

    ConflictLog(SyncStateStore states, StoreDirectory stores) {
        this.states = states;
        this.stores = stores;
    }

    List<Conflict> conflicts(int limit, String deviceId, String folder) {
        List<Conflict> out = new ArrayList<>();
        Listing names = new Listing(stores);
        MVMap<String, String> m = states.journalMap();
        String k = m.lastKey();
        while (k != null && out.size() < limit) {
            ConflictRecord c = SavedRecord.readOrSkip(ConflictRecord::decode, "journal", k, m.get(k));
            if (c != null && Listing.matches(deviceId, c.deviceId())) {
                String name = names.name(c.storeName(), c.collectionId(), c.folderId());
                if (Listing.matches(folder, c.folderId()) || folder.equalsIgnoreCase(name)) {
                    out.add(new Conflict(k, Instant.ofEpochMilli(c.timeMillis()), c.user(), c.deviceId(), c.folderId(), c.name(),
                            c.winner(), c.winnerSummary(), Summary.of(c.loserText()), c.restorable(), name));
                }
            }
            k = m.lowerKey(k);
        }
        return out;
    }

    boolean restore(String id) {
        ConflictRecord c = SavedRecord.readOrSkip(ConflictRecord::decode, "journal", id, states.journalMap().get(id));
        if (c == null || !c.restorable()) {
            return false;
        }
        try {
            PimStore store = stores.store(c.storeName()).orElse(null);
            if (store == null) {
                return false;
            }
            Optional<Resource> cur = store.get(c.collectionId(), c.name());
            store.put(c.collectionId(), c.name(), c.loserText(),
                    cur.isPresent() ? WriteCondition.ifMatch(cur.get().etag()) : WriteCondition.create());
        } catch (StoreException e) {
            LOG.warn("could not restore the losing version of a conflict in collection {}: {}", c.collectionId(), e.getMessage());
            return false;
        }
        synchronized (states) {
            states.journalMap().remove(id);
        }
        states.commit();
        LOG.info("restored the losing version of a conflict of device {} in collection {}", c.deviceId(), c.collectionId());
        return true;
    }
}
