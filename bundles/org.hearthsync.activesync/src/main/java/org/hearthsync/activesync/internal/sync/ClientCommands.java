package org.hearthsync.activesync.internal.sync;

import static org.hearthsync.activesync.internal.sync.CollectionSync.AS;
import static org.hearthsync.activesync.internal.sync.CollectionSync.CONVERSION_ERROR;
import static org.hearthsync.activesync.internal.sync.CollectionSync.NOT_FOUND;

import java.util.Optional;

import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.MappingException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each client command of a collection to its owner (Adds and Changes to {@link ClientWrites},
 * Deletes to {@link ClientDeletes}), answers Fetch, and turns a store's refusal of one command into
 * that command's status: only an unavailable store ends the collection (the phone retries the whole
 * request with the same key).
 */
record ClientCommands(FolderScope scope, SyncTally tally, ClientWrites writes, ClientDeletes deletes) {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCommands.class);

    /** Carries out one client command element (Add, Change, Delete, Fetch). */
    void run(Element cmd) throws StoreException.Unavailable {
        tally.clientCommandStarted();
        try {
            switch (cmd.name()) {
                case "Add" -> writes.add(cmd);
                case "Change" -> writes.change(cmd);
                case "Delete" -> {
                    if (InstanceEdit.of(cmd) != null) {
                        writes.change(cmd); // one occurrence (EAS 16): a write of the series, see InstanceEdit
                    } else {
                        deletes.delete(cmd);
                    }
                }
                case "Fetch" -> fetch(cmd);
                default -> LOG.debug("ignoring Sync command {}", cmd.name());
            }
        } catch (StoreException.Unavailable e) {
            throw e;
        } catch (StoreException e) {
            refused(cmd, e);
        }
    }

    private void refused(Element cmd, StoreException e) {
        // too large for the store: 6, which a phone does not send again (5 it retries forever)
        boolean tooLarge = e instanceof StoreException.TooLarge;
        String storeName = scope.target().storeName();
        if (tooLarge) {
            LOG.debug("store '{}' refused a {} in collection {} as too large: {}", storeName, cmd.name(), scope.collection(),
                    e.getMessage());
        } else {
            LOG.warn("store '{}' failed a {} in collection {}: {}", storeName, cmd.name(), scope.collection(), e.getMessage());
        }
        int status = tooLarge ? CONVERSION_ERROR : 5;
        if (cmd.name().equals("Add")) {
            tally.respondAdd(cmd.childText(AS, "ClientId"), null, status);
        } else {
            tally.respondItem(cmd.name(), cmd.childText(AS, "ServerId"), status);
        }
    }

    private void fetch(Element cmd) throws StoreException {
        String sid = cmd.childText(AS, "ServerId");
        ItemEntry e = sid == null ? null : scope.state().items().entry(sid);
        Optional<Resource> r = e == null ? Optional.empty() : scope.store().get(scope.collection(), e.name());
        if (r.isEmpty()) {
            tally.respondItem("Fetch", sid, NOT_FOUND);
            return;
        }
        try {
            Element data = scope.mapper().toEas(r.get().content(), scope.options());
            Element f = new Element(AS, "Fetch").addText(AS, "ServerId", sid).addText(AS, "Status", "1");
            f.add(data);
            tally.respond(f);
        } catch (MappingException ex) {
            tally.respondItem("Fetch", sid, CONVERSION_ERROR);
        }
    }
}
