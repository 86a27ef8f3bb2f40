package org.hearthsync.store.embedded.internal;

/** Told after a change is durable; the component turns these into EventAdmin events. */
interface ChangeListener {

    ChangeListener NONE = new ChangeListener() {
        @Override
        public void collectionChanged(String collectionId) {
        }

        @Override
        public void hierarchyChanged() {
        }
    };

    /** The content of a collection changed. */
    void collectionChanged(String collectionId);

    /** A collection was added, renamed or deleted. */
    void hierarchyChanged();
}
