package org.hearthsync.dav;

/** The paths of Hearth's DAV service on the EAS (TLS) listener. */
public final class DavPaths {

    /** The DAV root: clients given only the server find the account's collections from here. */
    public static final String ROOT = "/dav/";

    /** RFC 6764 well-known paths; both redirect to {@link #ROOT}. */
    public static final String WELL_KNOWN_CALDAV = "/.well-known/caldav";
    public static final String WELL_KNOWN_CARDDAV = "/.well-known/carddav";

    private DavPaths() {
    }
}
