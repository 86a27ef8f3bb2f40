package org.hearthsync.certs.acme.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /.well-known/acme-challenge/<token>} on the plain setup port: the key authorization of a
 * challenge Hearth is waiting for, 404 for any other token and on the TLS port. Nothing secret is
 * served; a token is known only between an order's challenge and its validation.
 */
final class ChallengeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/.well-known/acme-challenge";
    /** ACME tokens are base64url (RFC 8555 section 8.3). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final transient Map<String, String> responses = new ConcurrentHashMap<>();

    void put(String token, String content) {
        responses.put(token, content);
    }

    void remove(String token) {
        responses.remove(token);
    }

    void clear() {
        responses.clear();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo();
        String token = info == null ? "" : info.substring(1);
        String content = !req.isSecure() && TOKEN.matcher(token).matches() ? responses.get(token) : null;
        if (content == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] body = content.getBytes(StandardCharsets.US_ASCII);
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/octet-stream");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
