package org.hearthsync.setup;

/**
 * The names of the setup page's settings, owned here so that a part writing them (the console's setup
 * wizard) follows a rename at compile time. Readers use the {@code PublicName} service instead.
 */
public final class SetupSettings {

    /** The configuration PID. */
    public static final String PID = "org.hearthsync.setup";

    /** The DNS name phones use from the Internet; empty for the home network only. */
    public static final String PUBLIC_HOST = "public.host";

    private SetupSettings() {
    }
}
