package org.hearthsync.api.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Live sync progress per device and folder, fed by the sync engine's journal. Registered by the
 * engine; read by the console's Phones page every few seconds, so every method must answer at
 * once from memory and never block on a store or a phone.
 */
@ProviderType
public interface SyncProgress {

    /** The folders of one device that are syncing now, in the order they started; empty when none is. */
    List<FolderProgress> running(String userName, String deviceId);

    /**
     * One folder being synced.
     *
     * @param folderName the folder's name as the phone shows it
     * @param dataClass  {@code Contacts}, {@code Calendar}, {@code Tasks} or {@code Notes}
     * @param done       items sent or received so far in this sync
     * @param total      items this sync will move in all, or -1 when not known yet
     * @param started    when this sync of the folder began
     */
    record FolderProgress(String folderName, String dataClass, int done, int total, Instant started) {
        public FolderProgress {
            Objects.requireNonNull(folderName, "folderName");
            Objects.requireNonNull(dataClass, "dataClass");
            Objects.requireNonNull(started, "started");
        }
    }
}
