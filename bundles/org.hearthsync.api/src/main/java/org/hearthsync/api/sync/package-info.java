/**
 * What the sync engine is doing right now, for the console: per device, the folders being synced
 * and how far along each is. The engine registers {@link org.hearthsync.api.sync.SyncProgress}; the
 * console shows "no sync running" while no such service is there.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.api.sync;
