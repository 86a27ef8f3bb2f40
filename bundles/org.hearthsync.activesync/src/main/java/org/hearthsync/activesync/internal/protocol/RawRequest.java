package org.hearthsync.activesync.internal.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the engine sees it, independent of the servlet API so that handlers, replay
 * tests and the servlet share one path.
 *
 * @param method        the HTTP method
 * @param query         the raw (still encoded) query string, or {@code null}
 * @param headers       header values by lower-case name (the first value of each)
 * @param body          the request body, already bounded by the caller
 * @param remoteAddress the peer's IP address
 * @param secure        whether it came over TLS
 */
public record RawRequest(String method, String query, Map<String, String> headers, byte[] body, String remoteAddress,
        boolean secure) {

    public RawRequest {
        Map<String, String> h = new TreeMap<>();
        headers.forEach((k, v) -> h.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(h);
        body = body == null ? new byte[0] : body;
    }

    /** The header's value, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
