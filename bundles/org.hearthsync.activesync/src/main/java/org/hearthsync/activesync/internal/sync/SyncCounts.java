package org.hearthsync.activesync.internal.sync;

/**
 * What one Sync of one folder moved, for the activity journal: from the phone (adds, changes,
 * deletes), to the phone (adds, changes, deletes and soft deletes), conflicts journaled and client
 * deletes held by the mass-deletion guard.
 */
public record SyncCounts(int clientAdds, int clientChanges, int clientDeletes, int serverAdds, int serverChanges,
        int serverDeletes, int conflicts, int heldDeletes) {
}
