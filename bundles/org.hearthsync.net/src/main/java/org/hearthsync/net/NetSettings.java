package org.hearthsync.net;

/**
 * The names of the address service's settings, owned here so that a part writing them (the console's
 * setup wizard) follows a rename at compile time.
 */
public final class NetSettings {

    /** The configuration PID. */
    public static final String PID = "org.hearthsync.net";

    /** The LAN address phones use, overriding the one found; empty to find it. */
    public static final String PRIMARY_ADDRESS = "primary.address";

    private NetSettings() {
    }
}
