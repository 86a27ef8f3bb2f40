package org.hearthsync.dav.internal;

import java.util.Locale;
import java.util.Map;

/**
 * A DAV request as the engine sees it: method, raw path, headers (names lower-cased) and the body, already capped
 * by the servlet.
 */
record DavRequest(String method, String rawPath, Map<String, String> headers, byte[] body) {

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The Depth header: 0, 1 or {@code Integer.MAX_VALUE} for infinity; {@code dflt} when absent. */
    int depth(int dflt) throws DavException {
        String d = header("Depth");
        if (d == null) {
            return dflt;
        }
        return switch (d.trim().toLowerCase(Locale.ROOT)) {
            case "0" -> 0;
            case "1" -> 1;
            case "infinity" -> Integer.MAX_VALUE;
            default -> throw DavException.badRequest("bad Depth header");
        };
    }
}
