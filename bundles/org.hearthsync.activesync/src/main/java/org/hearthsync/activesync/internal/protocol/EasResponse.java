package org.hearthsync.activesync.internal.protocol;

import org.hearthsync.wbxml.Element;

/**
 * A command handler's answer: a WBXML document with HTTP 200, an empty HTTP 200, or an HTTP
 * status without a body.
 */
public record EasResponse(int httpStatus, Element document, String retryAfterSeconds) {

    public static EasResponse document(Element root) {
        return new EasResponse(200, root, null);
    }

    public static EasResponse empty() {
        return new EasResponse(200, null, null);
    }

    public static EasResponse http(int status) {
        return new EasResponse(status, null, null);
    }

    /** HTTP 503 with Retry-After: the store is away, nothing was changed, try again. */
    public static EasResponse retryLater(int seconds) {
        return new EasResponse(503, null, Integer.toString(seconds));
    }
}
