package org.hearthsync.activesync.internal.command.foldersync;

import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.internal.device.DeviceStateStore;

/** The folder ServerIds FolderSync gave a device's store collections, for the item commands. */
public final class FolderIds {
    private FolderIds() {
    }

    /** The store collection id behind a device's folder ServerId. */
    public static Optional<String> collectionOf(DeviceStateStore state, String user, String deviceId, String folderId) {
        if (folderId == null) {
            return Optional.empty();
        }
        FolderSyncState s = FolderSyncState.decode(state.state(user, deviceId, FolderSyncState.KIND).orElse(null));
        for (Map.Entry<String, String> e : s.serverIds.entrySet()) {
            if (e.getValue().equals(folderId)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The folder ServerId a device knows a store collection by. */
    public static Optional<String> folderOf(DeviceStateStore state, String user, String deviceId, String collectionId) {
        FolderSyncState s = FolderSyncState.decode(state.state(user, deviceId, FolderSyncState.KIND).orElse(null));
        return Optional.ofNullable(s.serverIds.get(collectionId));
    }
}
