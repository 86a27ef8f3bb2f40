package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.MappingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a folder: moves the store's changes since the folder's token into its queue
 * (own writes are recognised by etag), takes the user's decisions on held deletes, and says how many
 * commands the queue would give the phone now. Sync sends the queue with {@link ServerWindow}; Ping
 * and GetItemEstimate only {@link #pull} and {@link #estimate}. Nothing here saves.
 */
public final class ServerChanges {
    private static final Logger LOG = LoggerFactory.getLogger(ServerChanges.class);
    /**
     * Items fetched from the store per {@code getAll}. A DAV store makes one multiget of each batch,
     * and every request costs a connection (Radicale closes it after each answer), authentication and a
     * round trip: 256 makes a window of 512 two requests instead of eight.
     */
    static final int FETCH_BATCH = 256;

    private final FolderScope scope;
    private final FolderState state;
    private final FilterWindow filter;
    /** The safety nets, or {@code null} (Ping: the decisions wait for the next Sync). */
    private final SafetyNet safety;
    private final StoreListing listing = new StoreListing();
    /** name → etag of the items the phone deleted and the mass-deletion guard holds. */
    private Map<String, String> heldNames;
    /**
     * {@link #pullForWindow} left the store unasked: if this response empties the queue, the store is
     * asked before it goes, or it would say "no MoreAvailable" while changes made since wait unseen.
     */
    private boolean pullWhenDrained;

    ServerChanges(FolderScope scope, Clock clock, SafetyNet safety) {
        this.scope = scope;
        this.state = scope.state();
        this.filter = new FilterWindow(scope.target().dataClass(), state, clock);
        this.safety = safety;
    }

    /** The server side of a folder outside a Sync (Ping, GetItemEstimate); {@code safety} may be {@code null}. */
    public static ServerChanges of(FolderTarget target, FolderState state, MappingOptions options, Clock clock,
            SafetyNet safety) {
        return new ServerChanges(new FolderScope(target, state, options, state.n()), clock, safety);
    }

    FilterWindow filter() {
        return filter;
    }

    /** Moves the store's changes since the folder's token into the queue. */
    public void pull() throws StoreException {
        takeSafetyDecisions();
        pullFromStore();
    }

    /**
     * As {@link #pull()} for the next window of a Sync: while the previous windows' queue still holds
     * items, the store is not asked again. A DAV server answers a change listing in time that grows
     * with the collection, so one listing per window made a large initial sync grow faster than the
     * collection; changes made meanwhile are picked up once the queue has drained.
     */
    void pullForWindow() throws StoreException {
        takeSafetyDecisions();
        if (state.queue().isEmpty() || filter.rescanDue()) {
            pullFromStore();
        } else {
            pullWhenDrained = true;
        }
    }

    /** The queue drained: asks the store now if {@link #pullForWindow} did not; returns whether it did. */
    boolean pullIfDrained() throws StoreException {
        if (!pullWhenDrained) {
            return false;
        }
        pullWhenDrained = false;
        pullFromStore();
        return true;
    }

    /**
     * After {@link #pull()} and a change of the options (GetItemEstimate's FilterType): lists again
     * only if the new filter needs a rescan.
     */
    public void pullIfRescanDue() throws StoreException {
        if (filter.rescanDue()) {
            pullFromStore();
        }
    }

    /** How many commands the queue would give the phone now, nothing changed (see {@link ChangeEstimate}). */
    public int estimate() throws StoreException {
        return new ChangeEstimate(scope, this, listing).count();
    }

    /** Whether a window skips this item: the phone deleted it and the delete is held. */
    boolean held(String name, String etag) {
        return heldNames != null && etag.equals(heldNames.get(name));
    }

    private void takeSafetyDecisions() {
        if (safety != null) {
            for (String name : safety.takeRejected(state.user(), state.device(), state.folderId())) {
                state.queue().enqueue(name);
            }
            heldNames = safety.heldNames(state.user(), state.device(), state.folderId());
        }
    }

    private void pullFromStore() throws StoreException {
        ChangeSet cs;
        try {
            cs = scope.store().changesSince(scope.collection(), state.token());
        } catch (StoreException.InvalidSyncToken e) {
            LOG.debug("store token of folder {} of device {} expired; comparing in full", state.folderId(), state.device());
            compareInFull();
            return;
        }
        listing.remember(cs, state.token() == null);
        for (ResourceRef r : cs.changed()) {
            queueIfNew(r);
        }
        for (String name : cs.deleted()) {
            if (state.items().sidOf(name) != null) {
                state.queue().enqueue(name);
            }
        }
        state.token(cs.token());
        rescanIfDue(cs.token());
    }

    /** The store forgot the token: every item it lists is compared, every item it does not is gone. */
    private void compareInFull() throws StoreException {
        ChangeSet all = scope.store().changesSince(scope.collection(), null);
        listing.remember(all, true);
        Set<String> present = new HashSet<>();
        for (ResourceRef r : all.changed()) {
            present.add(r.name());
            queueIfNew(r);
        }
        state.items().forEachName(name -> {
            if (!present.contains(name)) {
                state.queue().enqueue(name);
            }
        });
        state.token(all.token());
    }

    private void rescanIfDue(String token) throws StoreException {
        int filterType = state.filterType();
        if (filter.filtered() && (filterType != state.rescanFilter() || filter.today() != state.rescanDay())) {
            // the window moved or changed: look at every item again
            for (ResourceRef r : scope.store().list(scope.collection())) {
                state.queue().enqueue(r.name());
            }
            state.items().forEachName(state.queue()::enqueue);
            state.rescanned(filterType, filter.today());
        } else if (!filter.filtered() && state.rescanFilter() != 0) {
            // filter removed: items outside the old window come now
            List<ResourceRef> all = scope.store().list(scope.collection());
            listing.remember(new ChangeSet(token, all, List.of()), true);
            for (ResourceRef r : all) {
                state.queue().enqueue(r.name());
            }
            state.rescanned(0, state.rescanDay());
        }
    }

    private void queueIfNew(ResourceRef r) {
        String sid = state.items().sidOf(r.name());
        if (sid != null) {
            ItemEntry e = state.items().entry(sid);
            if (e != null && e.etag().equals(r.etag())) {
                return; // what the phone has: its own change, or already sent
            }
        }
        state.queue().enqueue(r.name());
    }
}
