package org.hearthsync.activesync.internal.sync;

/**
 * Wakes the parked Pings and Syncs watching a collection so they check again. Declared here, where
 * decisions about a folder are taken, and provided by the push machinery, so the sync package does
 * not depend on the Ping package that depends on it.
 */
public interface FolderWaker {
    void changed(String storeName, String collectionId);
}
