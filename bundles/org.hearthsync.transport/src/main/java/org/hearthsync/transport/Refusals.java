package org.hearthsync.transport;

import java.io.IOException;

import org.hearthsync.transport.internal.DrainedRefusal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers given on the public listener before a request's body is read (a 401 to a phone not signed in yet, a 429, a
 * 503). Jetty closes a connection whose request body was left unread; when the answer was already committed (always so
 * for the path variants the canonical-path filter forwards) it closes it without saying {@code Connection: close}, and
 * the client sends its next request into a dead connection ("header parser received no bytes"). Closing with unread
 * bytes also makes the kernel reset the connection, which can destroy the answer in flight. Autodiscover's first POST
 * without a password, then the same POST with one on the same connection, is what phones do.
 */
public final class Refusals {

    /** Writes the answer; called once. */
    @FunctionalInterface
    public interface Answer {
        void write(HttpServletResponse resp) throws IOException;
    }

    private Refusals() {
    }

    /**
     * Gives {@code answer} to a request whose body was not read: after reading a small body away without holding a
     * thread (for at most two seconds; the connection then stays usable), else at once with {@code Connection: close}
     * when the request has a body, so the client does not reuse the connection.
     */
    public static void refuse(HttpServletRequest req, HttpServletResponse resp, Answer answer) throws IOException {
        if (DrainedRefusal.start(req, answer)) {
            return;
        }
        if (hasBody(req)) {
            resp.setHeader("Connection", "close");
        }
        answer.write(resp);
    }

    /** Whether the request announces a body (a length above zero, or a chunked one). */
    public static boolean hasBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }
}
