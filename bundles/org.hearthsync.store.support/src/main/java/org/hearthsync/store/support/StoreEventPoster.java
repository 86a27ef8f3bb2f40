package org.hearthsync.store.support;

import java.util.Map;

import org.hearthsync.api.store.StoreEvents;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts a store's {@link StoreEvents} on EventAdmin, when there is one: the part every store component
 * shares. The component binds EventAdmin as an optional, dynamic reference and hands it to
 * {@link #bind}/{@link #unbind}; its store's listener calls {@link #changed} and {@link #hierarchyChanged}.
 * Events are posted (asynchronously), so a slow handler never holds up a write. Thread-safe.
 */
public final class StoreEventPoster {
    private static final System.Logger LOG = System.getLogger(StoreEventPoster.class.getName());

    private volatile EventAdmin eventAdmin;

    public void bind(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    /** Forgets {@code admin} unless another one was bound since (DS may bind the new one first). */
    public void unbind(EventAdmin admin) {
        if (this.eventAdmin == admin) {
            this.eventAdmin = null;
        }
    }

    /** The content of collection {@code collectionId} of store {@code storeName} changed. */
    public void changed(String storeName, String collectionId) {
        post(StoreEvents.TOPIC_CHANGED, Map.of(StoreEvents.STORE, storeName, StoreEvents.COLLECTION, collectionId));
    }

    /** A collection of store {@code storeName} was added, renamed or deleted. */
    public void hierarchyChanged(String storeName) {
        post(StoreEvents.TOPIC_HIERARCHY_CHANGED, Map.of(StoreEvents.STORE, storeName));
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return; // nobody listens: phones learn of the change at their next sync
        }
        try {
            admin.postEvent(new Event(topic, properties));
        } catch (RuntimeException e) { // EventAdmin going away: the change is stored, only the push is lost
            LOG.log(System.Logger.Level.WARNING, "Posting " + topic + " failed", e);
        }
    }
}
