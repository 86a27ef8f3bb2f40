package org.hearthsync.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Reading a request's body and writing a whole answer, the same way for every servlet on Hearth's
 * listeners (Exchange ActiveSync, CalDAV/CardDAV): memory grows with what actually arrived, never with
 * what a client declares alone.
 */
public final class ServletIo {
    /** The first buffer for a body: the declared length only up to this, the rest grows with what arrives. */
    public static final int FIRST_BUFFER_BYTES = 64 * 1024;

    private ServletIo() {
    }

    /** The body was larger than the servlet takes. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        public TooLarge() {
            super("request body too large");
        }
    }

    /** The body came slower than the minimum rate after the grace time. */
    public static final class TooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        public TooSlow(long received, long millis) {
            super("request body too slow: " + received + " bytes in " + millis + " ms");
        }
    }

    /** Reads the body, up to {@code max} bytes, however slowly it comes. */
    public static byte[] readBody(HttpServletRequest req, int max) throws IOException {
        return readBody(req, max, Long.MAX_VALUE, 0);
    }

    /**
     * Reads the body, up to {@code max} bytes ({@link TooLarge} beyond), giving up on one that after
     * {@code graceMillis} has come slower than {@code minBytesPerSecond} on average ({@link TooSlow}):
     * a body read holds one of the listener's threads.
     */
    public static byte[] readBody(HttpServletRequest req, int max, long graceMillis, long minBytesPerSecond)
            throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > max) {
            throw new TooLarge(); // from the header alone: the stream is not even opened
        }
        try (InputStream in = req.getInputStream()) {
            return readBody(declared, in, max, graceMillis, minBytesPerSecond);
        }
    }

    /**
     * The body of a request that declared {@code declared} octets (-1: none declared, as when chunked): a larger
     * declared length than {@code max} is refused before anything is read, and any body is read no further than
     * one octet past {@code max}, whatever the client claimed.
     */
    public static byte[] readBody(long declared, InputStream in, int max, long graceMillis, long minBytesPerSecond)
            throws IOException {
        if (declared > max) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), FIRST_BUFFER_BYTES));
        byte[] buf = new byte[8192];
        long start = System.nanoTime();
        int n;
        while ((n = in.read(buf, 0, (int) Math.min(buf.length, max + 1L - out.size()))) > 0) {
            out.write(buf, 0, n);
            if (out.size() > max) {
                throw new TooLarge();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (millis > graceMillis && out.size() < (millis - graceMillis) * minBytesPerSecond / 1000) {
                throw new TooSlow(out.size(), millis);
            }
        }
        return out.toByteArray();
    }

    /** Writes a whole answer: status, headers, content type (when not null) and body with its length. */
    public static void write(HttpServletResponse resp, int status, Map<String, String> headers, String contentType,
            byte[] body) throws IOException {
        resp.setStatus(status);
        headers.forEach(resp::setHeader);
        if (contentType != null) {
            resp.setContentType(contentType);
        }
        resp.setContentLength(body.length);
        if (body.length > 0) {
            resp.getOutputStream().write(body);
        }
    }
}
