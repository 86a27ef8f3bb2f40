package org.hearthsync.activesync.internal.sync;

import static org.hearthsync.activesync.internal.sync.CollectionSync.AS;
import static org.hearthsync.activesync.internal.sync.CollectionSync.CONFLICT;
import static org.hearthsync.activesync.internal.sync.CollectionSync.CONVERSION_ERROR;
import static org.hearthsync.activesync.internal.sync.CollectionSync.NOT_FOUND;
import static org.hearthsync.activesync.internal.sync.CollectionSync.OK;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import org.hearthsync.activesync.internal.sync.ClientAdds.ClientAdd;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.pim.MappingException;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's Adds and Changes, written to the store with the etag the phone last saw, so a write
 * made on the server meanwhile is a conflict (journaled, the folder's conflict option picks the
 * winner) and never silently overwritten. An Add is written under a name fixed by the request, so a
 * retried Add finds its first write instead of making a second item.
 */
final class ClientWrites {
    private static final Logger LOG = LoggerFactory.getLogger(ClientWrites.class);
    /** Times a Change re-reads the item when a write raced it, before it answers 5 (the phone retries). */
    private static final int WRITE_ATTEMPTS = 4;

    private final FolderScope scope;
    private final FolderState state;
    private final SyncTally tally;
    private final ConflictRecorder conflicts;
    /** The ClientIds of this request's Adds so far (a repeat within one request is refused). */
    private final Set<String> requestClientIds = new HashSet<>();

    ClientWrites(FolderScope scope, SyncTally tally, ConflictRecorder conflicts) {
        this.scope = scope;
        this.state = scope.state();
        this.tally = tally;
        this.conflicts = conflicts;
    }

    void add(Element cmd) throws StoreException {
        String cid = cmd.childText(AS, "ClientId");
        Element data = cmd.child(AS, "ApplicationData").orElse(null);
        if (cid == null || cid.isEmpty() || data == null) {
            tally.respondAdd(cid, null, 4);
            return;
        }
        if (!requestClientIds.add(cid)) {
            // MS-ASCMD: a ClientId is unique within a request; the second item is refused, not merged into the first
            LOG.debug("device {} repeated a ClientId in one request (status 4)", state.device());
            tally.respondAdd(cid, null, 4);
            return;
        }
        String invalid = ItemValidation.problem(scope.target().dataClass(), data, true);
        if (invalid != null) {
            LOG.debug("device {} sent an Add with {} (status 6)", state.device(), invalid);
            tally.respondAdd(cid, null, CONVERSION_ERROR);
            return;
        }
        ClientAdd known = state.clientAdds().get(cid);
        if (known != null && known.generation() == scope.generation()) {
            // the same Add again (its response was lost): the item exists already
            tally.respondAdd(cid, known.sid(), OK);
            return;
        }
        MergeResult m;
        try {
            m = scope.mapper().fromEas(null, data, scope.options());
        } catch (MappingException e) {
            LOG.debug("device {} sent an Add that cannot be converted (status 6)", state.device());
            tally.respondAdd(cid, null, CONVERSION_ERROR);
            return;
        }
        String name = addName(cid);
        String existing = state.items().sidOf(name);
        if (existing != null) {
            state.clientAdds().added(cid, existing, scope.generation());
            tally.respondAdd(cid, existing, OK);
            return;
        }
        String etag;
        try {
            etag = scope.store().put(scope.collection(), name, m.text(), WriteCondition.create());
        } catch (StoreException.PreconditionFailed e) {
            // written by this very request before a crash or a lost response: adopt it
            Optional<Resource> r = scope.store().get(scope.collection(), name);
            if (r.isEmpty()) {
                throw new StoreException("the resource " + name + " exists and does not", e);
            }
            etag = r.get().etag();
        }
        String sid = state.newSid();
        state.items().put(sid, name, etag);
        state.clientAdds().added(cid, sid, scope.generation());
        tally.clientAdded();
        tally.respondAdd(cid, sid, OK);
    }

    /** A resource name fixed by the partnership, the request's key and the ClientId, so a retried Add finds its first write. */
    private String addName(String cid) {
        String seed = state.user() + '\u0000' + state.device() + '\u0000' + state.folderId() + '\u0000' + state.epoch() + '\u0000'
                + scope.generation() + '\u0000' + cid;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "eas-" + HexFormat.of().formatHex(h, 0, 16) + scope.target().dataClass().fileExtension();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Change, or a Delete of one occurrence (EAS 16: a write of the series, see {@link InstanceEdit}). */
    void change(Element cmd) throws StoreException {
        String sid = cmd.childText(AS, "ServerId");
        Element data = cmd.child(AS, "ApplicationData").orElse(null);
        String instance = InstanceEdit.of(cmd);
        ItemEntry e = sid == null ? null : state.items().entry(sid);
        if (e == null) {
            tally.respond(InstanceEdit.response(cmd, sid, NOT_FOUND));
            return;
        }
        if (data == null && !(instance != null && cmd.name().equals("Delete"))) {
            tally.respond(InstanceEdit.response(cmd, sid, 4));
            return;
        }
        String invalid = data == null ? null : ItemValidation.problem(scope.target().dataClass(), data, false);
        if (invalid != null) {
            LOG.debug("device {} sent a Change with {} (status 6)", state.device(), invalid);
            tally.respond(InstanceEdit.response(cmd, sid, CONVERSION_ERROR));
            return;
        }
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<Resource> cur = scope.store().get(scope.collection(), e.name());
            if (cur.isEmpty()) {
                // deleted on the server meanwhile: the phone gets the Delete
                state.queue().enqueue(e.name());
                tally.respond(InstanceEdit.response(cmd, sid, NOT_FOUND));
                return;
            }
            MergeResult m;
            try {
                m = instance == null ? scope.mapper().fromEas(cur.get().content(), data, scope.options())
                        : InstanceEdit.apply(scope.target().dataClass(), cmd, cur.get().content(), data, scope.options());
            } catch (MappingException ex) {
                LOG.debug("device {} sent a Change that cannot be converted (status 6)", state.device());
                tally.respond(InstanceEdit.response(cmd, sid, CONVERSION_ERROR));
                return;
            }
            if (write(cmd, sid, e, cur.get(), m)) {
                return;
            }
        }
        tally.respond(InstanceEdit.response(cmd, sid, 5));
    }

    /** One attempt of a Change on the item as read; {@code false} when a write raced it (read again). */
    private boolean write(Element cmd, String sid, ItemEntry e, Resource cur, MergeResult m) throws StoreException {
        boolean conflict = !cur.etag().equals(e.etag());
        if (conflict && state.conflict() != 0) {
            // the server's version wins: keep the phone's in the journal, send the server's
            conflicts.record(e.name(), "server", m.changed() ? m.text() : null, cur.content());
            state.queue().enqueue(e.name());
            tally.clientChanged();
            tally.respond(InstanceEdit.response(cmd, sid, CONFLICT));
            return true;
        }
        if (!m.changed()) {
            state.items().put(sid, e.name(), cur.etag());
            tally.clientChanged();
            return true;
        }
        try {
            String etag = scope.store().put(scope.collection(), e.name(), m.text(), WriteCondition.ifMatch(cur.etag()));
            if (conflict) {
                conflicts.record(e.name(), "client", cur.content(), m.text());
            }
            state.items().put(sid, e.name(), etag);
            tally.clientChangeWritten();
            return true;
        } catch (StoreException.PreconditionFailed raced) {
            LOG.debug("a write raced a Change of device {}; re-reading", state.device());
            return false;
        }
    }
}
