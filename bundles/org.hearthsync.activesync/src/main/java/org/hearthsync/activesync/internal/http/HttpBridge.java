package org.hearthsync.activesync.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hearthsync.activesync.internal.protocol.RawRequest;
import org.hearthsync.activesync.internal.protocol.RawResponse;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Servlet requests to {@link RawRequest} and {@link RawResponse} to servlet responses. */
final class HttpBridge {

    /** The body was larger than allowed. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("request body too large");
        }
    }

    private HttpBridge() {
    }

    static RawRequest request(HttpServletRequest req, int maxBody) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.putIfAbsent(name, req.getHeader(name));
        }
        byte[] body = "POST".equals(req.getMethod()) ? readBody(req, maxBody) : new byte[0];
        String query = req.getQueryString();
        if (query == null && req.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING) instanceof String original) {
            query = original; // forwarded from a case-variant of the path: the phone's query is the original one
        }
        return new RawRequest(req.getMethod(), query, headers, body, req.getRemoteAddr(), req.isSecure());
    }

    private static byte[] readBody(HttpServletRequest req, int max) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > max) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] buf = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + n > max) {
                    throw new TooLarge();
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    static void write(RawResponse r, HttpServletResponse resp) throws IOException {
        resp.setStatus(r.status());
        r.headers().forEach(resp::setHeader);
        if (r.contentType() != null) {
            resp.setContentType(r.contentType());
        }
        resp.setContentLength(r.body().length);
        if (r.body().length > 0) {
            resp.getOutputStream().write(r.body());
        }
    }
}
