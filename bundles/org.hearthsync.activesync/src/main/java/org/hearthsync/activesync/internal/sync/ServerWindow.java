package org.hearthsync.activesync.internal.sync;

import static org.hearthsync.activesync.internal.sync.CollectionSync.AS;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hearthsync.activesync.internal.sync.UndoLog.Undo;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.MappingException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One window of server changes for a Sync response: queued items are fetched in batches and sent as
 * Add, Change, Delete or SoftDelete (out of the filter window); each is recorded in the folder's undo
 * log, so a retry with the previous key rolls the response back.
 */
record ServerWindow(FolderScope scope, ServerChanges changes, SyncTally tally) {
    private static final Logger LOG = LoggerFactory.getLogger(ServerWindow.class);

    /** Sends up to {@code window} queued changes; returns whether more are queued. */
    boolean collect(int window) throws StoreException {
        FolderState state = scope.state();
        boolean filtered = changes.filter().filtered();
        while (tally.commandCount() < window) {
            List<String[]> batch = state.queue().peek(Math.min(ServerChanges.FETCH_BATCH, Math.max(window - tally.commandCount(), 8)));
            if (batch.isEmpty()) {
                if (!changes.pullIfDrained()) {
                    break;
                }
                continue;
            }
            List<String> names = new ArrayList<>();
            batch.forEach(b -> names.add(b[1]));
            Map<String, Resource> found = scope.store().getAll(scope.collection(), names);
            for (String[] b : batch) {
                if (tally.commandCount() >= window) {
                    break;
                }
                state.queue().dequeue(b[0], b[1]);
                send(b[1], found.get(b[1]), filtered);
            }
        }
        return !state.queue().isEmpty();
    }

    /** One queued item: {@code res} its current version ({@code null}: gone). */
    private void send(String name, Resource res, boolean filtered) {
        FolderState state = scope.state();
        String sid = state.items().sidOf(name);
        ItemEntry e = sid == null ? null : state.items().entry(sid);
        if (res == null) {
            if (e != null) {
                remove("Delete", sid, name, e);
            }
            return;
        }
        if (e != null && e.etag().equals(res.etag()) && !filtered) {
            return;
        }
        if (e == null && changes.held(name, res.etag())) {
            return; // deleted on the phone, held for the user's decision
        }
        Element data;
        try {
            data = scope.mapper().toEas(res.content(), scope.options());
        } catch (MappingException ex) {
            // the message may quote the item: not logged
            LOG.debug("cannot convert {} of collection {} for a phone; skipped", name, scope.collection());
            return;
        }
        if (filtered && !changes.filter().contains(data)) {
            if (e != null) {
                remove("SoftDelete", sid, name, e);
            }
            return;
        }
        if (e != null && e.etag().equals(res.etag())) {
            return;
        }
        if (e == null) {
            sid = state.newSid();
            tally.serverAdd(command("Add", sid, data));
            state.undo().sent(sid, name, null);
        } else {
            tally.serverChange(command("Change", sid, data));
            state.undo().sent(sid, name, e);
        }
        state.items().put(sid, name, res.etag());
    }

    private void remove(String kind, String sid, String name, ItemEntry e) {
        tally.serverDelete(new Element(AS, kind).addText(AS, "ServerId", sid));
        scope.state().undo().sent(sid, name, e);
        scope.state().items().remove(sid);
    }

    private static Element command(String kind, String sid, Element data) {
        Element c = new Element(AS, kind).addText(AS, "ServerId", sid);
        c.add(data);
        return c;
    }
}
