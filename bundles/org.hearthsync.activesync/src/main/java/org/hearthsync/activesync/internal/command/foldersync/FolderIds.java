package org.hearthsync.activesync.internal.command.foldersync;

import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.FolderTarget;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;

/** The folder ServerIds FolderSync gave a device's store collections, for the item commands. */
public final class FolderIds {
    private FolderIds() {
    }

    /**
     * The collection of the account's current store behind a device's folder ServerId; empty when
     * the device does not know the folder or the folder belongs to a store the account used before
     * (the phone must sync its hierarchy).
     */
    public static Optional<String> collectionOf(DeviceStateStore state, Account account, String deviceId, String folderId) {
        if (folderId == null) {
            return Optional.empty();
        }
        return load(state, account.userName(), deviceId).collectionOf(account.storeName(), folderId);
    }

    /**
     * The folder's collection, or empty when the device does not know the folder or the collection
     * is gone (the phone must sync its hierarchy).
     *
     * @throws StoreException.Unavailable when the account's store is missing or unreachable
     */
    public static Optional<FolderTarget> target(StoreDirectory stores, DeviceStateStore state, Account account,
            String deviceId, String folderId) throws StoreException {
        Optional<String> collection = collectionOf(state, account, deviceId, folderId); // per store: see above
        if (collection.isEmpty()) {
            return Optional.empty();
        }
        PimStore store = FolderTarget.store(stores, account);
        if (!account.collections().isEmpty() && !account.collections().contains(collection.get())) {
            return Optional.empty();
        }
        for (CollectionInfo c : store.collections()) {
            if (c.id().equals(collection.get())) {
                return Optional.of(new FolderTarget(folderId, account.storeName(), store, c));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a device's folder ServerId is one of the default mail folders FolderSync lists (Inbox,
     * Drafts, Deleted Items, Sent Items, Outbox), which the device knows once it has synced its
     * hierarchy. They are always empty: Hearth syncs no mail (see docs/clients.md for why they exist).
     */
    public static boolean isMailFolder(DeviceStateStore state, String user, String deviceId, String folderId) {
        if (folderId == null || FolderSyncHandler.MAIL_FOLDERS.stream().noneMatch(f -> f.serverId().equals(folderId))) {
            return false;
        }
        return load(state, user, deviceId).lastKey > 0;
    }

    /** The collection id behind a device's folder ServerId, whichever store it belongs to. */
    public static Optional<String> collectionOf(DeviceStateStore state, String user, String deviceId, String folderId) {
        if (folderId == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : load(state, user, deviceId).serverIds.entrySet()) {
            if (e.getValue().equals(folderId)) {
                String key = e.getKey();
                return Optional.of(key.substring(key.indexOf(FolderSyncState.SEP) + 1));
            }
        }
        return Optional.empty();
    }

    /** The folder ServerId a device knows a collection of a store by. */
    public static Optional<String> folderOf(DeviceStateStore state, String user, String deviceId, String storeName,
            String collectionId) {
        FolderSyncState s = load(state, user, deviceId);
        String id = s.serverIds.get(FolderSyncState.qualified(storeName, collectionId));
        return Optional.ofNullable(id != null ? id : s.serverIds.get(collectionId));
    }

    private static FolderSyncState load(DeviceStateStore state, String user, String deviceId) {
        return FolderSyncState.decode(state.state(user, deviceId, FolderSyncState.KIND).orElse(null));
    }
}
