package org.hearthsync.api.store;

/** EventAdmin topics and property names stores post, so parked Ping requests can answer at once. */
public final class StoreEvents {

    /** A collection's content changed. Properties: {@link #STORE}, {@link #COLLECTION}. */
    public static final String TOPIC_CHANGED = "org/hearthsync/store/CHANGED";

    /** The set of collections changed (added, renamed, deleted). Property: {@link #STORE}. */
    public static final String TOPIC_HIERARCHY_CHANGED = "org/hearthsync/store/HIERARCHY_CHANGED";

    /** Event property: the {@link PimStore#NAME} of the store. */
    public static final String STORE = "store.name";

    /** Event property: the collection id. */
    public static final String COLLECTION = "collection";

    private StoreEvents() {
    }
}
