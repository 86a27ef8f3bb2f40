package org.hearthsync.api.store;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Which store collections a device is waiting on right now (a parked Ping): the engine publishes it,
 * a store whose changes are found by asking another server (the CalDAV/CardDAV adapter) reads it to
 * ask about those collections more often while someone waits, and at its normal interval otherwise.
 * A store that announces its changes at once has no use for it.
 *
 * <p>Pull, not callbacks: the store asks on its own poll thread, so a Ping never starts or stops
 * anything in a store, and a store that goes away leaves nothing registered behind.
 *
 * @since 1.4
 */
@ProviderType
public interface WatchedCollections {

    /**
     * The ids ({@link CollectionInfo#id()}) of the collections of the store named {@code storeName}
     * that at least one parked request waits on now; empty when none. Cheap: called about once a second.
     */
    Set<String> watched(String storeName);
}
