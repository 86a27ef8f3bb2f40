package org.hearthsync.activesync.internal.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What goes back to the phone: status, headers, and a body (possibly empty).
 *
 * @param status      HTTP status
 * @param headers     response headers, in order
 * @param contentType the body's media type, or {@code null} when there is no body
 * @param body        the body bytes
 */
public record RawResponse(int status, Map<String, String> headers, String contentType, byte[] body) {
    public static final String WBXML = "application/vnd.ms-sync.wbxml";

    public RawResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
    }

    public static RawResponse of(int status) {
        return new RawResponse(status, Map.of(), null, null);
    }

    public RawResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RawResponse(status, h, contentType, body);
    }

    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
