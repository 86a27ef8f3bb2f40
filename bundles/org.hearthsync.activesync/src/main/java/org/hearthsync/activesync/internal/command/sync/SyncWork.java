package org.hearthsync.activesync.internal.command.sync;

import static org.hearthsync.activesync.internal.command.sync.SyncHandler.INCOMPLETE_REQUEST;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.KIND_REQUEST;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.PROTOCOL_ERROR;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.internal.command.sync.SyncRequest.Collection;
import org.hearthsync.activesync.internal.sync.CachedRequest;
import org.hearthsync.activesync.internal.sync.FolderState;
import org.hearthsync.activesync.internal.sync.SavedRecord;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collections a Sync request asks for and its window. An empty request (14.0+) repeats the
 * cached last one with the folders' current keys; a Partial one adds its collections to it.
 *
 * @param collections the collections, in request order
 * @param window      the request's window ({@code null}: not sent)
 * @param fromCache   whether the request itself named no collections (it is then not cached again)
 * @param refusal     0, or the top-level status to answer with: the request cannot be completed
 */
record SyncWork(List<Collection> collections, Integer window, boolean fromCache, int refusal) {
    private static final Logger LOG = LoggerFactory.getLogger(SyncWork.class);

    SyncWork {
        collections = List.copyOf(collections);
    }

    private SyncWork(List<Collection> collections, Integer window, boolean fromCache) {
        this(collections, window, fromCache, 0);
    }

    private static SyncWork refused(int status) {
        return new SyncWork(List.of(), null, false, status);
    }

    /** {@code req} {@code null}: the request had no body. */
    static SyncWork of(SyncStateStore states, String user, String device, SyncRequest req, boolean modern) {
        Optional<CachedRequest> cached = cached(states, user, device);
        Integer window = req == null ? null : req.windowSize();
        if (req == null || req.collections() == null) {
            if (!modern || cached.isEmpty()) {
                return refused(INCOMPLETE_REQUEST);
            }
            return new SyncWork(withCurrentKeys(states, user, device, SyncRequest.fromCache(cached.get()), List.of()),
                    window != null ? window : cached.get().windowSize(), true);
        }
        if (req.partial() && cached.isPresent()) {
            return new SyncWork(withCurrentKeys(states, user, device, SyncRequest.fromCache(cached.get()), req.collections()),
                    window != null ? window : cached.get().windowSize(), false);
        }
        if (req.collections().isEmpty()) {
            return refused(PROTOCOL_ERROR);
        }
        return new SyncWork(req.collections(), window, false);
    }

    /** The device's last request as kept; an unreadable one counts as none (the request is then answered as without it). */
    private static Optional<CachedRequest> cached(SyncStateStore states, String user, String device) {
        try {
            return states.deviceValue(user, device, KIND_REQUEST).map(CachedRequest::decode);
        } catch (SavedRecord.BadRecord e) {
            LOG.warn("the saved last Sync request of device {} is unreadable, taken as absent: {}", device, e.getMessage());
            return Optional.empty();
        }
    }

    private static List<Collection> withCurrentKeys(SyncStateStore states, String user, String device,
            List<Collection> cachedCollections, List<Collection> given) {
        Map<String, Collection> byId = new LinkedHashMap<>();
        for (Collection c : cachedCollections) {
            FolderState s = states.load(user, device, c.collectionId());
            if (s.primed()) {
                byId.put(c.collectionId(), c.withKey(s.curKey()));
            }
        }
        for (Collection c : given) {
            byId.put(c.collectionId(), c);
        }
        return new ArrayList<>(byId.values());
    }
}
