package org.hearthsync.activesync.internal.sync;

import java.util.HashMap;
import java.util.Map;

import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console's listings of the safety nets share: the filters, and collection names for one
 * listing (each store is asked once, since a DAV store answers over the network; a store that is away
 * or a collection that is gone gives the fallback).
 */
final class Listing {
    private static final Logger LOG = LoggerFactory.getLogger(Listing.class);
    private final StoreDirectory stores;
    private final Map<String, Map<String, String>> byStore = new HashMap<>();

    Listing(StoreDirectory stores) {
        this.stores = stores;
    }

    String name(String storeName, String collectionId, String fallback) {
        if (storeName == null || storeName.isEmpty()) {
            return fallback;
        }
        Map<String, String> m = byStore.computeIfAbsent(storeName, n -> {
            Map<String, String> ids = new HashMap<>();
            stores.store(n).ifPresent(s -> {
                try {
                    s.collections().forEach(c -> ids.put(c.id(), c.displayName()));
                } catch (StoreException | RuntimeException e) {
                    LOG.debug("store {} did not list its collections for the journal: {}", n, e.getMessage());
                }
            });
            return ids;
        });
        return m.getOrDefault(collectionId, fallback);
    }

    /** A filter of a listing: none (null or blank) lets everything through. */
    static boolean matches(String filter, String value) {
        return filter == null || filter.isBlank() || filter.equals(value);
    }
}
