package org.hearthsync.dav.internal;

import java.util.Locale;
import java.util.Map;

/**
 * A DAV request as the engine sees it: method, raw path, headers (names lower-cased) and the body, already capped
 * by the servlet. An {@code oversized} request had a body over the cap: none of it beyond the cap was read, its
 * body here is empty, and the engine answers it with the precondition of its target (see {@link Engine#handle}).
 */
record DavRequest(String method, String rawPath, Map<String, String> headers, byte[] body, boolean oversized) {

    DavRequest(String method, String rawPath, Map<String, String> headers, byte[] body) {
        this(method, rawPath, headers, body, false);
    }

    /** A request whose body was larger than {@link Props#MAX_RESOURCE_BYTES}, and so not read. */
    static DavRequest oversized(String method, String rawPath, Map<String, String> headers) {
        return new DavRequest(method, rawPath, headers, new byte[0], true);
    }

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
