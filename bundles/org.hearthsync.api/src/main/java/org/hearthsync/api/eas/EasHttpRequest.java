package org.hearthsync.api.eas;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An EAS request as the transport received it. The body is not copied: neither side changes it.
 *
 * @param method        the HTTP method
 * @param query         the raw (still encoded) query string, or {@code null}
 * @param headers       header values by name (the first value of each); kept by lower-case name
 * @param body          the request body, already bounded by {@link EasEndpoint#maxRequestBytes()}
 * @param remoteAddress the peer's IP address
 * @param secure        whether it came over TLS
 */
public record EasHttpRequest(String method, String query, Map<String, String> headers, byte[] body,
        String remoteAddress, boolean secure) {

    public EasHttpRequest {
        Map<String, String> h = new TreeMap<>();
        headers.forEach((k, v) -> h.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(h);
        body = body == null ? new byte[0] : body;
    }

    /** The header's value, or {@code null}; the name in any case. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
