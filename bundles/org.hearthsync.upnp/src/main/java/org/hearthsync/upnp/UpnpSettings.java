package org.hearthsync.upnp;

/**
 * The names of port forwarding's settings, owned here so that a part writing them (the console's setup
 * wizard) follows a rename at compile time instead of silently writing a setting nobody reads.
 */
public final class UpnpSettings {

    /** The configuration PID. */
    public static final String PID = "org.hearthsync.upnp";

    /** Boolean: forward the ports with UPnP. */
    public static final String ENABLED = "enabled";

    /** The router's external port for EAS. */
    public static final String EAS_EXTERNAL_PORT = "eas.external.port";

    /** The router's external port for the setup page. */
    public static final String SETUP_EXTERNAL_PORT = "setup.external.port";

    private UpnpSettings() {
    }
}
