package org.hearthsync.store.vdir;

/**
 * The factory PID of the folder-of-files (vdir) store, owned here so that a part creating one (the console's setup wizard)
 * follows a rename at compile time. Its other settings are described by its metatype.
 */
public final class VdirSettings {

    /** The factory PID: one configuration per store. */
    public static final String FACTORY_PID = "org.hearthsync.store.vdir";

    private VdirSettings() {
    }
}
