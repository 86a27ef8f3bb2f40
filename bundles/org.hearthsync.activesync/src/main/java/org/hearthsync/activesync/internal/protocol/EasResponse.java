package org.hearthsync.activesync.internal.protocol;

import org.hearthsync.wbxml.Element;

/**
 * A command handler's answer: a WBXML document with HTTP 200 (as a tree, or already encoded by a
 * handler that streams large responses), an empty HTTP 200, or an HTTP status without a body.
 */
public record EasResponse(int httpStatus, Element document, String retryAfterSeconds, byte[] encoded) {

    public EasResponse(int httpStatus, Element document, String retryAfterSeconds) {
        this(httpStatus, document, retryAfterSeconds, null);
    }

    public static EasResponse document(Element root) {
        return new EasResponse(200, root, null);
    }

    /** A WBXML document the handler encoded itself. */
    public static EasResponse encoded(byte[] wbxml) {
        return new EasResponse(200, null, null, wbxml);
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
