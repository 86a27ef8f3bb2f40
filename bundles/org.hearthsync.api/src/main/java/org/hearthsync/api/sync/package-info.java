/**
 * What the sync engine is doing right now, for the console: per device, the folders being synced
 * and how far along each is. The engine registers {@link org.hearthsync.api.sync.SyncProgress}; the
 * console shows "no sync running" while no such service is there.
 * {@link org.hearthsync.api.sync.ActivityJournal} (1.1) adds the safety nets: what each sync did,
 * conflicts with the losing version kept, a recycle bin of items phones deleted and mass deletions held
 * for the user to approve or reject. 1.2: {@code recordChange} lists changes made outside a Sync (the
 * console's import) in the same journal, and conflicts and deleted items carry their collection's name.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.hearthsync.api.sync;
