package org.hearthsync.activesync.internal.sync;

import static org.hearthsync.activesync.internal.sync.CollectionSync.AS;
import static org.hearthsync.activesync.internal.sync.CollectionSync.NOT_FOUND;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;

/**
 * The client's Deletes. Nothing a phone deletes is lost: the item goes to the recycle bin before
 * the store deletes it; a server change made since the phone's copy is a conflict (journaled); while
 * the mass-deletion guard holds this request's deletes, they leave the phone's state only and wait in
 * the store for the user's decision.
 */
final class ClientDeletes {
    /** Times a Delete re-reads the item when the store's copy changed under it. */
    private static final int WRITE_ATTEMPTS = 4;

    private final FolderScope scope;
    private final FolderState state;
    private final SyncTally tally;
    private final ConflictRecorder conflicts;
    private final SafetyNet safety;
    /** The mass-deletion guard fired for this request: deletes are held, not applied to the store. */
    private final boolean hold;
    private final List<DeleteGuard.HeldItem> held = new ArrayList<>();

    ClientDeletes(FolderScope scope, SyncTally tally, ConflictRecorder conflicts, SafetyNet safety, boolean hold) {
        this.scope = scope;
        this.state = scope.state();
        this.tally = tally;
        this.conflicts = conflicts;
        this.safety = safety;
        this.hold = hold;
    }

    /** The deletes held so far (for {@link SafetyNet#hold}). */
    List<DeleteGuard.HeldItem> held() {
        return List.copyOf(held);
    }

    void delete(Element cmd) throws StoreException {
        String sid = cmd.childText(AS, "ServerId");
        ItemEntry e = sid == null ? null : state.items().entry(sid);
        if (e == null) {
            if (!state.issued(sid)) {
                tally.respondItem("Delete", sid, NOT_FOUND);
            }
            return;
        }
        if (hold) {
            // the mass-deletion guard: off the phone's state, still in the store until the user decides
            held.add(new DeleteGuard.HeldItem(sid, e.name(), e.etag()));
            state.items().remove(sid);
            tally.deleteHeld();
            return;
        }
        String etag = e.etag();
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<Resource> cur = scope.store().get(scope.collection(), e.name());
            if (cur.isEmpty()) {
                break;
            }
            if (!cur.get().etag().equals(etag)) {
                if (serverWins(sid, e, cur.get())) {
                    return;
                }
                etag = cur.get().etag();
            }
            // kept before the delete, so a crash between the two loses nothing
            String binId = safety.recycle(state.user(), state.device(), scope.target().storeName(), scope.collection(),
                    e.name(), cur.get().content());
            try {
                scope.store().delete(scope.collection(), e.name(), WriteCondition.ifMatch(etag));
                tally.clientDeleteWritten();
                break;
            } catch (StoreException.NotFound gone) {
                safety.unrecycle(binId);
                break;
            } catch (StoreException.PreconditionFailed changed) {
                safety.unrecycle(binId);
            }
        }
        state.items().remove(sid);
        tally.clientChanged();
    }

    /** A phone deleted what the server changed since; returns whether the server's version wins. */
    private boolean serverWins(String sid, ItemEntry e, Resource cur) {
        if (state.conflict() != 0) {
            // the server's newer version wins: it comes back to the phone as a new item
            conflicts.record(e.name(), "server", null, cur.content());
            state.items().remove(sid);
            state.queue().enqueue(e.name());
            tally.clientChanged();
            return true;
        }
        conflicts.record(e.name(), "client", cur.content(), null);
        return false;
    }
}
