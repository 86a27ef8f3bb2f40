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

    /**
     * The plain-HTTP CalDAV/CardDAV runtime for programs on this computer: on loopback addresses only, and only
     * when the user turned it on.
     */
    public static final String DAV_LOOPBACK = "dav-loopback";

    /** Value for {@code osgi.http.whiteboard.target} that selects the public runtime. */
    public static final String PUBLIC_TARGET = "(" + PROPERTY + "=" + PUBLIC + ")";

    /** Value for {@code osgi.http.whiteboard.target} that selects the console runtime. */
    public static final String CONSOLE_TARGET = "(" + PROPERTY + "=" + CONSOLE + ")";

    /** Value for {@code osgi.http.whiteboard.target} that selects the DAV loopback runtime. */
    public static final String DAV_LOOPBACK_TARGET = "(" + PROPERTY + "=" + DAV_LOOPBACK + ")";

    /** Value for {@code osgi.http.whiteboard.target} that selects the public runtime and the DAV loopback runtime. */
    public static final String DAV_TARGET = "(|" + PUBLIC_TARGET + DAV_LOOPBACK_TARGET + ")";

    /** The EAS endpoint path as Microsoft defines it; phones may send it in any case. */
    public static final String EAS_PATH = "/Microsoft-Server-ActiveSync";

    /**
     * Paths other than EAS and Autodiscover that a bundle serves on the TLS port (CalDAV/CardDAV and its RFC 6764
     * well-known paths): a prefix ending in {@code /} covers everything below it and the path without the slash.
     * Every other path on the TLS port is a bare 404.
     */
    public static final java.util.List<String> TLS_PATHS = java.util.List.of("/dav/", "/.well-known/caldav",
            "/.well-known/carddav");

    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern
            .compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?");

    /**
     * The port of the first {@code scheme} URL ({@code "http"} or {@code "https"}) in an HTTP runtime's
     * {@code osgi.http.endpoint} property (a String, String[] or collection of URLs such as
     * {@code https://192.168.1.20:8443/}), or 0 when it names none: the ports actually listening, not the configured ones.
     */
    public static int endpointPort(Object endpoints, String scheme) {
        Iterable<?> list = endpoints instanceof String[] a ? java.util.Arrays.asList(a)
                : endpoints instanceof Iterable<?> it ? it : java.util.List.of(String.valueOf(endpoints));
        for (Object e : list) {
            try {
                java.net.URI u = java.net.URI.create(String.valueOf(e).trim());
                if (scheme.equalsIgnoreCase(u.getScheme()) && u.getPort() > 0) {
                    return u.getPort();
                }
            } catch (IllegalArgumentException notAUrl) {
                // the property is free text to other runtimes; skip what is not a URL
            }
        }
        return 0;
    }

    /**
     * {@code https://HOST[:port]pathAndQuery} for the host a client named in its {@code Host} header, for sending a
     * client that came to the plain-HTTP port over to the TLS port; empty when the header is not a plain host name or
     * address (nothing a client sent is echoed into a Location header unchecked).
     */
    public static java.util.Optional<String> httpsUrl(String hostHeader, int port, String pathAndQuery) {
        if (hostHeader == null || !HOST.matcher(hostHeader).matches() || port <= 0) {
            return java.util.Optional.empty();
        }
        String bare = hostHeader.startsWith("[") ? hostHeader.substring(0, hostHeader.indexOf(']') + 1)
                : hostHeader.contains(":") ? hostHeader.substring(0, hostHeader.indexOf(':')) : hostHeader;
        return java.util.Optional.of("https://" + bare + (port == 443 ? "" : ":" + port) + pathAndQuery);
    }

    private Listeners() {
    }
}
