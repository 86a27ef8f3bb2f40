package org.hearthsync.api.sync;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The sync engine's safety nets, for the console: a journal of what each sync did, the losing
 * versions of conflicts (restorable), a recycle bin of items phones deleted (restorable until they
 * expire) and mass deletions held back from the store until the user approves or rejects them.
 * Summaries are short field excerpts ({@code FN}, {@code SUMMARY}, ...) meant for display: callers
 * must escape them. Every method answers from the engine's state file; none waits for a phone.
 *
 * @since 1.1
 */
@ProviderType
public interface ActivityJournal {

    /**
     * The newest sync records first.
     *
     * @param limit    at most this many
     * @param deviceId only this device, or {@code null} for all
     * @param folder   only this folder (name or ServerId), or {@code null} for all
     */
    List<Activity> recent(int limit, String deviceId, String folder);

    /** The newest conflicts first, each with its losing version kept. */
    List<Conflict> conflicts(int limit, String deviceId, String folder);

    /** Writes a conflict's losing version back into the store as a normal change; false when it cannot. */
    boolean restoreConflictLoser(String id);

    /** Items phones deleted, newest first, still within the retention time. */
    List<Deleted> recycleBin(int limit);

    /** Puts a deleted item back into its collection (same UID, new resource); false when gone or impossible. */
    boolean restoreDeleted(String id);

    /** Mass deletions waiting for a decision, oldest first. */
    List<HeldDeletion> held();

    /** Applies a held batch to the store (the items go to the recycle bin); false when unknown. */
    boolean approve(String id);

    /** Drops a held batch: the phone gets the items back on its next sync; false when unknown. */
    boolean reject(String id);

    /**
     * Records a change made to a collection outside any phone's Sync (an import from the console), so
     * the journal lists it among the syncs: {@code source} stands where a sync has the device id,
     * {@code storeName} where it has the user, and the counts are changes to the store, listed like a
     * phone's. Nothing is recorded when every count is zero.
     *
     * @since 1.2
     */
    void recordChange(String source, String storeName, String collectionId, String collectionName, int adds, int changes,
            int deletes);

    /**
     * One Sync of one folder. Client counts are what the phone changed, server counts what it was sent.
     */
    record Activity(String id, Instant time, String userName, String deviceId, String folderId, String folderName,
            int clientAdds, int clientChanges, int clientDeletes, int serverAdds, int serverChanges,
            int serverDeletes, int conflicts, int heldDeletes) {
    }

    /**
     * A conflict: {@code winner} is {@code server} or {@code client}; the summaries are short field
     * excerpts; {@code restorable} whether the losing version can be written back; {@code folderName}
     * the collection's name as the user knows it (since 1.2; the folder id when the store cannot say).
     */
    record Conflict(String id, Instant time, String userName, String deviceId, String folderId, String itemName,
            String winner, String winnerSummary, String loserSummary, boolean restorable, String folderName) {
        /** Without a folder name: the folder id stands for it (1.1). */
        public Conflict(String id, Instant time, String userName, String deviceId, String folderId, String itemName,
                String winner, String winnerSummary, String loserSummary, boolean restorable) {
            this(id, time, userName, deviceId, folderId, itemName, winner, winnerSummary, loserSummary, restorable, folderId);
        }
    }

    /**
     * An item a phone deleted, kept until {@code expires}; {@code collectionName} is its collection's
     * name as the user knows it (since 1.2; the collection id when the store cannot say).
     */
    record Deleted(String id, Instant deletedAt, Instant expires, String userName, String deviceId, String storeName,
            String collectionId, String itemName, String summary, String collectionName) {
        /** Without a collection name: the collection id stands for it (1.1). */
        public Deleted(String id, Instant deletedAt, Instant expires, String userName, String deviceId, String storeName,
                String collectionId, String itemName, String summary) {
            this(id, deletedAt, expires, userName, deviceId, storeName, collectionId, itemName, summary, collectionId);
        }
    }

    /** Deletes from one Sync held back: {@code count} of the {@code folderSize} items the phone had. */
    record HeldDeletion(String id, Instant time, String userName, String deviceId, String folderId, String folderName,
            int count, int folderSize, List<String> summaries) {
    }
}
