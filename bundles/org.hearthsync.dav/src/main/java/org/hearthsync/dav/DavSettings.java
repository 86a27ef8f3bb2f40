package org.hearthsync.dav;

/**
 * The names of the DAV service's settings, owned here so that a part writing them (the console's setup wizard)
 * follows a rename at compile time instead of silently writing a setting nobody reads.
 */
public final class DavSettings {

    /** The configuration PID of the announcements on the home network (mDNS/DNS-SD). */
    public static final String MDNS_PID = "org.hearthsync.dav.mdns";

    /** Boolean, true when unset: announce the CalDAV and CardDAV services and the setup page on the LAN. */
    public static final String MDNS_ENABLED = "enabled";

    private DavSettings() {
    }
}
