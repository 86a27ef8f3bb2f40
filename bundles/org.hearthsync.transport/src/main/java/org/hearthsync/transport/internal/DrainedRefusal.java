package org.hearthsync.transport.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hearthsync.api.eas.EasHttpResponse;
import org.hearthsync.transport.Refusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A refusal before sign-in (401, 429, 403) to a request whose small body is still on its way. Closing a
 * connection with unread bytes in it makes the kernel reset it, and the reset can destroy the answer in flight:
 * a phone with a wrong password, or Autodiscover's first unauthenticated POST, would see "connection reset"
 * instead of the challenge. So the body is read and dropped without holding a thread (non-blocking reads),
 * for at most {@link #WAIT_MILLIS}, then the refusal is written. Nothing is kept: it costs no more than what
 * was received, and a caller trickling its body gets the refusal at the deadline anyway.
 */
public final class DrainedRefusal {
    private static final Logger LOG = LoggerFactory.getLogger(DrainedRefusal.class);
    /** Larger declared bodies are not waited for: the refusal goes out at once and the connection closes. */
    static final long MAX_BYTES = 64 * 1024;
    static final long WAIT_MILLIS = 2_000;

    private DrainedRefusal() {
    }

    /** True when the refusal was handed to a drain that writes it later; false: the caller writes it now. */
    static boolean start(HttpServletRequest req, EasHttpResponse refusal) {
        return start(req, resp -> EasServlet.write(refusal, resp));
    }

    /** As {@link #start(HttpServletRequest, EasHttpResponse)}, for any answer (Autodiscover's, through Refusals). */
    public static boolean start(HttpServletRequest req, Refusals.Answer refusal) {
        long declared = req.getContentLengthLong();
        if (declared <= 0 || declared > MAX_BYTES || !req.isAsyncSupported()) {
            return false;
        }
        ServletInputStream in;
        AsyncContext async;
        try {
            in = req.getInputStream();
            async = req.startAsync();
        } catch (IOException | IllegalStateException e) {
            return false;
        }
        async.setTimeout(WAIT_MILLIS);
        AtomicBoolean answered = new AtomicBoolean();
        Runnable answer = () -> {
            if (answered.compareAndSet(false, true)) {
                try {
                    refusal.write((HttpServletResponse) async.getResponse());
                } catch (IOException | RuntimeException e) {
                    LOG.debug("could not answer a refused request: {}", e.toString());
                } finally {
                    async.complete();
                }
            }
        };
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                answer.run();
            }

            @Override
            public void onError(AsyncEvent event) {
                answer.run();
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        in.setReadListener(new ReadListener() {
            private final byte[] buf = new byte[4096];

            @Override
            public void onDataAvailable() throws IOException {
                while (in.isReady() && !in.isFinished()) {
                    if (in.read(buf) < 0) {
                        break;
                    }
                }
            }

            @Override
            public void onAllDataRead() {
                answer.run();
            }

            @Override
            public void onError(Throwable t) {
                LOG.debug("a refused request's body ended early: {}", t.toString());
                answer.run();
            }
        });
        return true;
    }
}
