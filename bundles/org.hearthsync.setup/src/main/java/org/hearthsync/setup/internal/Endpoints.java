package org.hearthsync.setup.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The ports of Hearth's public listener, read from its HTTP runtime's {@code osgi.http.endpoint}
 * property (URLs such as {@code http://192.168.1.20:54321/} and {@code https://...:8443/}), so the
 * setup page always names the ports actually listening.
 *
 * @param setupPort the plain-HTTP port, 0 when unknown
 * @param easPort   the TLS port, 0 when unknown
 */
record Endpoints(int setupPort, int easPort) {
    static final String PROPERTY = "osgi.http.endpoint";
    static final Endpoints UNKNOWN = new Endpoints(0, 0);

    static Endpoints from(Object property) {
        int http = 0;
        int https = 0;
        for (String value : values(property)) {
            try {
                URI uri = URI.create(value.trim());
                if (uri.getPort() <= 0 || uri.getScheme() == null) {
                    continue;
                }
                if ("https".equalsIgnoreCase(uri.getScheme()) && https == 0) {
                    https = uri.getPort();
                } else if ("http".equalsIgnoreCase(uri.getScheme()) && http == 0) {
                    http = uri.getPort();
                }
            } catch (IllegalArgumentException e) {
                // not a URL: ignore
            }
        }
        return new Endpoints(http, https);
    }

    private static List<String> values(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String s) {
            out.add(s);
        } else if (property instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (property instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
