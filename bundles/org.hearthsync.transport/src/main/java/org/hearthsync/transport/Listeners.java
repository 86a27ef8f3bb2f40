package org.hearthsync.transport;

/**
 * The two HTTP runtimes Hearth runs and how to target them. A whiteboard service without a
 * target would appear on both, so every Hearth servlet, filter and resource names one.
 */
public final class Listeners {

    /** HttpServiceRuntime property naming which of Hearth's listeners a runtime is. */
    public static final String PROPERTY = "hearth.listener";

    /** The public runtime: EAS over TLS and the plain-HTTP setup page. */
    public static final String PUBLIC = "public";

    /** The console runtime: loopback only unless the user allows the LAN. */
    public static final String CONSOLE = "console";

    /** Value for {@code osgi.http.whiteboard.target} that selects the public runtime. */
    public static final String PUBLIC_TARGET = "(" + PROPERTY + "=" + PUBLIC + ")";

    /** Value for {@code osgi.http.whiteboard.target} that selects the console runtime. */
    public static final String CONSOLE_TARGET = "(" + PROPERTY + "=" + CONSOLE + ")";

    /** The EAS endpoint path as Microsoft defines it; phones may send it in any case. */
    public static final String EAS_PATH = "/Microsoft-Server-ActiveSync";

    /**
     * Paths other than EAS and Autodiscover that a bundle serves on the TLS port (CalDAV/CardDAV and its RFC 6764
     * well-known paths): a prefix ending in {@code /} covers everything below it and the path without the slash.
     * Every other path on the TLS port is a bare 404.
     */
    public static final java.util.List<String> TLS_PATHS = java.util.List.of("/dav/", "/.well-known/caldav",
            "/.well-known/carddav");

    private Listeners() {
    }
}
