package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.sync.ActivityJournal.HeldDeletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mass-deletion guard: deletes of one Sync that would remove more than the configured share of a
 * folder are taken off the phone's state but not applied to the store ({@link HeldRecord}s in the sync
 * state's {@code held} map) until the user approves (they then go through the {@link RecycleBin}) or
 * rejects (the phone gets them back as Adds). A decision wakes the device's parked Ping or Sync.
 */
final class DeleteGuard {
    /** One held delete: the ServerId the phone dropped, the resource and the etag the phone knew. */
    record HeldItem(String sid, String name, String etag) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeleteGuard.class);
    private final SyncStateStore states;
    private final StoreDirectory stores;
    private final Clock clock;
    private final Supplier<SafetySettings> settings;
    private final RecycleBin bin;
    /** {@code null}: nothing parks (tests, a handler built by hand). */
    private final FolderWaker hub;

    DeleteGuard(SyncStateStore states, StoreDirectory stores, Clock clock, Supplier<SafetySettings> settings, RecycleBin bin,
            FolderWaker hub) {
        this.states = states;
        this.stores = stores;
        this.clock = clock;
        this.settings = settings;
        this.bin = bin;
        this.hub = hub;
    }

    /** Whether deletes of this many items of a folder the phone holds {@code folderSize} of are held. */
    boolean shouldHold(int deletes, int folderSize) {
        SafetySettings s = settings.get();
        return s.guard() && deletes > s.minItems() && deletes * 100L > (long) folderSize * s.percent();
    }

    /** Holds a batch of deletes of one Sync (the items are already off the phone's state). */
    void hold(String user, String deviceId, String folderId, String folderName, String storeName, String collectionId,
            int folderSize, List<HeldItem> items) {
        if (items.isEmpty()) {
            return;
        }
        String v = new HeldRecord(false, user, deviceId, folderId, folderName, storeName, collectionId, clock.millis(),
                folderSize, items).encode();
        synchronized (states) {
            states.held.put(SyncStateStore.nextKey(states.held), v);
        }
        LOG.info("held {} of {} deletes device {} sent for folder {}: approve or reject them in the console",
                items.size(), folderSize, deviceId, folderId);
    }

    /** The batches by id, in order; unreadable ones left out. */
    private Map<String, HeldRecord> batches() {
        Map<String, HeldRecord> out = new LinkedHashMap<>();
        states.held.forEach((id, v) -> {
            HeldRecord b = SavedRecord.readOrSkip(HeldRecord::decode, "held", id, v);
            if (b != null) {
                out.put(id, b);
            }
        });
        return out;
    }

    private static boolean ofFolder(HeldRecord b, String user, String deviceId, String folderId) {
        return b.user().equalsIgnoreCase(user) && b.deviceId().equals(deviceId) && b.folderId().equals(folderId);
    }

    /** Names (with the etag the phone knew) of items held for this folder: not sent back while held. */
    Map<String, String> heldNames(String user, String deviceId, String folderId) {
        Map<String, String> out = new HashMap<>();
        for (HeldRecord b : batches().values()) {
            if (!b.rejected() && ofFolder(b, user, deviceId, folderId)) {
                b.items().forEach(h -> out.put(h.name(), h.etag()));
            }
        }
        return out;
    }

    /** Takes the rejected batches of this folder: their names go back to the phone. Committed with the request. */
    List<String> takeRejected(String user, String deviceId, String folderId) {
        List<String> names = new ArrayList<>();
        synchronized (states) {
            batches().forEach((id, b) -> {
                if (b.rejected() && ofFolder(b, user, deviceId, folderId)) {
                    b.items().forEach(h -> names.add(h.name()));
                    states.held.remove(id);
                }
            });
        }
        return names;
    }

    /** Whether rejected deletes of this folder wait to go back to the phone (what wakes its Ping). */
    boolean hasRejected(String user, String deviceId, String folderId) {
        return batches().values().stream().anyMatch(b -> b.rejected() && ofFolder(b, user, deviceId, folderId));
    }

    List<HeldDeletion> held() {
        List<HeldDeletion> out = new ArrayList<>();
        batches().forEach((id, b) -> {
            if (!b.rejected()) {
                out.add(new HeldDeletion(id, Instant.ofEpochMilli(b.timeMillis()), b.user(), b.deviceId(), b.folderId(),
                        b.folderName(), b.items().size(), b.folderSize(), summaries(b)));
            }
        });
        return out;
    }

    /** What the first ten items of a batch are, from the store (they are still there while held). */
    private List<String> summaries(HeldRecord b) {
        List<String> summaries = new ArrayList<>();
        try {
            PimStore store = stores.store(b.storeName()).orElse(null);
            if (store != null) {
                List<String> names = b.items().stream().limit(10).map(HeldItem::name).toList();
                Map<String, Resource> found = store.getAll(b.collectionId(), names);
                for (String n : names) {
                    Resource r = found.get(n);
                    if (r != null) {
                        summaries.add(Summary.of(r.content()));
                    }
                }
            }
        } catch (StoreException e) {
            LOG.debug("no summaries for a held batch: {}", e.getMessage());
        }
        return summaries;
    }

    boolean approve(String id) {
        HeldRecord b = SavedRecord.readOrSkip(HeldRecord::decode, "held", id, states.held.get(id));
        if (b == null || b.rejected()) {
            return false;
        }
        PimStore store = stores.store(b.storeName()).orElse(null);
        if (store == null) {
            return false;
        }
        int deleted = 0;
        int kept = 0;
        for (HeldItem h : b.items()) {
            try {
                Optional<Resource> cur = store.get(b.collectionId(), h.name());
                if (cur.isEmpty()) {
                    continue;
                }
                if (!cur.get().etag().equals(h.etag())) {
                    kept++; // changed on the server since: the newer version stays (and reaches the phone)
                    continue;
                }
                String binId = bin.recycle(b.user(), b.deviceId(), b.storeName(), b.collectionId(), h.name(), cur.get().content());
                try {
                    store.delete(b.collectionId(), h.name(), WriteCondition.ifMatch(h.etag()));
                    deleted++;
                } catch (StoreException.NotFound gone) {
                    bin.unrecycle(binId);
                } catch (StoreException.PreconditionFailed changed) {
                    bin.unrecycle(binId);
                    kept++;
                }
            } catch (StoreException e) {
                LOG.warn("could not apply a held delete in collection {}: {}", b.collectionId(), e.getMessage());
                states.commit();
                return false;
            }
        }
        synchronized (states) {
            states.held.remove(id);
        }
        states.commit();
        LOG.info("approved held deletes of device {} in folder {}: {} deleted, {} changed since and kept", b.deviceId(),
                b.folderId(), deleted, kept);
        wake(b);
        return true;
    }

    boolean reject(String id) {
        HeldRecord b;
        synchronized (states) {
            b = SavedRecord.readOrSkip(HeldRecord::decode, "held", id, states.held.get(id));
            if (b == null || b.rejected()) {
                return false;
            }
            states.held.put(id, b.reject().encode());
        }
        states.commit();
        LOG.info("rejected held deletes {}: the phone gets the items back on its next sync", id);
        wake(b);
        return true;
    }

    /**
     * A decision changes what the device's next Sync of the folder sends: its parked Ping or Sync
     * watching the collection checks again, as after a store change (an approval that deleted
     * items also sends store events, but a rejection changes nothing in the store).
     */
    private void wake(HeldRecord b) {
        if (hub != null) {
            hub.changed(b.storeName(), b.collectionId());
        }
    }
}
