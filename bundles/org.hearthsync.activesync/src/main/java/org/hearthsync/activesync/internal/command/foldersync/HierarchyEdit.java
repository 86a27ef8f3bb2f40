package org.hearthsync.activesync.internal.command.foldersync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.StoreException;

/**
 * A device's folder hierarchy as FolderCreate, FolderUpdate and FolderDelete change it: opened at
 * the device's current hierarchy sync key, it gives the folders the phone holds and the current
 * ones, and commits under the next key the phone's hierarchy with only the phone's own change
 * applied, so that the next FolderSync does not echo that change but still brings every other one.
 */
public final class HierarchyEdit {
    private final StoreDirectory stores;
    private final DeviceStateStore state;
    private final Account account;
    private final String deviceId;
    private final FolderSyncState s;
    private final int key;
    private final List<Folder> base;

    private HierarchyEdit(StoreDirectory stores, DeviceStateStore state, Account account, String deviceId,
            FolderSyncState s, int key, List<Folder> base) {
        this.stores = stores;
        this.state = state;
        this.account = account;
        this.deviceId = deviceId;
        this.s = s;
        this.key = key;
        this.base = base;
    }

    /**
     * Opens the device's hierarchy at {@code syncKey}; empty when the key is not the last one Hearth
     * issued to the device (the phone must FolderSync first).
     */
    public static Optional<HierarchyEdit> open(StoreDirectory stores, DeviceStateStore state, Account account,
            String deviceId, String syncKey) {
        int k = syncKey == null ? -1 : new FolderSyncRequest(syncKey.trim()).numericKey();
        FolderSyncState s = FolderSyncState.decode(state.state(account.userName(), deviceId, FolderSyncState.KIND)
                .orElse(null));
        if (k <= 0 || k != s.lastKey || !s.snapshots.containsKey(k)) {
            return Optional.empty();
        }
        return Optional.of(new HierarchyEdit(stores, state, account, deviceId, s, k, s.snapshots.get(k)));
    }

    /** The folders the phone holds under its key. */
    public List<Folder> phoneFolders() {
        return base;
    }

    /** The folders as they are now (new collections get their ServerIds, kept on {@link #commit}). */
    public List<Folder> current() throws StoreException {
        return new FolderSyncHandler(stores, state).hierarchy(account, s);
    }

    /** The collection of the account's store behind a ServerId. */
    public Optional<String> collectionOf(String serverId) {
        return s.collectionOf(account.storeName(), serverId);
    }

    /** The ServerId the device knows (or will know) a collection of the account's store by. */
    public String serverIdOf(String collectionId) {
        return s.serverIdOf(account.storeName(), collectionId);
    }

    /** Records the phone's hierarchy after its change under the next key, which is returned. */
    public String commit(UnaryOperator<List<Folder>> change) {
        List<Folder> after = change.apply(new ArrayList<>(base));
        int newKey = s.lastKey + 1;
        s.sent(newKey, after, key);
        state.putState(account.userName(), deviceId, FolderSyncState.KIND, s.encode());
        return Integer.toString(newKey);
    }
}
