package org.hearthsync.store.dav;

/**
 * The factory PID of the CalDAV/CardDAV store, owned here so that a part creating one (the console's setup wizard)
 * follows a rename at compile time. Its other settings are described by its metatype.
 */
public final class DavStoreSettings {

    /** The factory PID: one configuration per store. */
    public static final String FACTORY_PID = "org.hearthsync.store.dav";

    private DavStoreSettings() {
    }
}
