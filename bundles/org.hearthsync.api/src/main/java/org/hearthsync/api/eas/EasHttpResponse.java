package org.hearthsync.api.eas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What goes back to the phone. The body is not copied.
 *
 * @param status      the HTTP status
 * @param headers     response headers, in order
 * @param contentType the body's media type, or {@code null} when there is no body
 * @param body        the body bytes, possibly empty
 */
public record EasHttpResponse(int status, Map<String, String> headers, String contentType, byte[] body) {

    public EasHttpResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? new byte[0] : body;
    }
}
