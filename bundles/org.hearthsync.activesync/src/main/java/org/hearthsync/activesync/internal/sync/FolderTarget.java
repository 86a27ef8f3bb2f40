package org.hearthsync.activesync.internal.sync;

import java.util.Optional;

import org.hearthsync.activesync.internal.command.foldersync.FolderIds;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.PimClass;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.pim.PimMappers;

/**
 * A device's folder resolved to the store collection behind it.
 *
 * @param folderId  the folder's ServerId on the device
 * @param storeName the store's name
 * @param store     the store, taken once for the request
 * @param info      the collection
 */
public record FolderTarget(String folderId, String storeName, PimStore store, CollectionInfo info) {

    public String collectionId() {
        return info.id();
    }

    public DataClass dataClass() {
        return info.dataClass();
    }

    public PimMapper mapper() {
        return PimMappers.of(PimClass.valueOf(info.dataClass().name()));
    }

    /**
     * The folder's collection, or empty when the device does not know the folder or the collection
     * is gone (the phone must sync its hierarchy).
     *
     * @throws StoreException.Unavailable when the account's store is missing or unreachable
     */
    public static Optional<FolderTarget> resolve(StoreDirectory stores, DeviceStateStore state, Account account,
            String deviceId, String folderId) throws StoreException {
        Optional<String> collection = FolderIds.collectionOf(state, account, deviceId, folderId); // per store: see FolderIds
        if (collection.isEmpty()) {
            return Optional.empty();
        }
        PimStore store = store(stores, account);
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

    public static PimStore store(StoreDirectory stores, Account account) throws StoreException.Unavailable {
        return stores.store(account.storeName()).orElseThrow(
                () -> new StoreException.Unavailable("no store named '" + account.storeName() + "'", null));
    }
}
