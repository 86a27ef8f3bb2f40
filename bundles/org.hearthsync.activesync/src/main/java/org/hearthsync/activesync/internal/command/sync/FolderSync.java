package org.hearthsync.activesync.internal.command.sync;

import static org.hearthsync.activesync.internal.command.sync.SyncHandler.AS;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.CONVERSION_ERROR;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.HIERARCHY_CHANGED;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.INVALID_KEY;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.OBJECT_NOT_FOUND;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.PROTOCOL_ERROR;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.RETRY;
import static org.hearthsync.activesync.internal.command.sync.SyncHandler.SERVER_ERROR;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hearthsync.activesync.internal.command.foldersync.FolderIds;
import org.hearthsync.activesync.internal.command.sync.SyncRequest.Collection;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.CollectionRequest;
import org.hearthsync.activesync.internal.sync.CollectionResult;
import org.hearthsync.activesync.internal.sync.CollectionSync;
import org.hearthsync.activesync.internal.sync.FolderState;
import org.hearthsync.activesync.internal.sync.FolderTarget;
import org.hearthsync.activesync.internal.sync.SyncOptions;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection of a Sync request, in named steps: refuse a folder named twice, answer a mail folder,
 * resolve the store collection, take the key, run the {@link CollectionSync} and move the key when
 * the result must be confirmed. Loaded states go into the request's {@code loaded} map, which the
 * handler saves after the whole request. {@code random} makes the epochs of new keys.
 */
record FolderSync(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock,
        CollectionSync collections, SecureRandom random) {
    private static final Logger LOG = LoggerFactory.getLogger(FolderSync.class);

    /** The key step's answer: the generation to continue with, or the finished outcome's status and key. */
    private record Key(Integer generation, int status, String key) {
        static Key done(int status, String key) {
            return new Key(null, status, key);
        }
    }

    /** One collection; {@code budget}: the server commands the request's window still allows. */
    Outcome process(CommandContext ctx, Collection c, Map<String, FolderState> loaded, int budget) {
        if (loaded.containsKey(c.collectionId())) {
            return Outcome.of(c, PROTOCOL_ERROR, null); // the same folder twice in one request
        }
        if (FolderIds.isMailFolder(devices, ctx.userName(), ctx.deviceId(), c.collectionId())) {
            return mailFolder(ctx, c, loaded);
        }
        FolderTarget target;
        try {
            target = FolderIds.target(stores, devices, ctx.account(), ctx.deviceId(), c.collectionId()).orElse(null);
        } catch (StoreException e) {
            boolean unavailable = e instanceof StoreException.Unavailable;
            LOG.warn("store '{}' of {} {}: {}", ctx.account().storeName(), ctx.userName(),
                    unavailable ? "is unavailable" : "failed", e.getMessage());
            return Outcome.of(c, unavailable ? RETRY : SERVER_ERROR, c.syncKey());
        }
        if (target == null) {
            LOG.debug("device {} synced folder {} it should not know", ctx.deviceId(), c.collectionId());
            return Outcome.of(c, HIERARCHY_CHANGED, null);
        }
        FolderState s = states.load(ctx.userName(), ctx.deviceId(), c.collectionId());
        Key k = takeKey(ctx, c, s, loaded);
        if (k.generation() == null) {
            return Outcome.of(c, target, k.status(), k.key());
        }
        return syncFolder(ctx, c, target, s, k.generation(), budget);
    }

    private Outcome syncFolder(CommandContext ctx, Collection c, FolderTarget target, FolderState s, int generation,
            int budget) {
        boolean getChanges = c.getChanges() == null || c.getChanges();
        int window = Math.min(budget, c.windowSize() == null ? SyncHandler.DEFAULT_WINDOW : SyncHandler.clampWindow(c.windowSize()));
        CollectionRequest request = new CollectionRequest(target, s, SyncOptions.of(ctx.version().text(), s, ctx.account(),
                clock), generation, c.commands(), getChanges, window);
        CollectionResult result;
        try {
            result = collections.run(request);
        } catch (StoreException e) {
            boolean unavailable = e instanceof StoreException.Unavailable;
            LOG.warn("store '{}' {} during Sync of folder {} of device {}: {}", target.storeName(),
                    unavailable ? "is unavailable" : "failed", c.collectionId(), ctx.deviceId(), e.getMessage());
            return Outcome.of(c, target, unavailable ? RETRY : SERVER_ERROR, c.syncKey());
        }
        if (!result.movesKey()) {
            return Outcome.synced(c, target, c.syncKey(), result);
        }
        s.advance(generation);
        return Outcome.synced(c, target, s.curKey(), result);
    }

    /**
     * The folder's SyncKey: SyncKey 0 starts the folder afresh (the outcome is complete); the current
     * key confirms the last response, the previous one rolls it back (it was lost). The state is in
     * {@code loaded} (to be saved) unless the key was invalid.
     */
    private Key takeKey(CommandContext ctx, Collection c, FolderState s, Map<String, FolderState> loaded) {
        if ("0".equals(c.syncKey())) {
            if (!c.commands().isEmpty()) {
                return Key.done(PROTOCOL_ERROR, null);
            }
            loaded.put(c.collectionId(), s);
            s.resetTo(random.nextLong() & 0xffffffffL);
            applyOptions(s, c);
            s.advance(0);
            return Key.done(1, s.curKey());
        }
        int generation;
        if (s.primed() && c.syncKey().equals(s.curKey())) {
            generation = s.confirmCurrent();
        } else if (s.primed() && c.syncKey().equals(s.prevKey())) {
            LOG.debug("device {} repeats folder {} with its previous key: rolling back the lost response",
                    ctx.deviceId(), c.collectionId());
            generation = s.rollbackToPrevious();
        } else {
            LOG.debug("device {} sent an unknown sync key for folder {}", ctx.deviceId(), c.collectionId());
            return Key.done(INVALID_KEY, "0");
        }
        loaded.put(c.collectionId(), s);
        applyOptions(s, c);
        return new Key(generation, 1, null);
    }

    /**
     * A default mail folder (MS-ASCMD 2.2.1.21): it syncs like any folder (SyncKey 0 gets a key, then
     * empty windows), so a mail client's first sync of its Inbox succeeds instead of looping on
     * "hierarchy changed". Hearth stores no mail, so every client command is refused item by item:
     * an Add or Change with status 6 (the item cannot be converted: not stored, and a phone does
     * not retry it), a Delete or Fetch of an item the folder cannot hold with 8 (object not found).
     */
    private Outcome mailFolder(CommandContext ctx, Collection c, Map<String, FolderState> loaded) {
        FolderState s = states.load(ctx.userName(), ctx.deviceId(), c.collectionId());
        Key k = takeKey(ctx, c, s, loaded);
        if (k.generation() == null) {
            return Outcome.mail(c, k.status(), k.key(), List.of());
        }
        List<Element> responses = new ArrayList<>();
        for (Element cmd : c.commands()) {
            Element r = new Element(AS, cmd.name());
            switch (cmd.name()) {
                case "Add" -> r.addText(AS, "ClientId", String.valueOf(cmd.childText(AS, "ClientId")))
                        .addText(AS, "Status", Integer.toString(CONVERSION_ERROR));
                case "Change" -> r.addText(AS, "ServerId", String.valueOf(cmd.childText(AS, "ServerId")))
                        .addText(AS, "Status", Integer.toString(CONVERSION_ERROR));
                default -> r.addText(AS, "ServerId", String.valueOf(cmd.childText(AS, "ServerId")))
                        .addText(AS, "Status", Integer.toString(OBJECT_NOT_FOUND));
            }
            responses.add(r);
        }
        LOG.debug("device {} synced mail folder {}: {} client commands refused", ctx.deviceId(), c.collectionId(),
                responses.size());
        if (responses.isEmpty()) {
            return Outcome.mail(c, 1, c.syncKey(), responses);
        }
        s.advance(k.generation());
        return Outcome.mail(c, 1, s.curKey(), responses);
    }

    private static void applyOptions(FolderState s, Collection c) {
        s.applyOptions(c.supported(), c.options() == null ? null : c.options().filterType(),
                c.options() == null ? null : c.options().bodyType(), c.options() == null ? null : c.options().truncation(),
                c.options() == null ? null : c.options().conflict());
    }
}
