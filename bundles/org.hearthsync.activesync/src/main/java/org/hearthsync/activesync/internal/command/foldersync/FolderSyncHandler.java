package org.hearthsync.activesync.internal.command.foldersync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FolderSync (MS-ASCMD 2.2.1.5): the account's store collections as folders, plus the empty
 * default mail folders phones expect. Changes since the phone's sync key come as Add, Update and
 * Delete. When the store is missing or unavailable the phone gets HTTP 503 with Retry-After and
 * the sync state is left exactly as it was.
 *
 * <p>Only the collections listed in the account's {@code collections} are offered (all when the
 * list is empty). Folders are per store and collection: changing the list, or the account's
 * store, is a hierarchy change the phones get as Delete and Add on their next FolderSync.
 */
public final class FolderSyncHandler implements CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FolderSyncHandler.class);
    static final int SERVER_ERROR = 6;
    static final int INVALID_SYNC_KEY = 9;
    static final int BAD_REQUEST = 10;
    static final int RETRY_AFTER_SECONDS = 30;

    /** The default mail folders: empty, since Hearth syncs no mail, but phones insist on them. */
    static final List<Folder> MAIL_FOLDERS = List.of(new Folder("inbox", "0", "Inbox", Folder.INBOX),
            new Folder("drafts", "0", "Drafts", Folder.DRAFTS),
            new Folder("deleted", "0", "Deleted Items", Folder.DELETED_ITEMS),
            new Folder("sent", "0", "Sent Items", Folder.SENT_ITEMS), new Folder("outbox", "0", "Outbox", Folder.OUTBOX));

    private final StoreDirectory stores;
    private final DeviceStateStore state;

    public FolderSyncHandler(StoreDirectory stores, DeviceStateStore state) {
        this.stores = stores;
        this.state = state;
    }

    @Override
    public Command command() {
        return Command.FOLDER_SYNC;
    }

    @Override
    public EasResponse handle(CommandContext ctx) {
        FolderSyncRequest req = FolderSyncRequest.from(ctx.document());
        if (req == null) {
            return EasResponse.document(FolderSyncResponse.status(BAD_REQUEST));
        }
        int key = req.numericKey();
        FolderSyncState s = FolderSyncState.decode(state.state(ctx.userName(), ctx.deviceId(), FolderSyncState.KIND)
                .orElse(null));
        List<Folder> base = key == 0 ? List.of() : s.snapshots.get(key);
        if (base == null) {
            LOG.debug("device {} of {} sent an unknown folder sync key", ctx.deviceId(), ctx.userName());
            return EasResponse.document(FolderSyncResponse.status(INVALID_SYNC_KEY));
        }
        List<Folder> current;
        try {
            current = hierarchy(ctx.account(), s);
        } catch (StoreException.Unavailable e) {
            LOG.warn("store '{}' of {} is unavailable: {}", ctx.account().storeName(), ctx.userName(), e.getMessage());
            return EasResponse.retryLater(RETRY_AFTER_SECONDS);
        } catch (StoreException e) {
            LOG.warn("store '{}' of {} failed to list its collections: {}", ctx.account().storeName(), ctx.userName(),
                    e.getMessage());
            return EasResponse.document(FolderSyncResponse.status(SERVER_ERROR));
        }
        HierarchyDiff diff = HierarchyDiff.between(base, current);
        if (key != 0 && diff.isEmpty()) {
            return EasResponse.document(FolderSyncResponse.changes(req.syncKey(), diff));
        }
        int newKey = s.lastKey + 1;
        s.sent(newKey, current, key == 0 ? null : key);
        state.putState(ctx.userName(), ctx.deviceId(), FolderSyncState.KIND, s.encode());
        LOG.debug("folder sync of device {} of {}: {} changes, key {}", ctx.deviceId(), ctx.userName(), diff.count(), newKey);
        return EasResponse.document(FolderSyncResponse.changes(Integer.toString(newKey), diff));
    }

    /** The folders the account's phones see now; assigns ServerIds to collections seen for the first time. */
    List<Folder> hierarchy(Account account, FolderSyncState s) throws StoreException {
        PimStore store = stores.store(account.storeName())
                .orElseThrow(() -> new StoreException.Unavailable("no store named '" + account.storeName() + "'", null));
        List<CollectionInfo> collections = new ArrayList<>();
        for (CollectionInfo c : store.collections()) {
            if (account.collections().isEmpty() || account.collections().contains(c.id())) {
                collections.add(c);
            }
        }
        collections.sort(Comparator.comparing(CollectionInfo::id));
        Map<DataClass, String> defaults = new EnumMap<>(DataClass.class);
        for (CollectionInfo c : collections) {
            if (c.isDefault()) {
                defaults.putIfAbsent(c.dataClass(), c.id());
            }
        }
        for (CollectionInfo c : collections) {
            defaults.putIfAbsent(c.dataClass(), c.id());
        }
        List<Folder> out = new ArrayList<>(MAIL_FOLDERS);
        for (CollectionInfo c : collections) {
            boolean isDefault = c.id().equals(defaults.get(c.dataClass()));
            String name = c.displayName().isBlank() ? c.dataClass().easName() : c.displayName();
            out.add(new Folder(s.serverIdOf(account.storeName(), c.id()), "0", name, type(c.dataClass(), isDefault)));
        }
        return out;
    }

    static int type(DataClass dataClass, boolean isDefault) {
        return switch (dataClass) {
            case CONTACTS -> isDefault ? Folder.DEFAULT_CONTACTS : Folder.USER_CONTACTS;
            case CALENDAR -> isDefault ? Folder.DEFAULT_CALENDAR : Folder.USER_CALENDAR;
            case TASKS -> isDefault ? Folder.DEFAULT_TASKS : Folder.USER_TASKS;
            case NOTES -> isDefault ? Folder.DEFAULT_NOTES : Folder.USER_NOTES;
        };
    }
}
