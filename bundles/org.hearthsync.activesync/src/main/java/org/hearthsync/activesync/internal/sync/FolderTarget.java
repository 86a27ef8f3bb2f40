package org.hearthsync.activesync.internal.sync;

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
 * A device's folder resolved to the store collection behind it (by {@code FolderIds.target}, which knows
 * the device's folder ids: the sync core only works on the result).
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

    public static PimStore store(StoreDirectory stores, Account account) throws StoreException.Unavailable {
        return stores.store(account.storeName()).orElseThrow(
                () -> new StoreException.Unavailable("no store named '" + account.storeName() + "'", null));
    }
}
