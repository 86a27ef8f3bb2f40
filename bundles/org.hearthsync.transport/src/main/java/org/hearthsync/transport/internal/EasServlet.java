package org.hearthsync.transport.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import org.hearthsync.api.eas.EasEndpoint;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.api.eas.EasHttpResponse;
import org.hearthsync.transport.Listeners;
import org.hearthsync.transport.ServletIo;
import org.hearthsync.transport.ServletIo.TooLarge;
import org.hearthsync.transport.ServletIo.TooSlow;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The EAS endpoint, registered once for the life of the public listener. Each request goes to the
 * {@link EasEndpoint} the protocol engine provides at that moment; while there is none (starting, or
 * the engine restarting or updated) it answers 503 with Retry-After, which phones take as "try again
 * later" rather than as a broken account. The engine coming and going swaps a reference here and
 * never unregisters the servlet, so no request races a servlet being taken away.
 *
 * <p>Only the TLS listener serves it: over plain HTTP a phone would send its password in the clear.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(Listeners.EAS_PATH)
@HttpWhiteboardServletAsyncSupported
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
public final class EasServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EasServlet.class);
    static final String RETRY_AFTER_SECONDS = "60";
    /** An engine that just went away is usually back within seconds (an update or a restart). */
    static final String RETRY_AFTER_SWAP_SECONDS = "5";
    /**
     * A signed-in request's body may take this long, then must keep up {@link #MIN_BODY_BYTES_PER_SECOND}
     * on average: a body read holds one of the listener's threads. Jetty's own minimum data rate has no
     * grace time, so it refused small bodies whose second packet came a moment late; this one does not.
     */
    static final long BODY_GRACE_MILLIS = 10_000;
    static final long MIN_BODY_BYTES_PER_SECOND = 1024;

    private final transient AtomicReference<EasEndpoint> endpoint = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEndpoint")
    void setEndpoint(EasEndpoint e) {
        endpoint.set(e);
        LOG.debug("EAS requests go to {}", e);
    }

    void unsetEndpoint(EasEndpoint e) {
        // a greedy replacement is bound before the old one is unbound: only the current one is cleared
        endpoint.compareAndSet(e, null);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.isSecure()) {
            LOG.debug("refused EAS over plain HTTP from {}", req.getRemoteAddr());
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "ActiveSync is served over HTTPS only");
            return;
        }
        EasEndpoint engine = endpoint.get();
        if (engine == null) {
            unavailable(resp, RETRY_AFTER_SECONDS);
            return;
        }
        int max = engine.maxRequestBytes();
        if (req.getContentLengthLong() > max) {
            LOG.debug("refused a request body over {} bytes from {}", max, req.getRemoteAddr());
            tooLarge(resp);
            return;
        }
        // sign-in first, from the headers alone: a caller without the password never makes the server
        // buffer a body, or hold a thread while it trickles one
        EasHttpRequest headersOnly = headersOnly(req);
        Optional<EasHttpResponse> refused = engine.admit(headersOnly);
        if (refused.isPresent()) {
            if (!DrainedRefusal.start(req, refused.get())) {
                if (req.getContentLengthLong() != 0 && "POST".equals(req.getMethod())) {
                    // the body stays unread, so the connection ends with this answer: the client must not reuse it
                    resp.setHeader("Connection", "close");
                }
                answer(refused.get(), resp, req);
            }
            return;
        }
        EasHttpRequest request;
        try {
            request = withBody(headersOnly, req, max);
        } catch (TooLarge e) {
            LOG.debug("refused a request body over {} bytes from {}", max, req.getRemoteAddr());
            tooLarge(resp);
            return;
        } catch (TooSlow e) {
            LOG.debug("{} from {}: closing", e.getMessage(), req.getRemoteAddr());
            resp.setStatus(HttpServletResponse.SC_REQUEST_TIMEOUT);
            resp.setHeader("Connection", "close");
            resp.setContentLength(0);
            return;
        } catch (IOException e) {
            // the client went away mid-body: nothing to answer, nobody to act
            LOG.debug("request body from {} ended early: {}", req.getRemoteAddr(), e.toString());
            return;
        }
        CompletableFuture<EasHttpResponse> answer;
        try {
            answer = engine.handle(request).toCompletableFuture();
        } catch (RuntimeException e) {
            // the engine is being taken down under this request (its state closing): the phone retries
            LOG.debug("the engine refused a request while going away: {}", e.toString());
            unavailable(resp, RETRY_AFTER_SWAP_SECONDS);
            return;
        }
        if (answer.isDone() || !req.isAsyncSupported()) {
            answer(outcome(answer), resp, req);
            return;
        }
        // a parked Ping or Sync: give the thread back, answer when the engine completes it
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        answer.whenComplete((r, t) -> {
            try {
                write(t == null ? r : failed(t), (HttpServletResponse) async.getResponse());
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not answer a parked request: {}", e.toString());
            } finally {
                async.complete();
            }
        });
    }

    private static EasHttpResponse outcome(CompletableFuture<EasHttpResponse> answer) {
        try {
            return answer.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return failed(e);
        }
    }

    private static EasHttpResponse failed(Throwable t) {
        LOG.warn("the EAS engine failed a request: {}", t.toString());
        return new EasHttpResponse(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, Map.of(), null, null);
    }

    private static void unavailable(HttpServletResponse resp, String retryAfter) throws IOException {
        resp.setHeader("Retry-After", retryAfter);
        resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The ActiveSync service is not available yet");
    }

    /** The admitted request with its body, read now. */
    static EasHttpRequest withBody(EasHttpRequest headersOnly, HttpServletRequest req, int maxBody) throws IOException {
        if (!"POST".equals(headersOnly.method())) {
            return headersOnly;
        }
        return new EasHttpRequest(headersOnly.method(), headersOnly.query(), headersOnly.headers(), readBody(req, maxBody),
                headersOnly.remoteAddress(), headersOnly.secure());
    }

    private static Map<String, String> headers(HttpServletRequest req) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.putIfAbsent(name, req.getHeader(name));
        }
        return headers;
    }

    private static String query(HttpServletRequest req) {
        String query = req.getQueryString();
        if (query == null && req.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING) instanceof String original) {
            query = original; // forwarded from a case-variant of the path: the phone's query is the original one
        }
        return query;
    }

    /** The request without its body, for {@link EasEndpoint#admit}. */
    static EasHttpRequest headersOnly(HttpServletRequest req) {
        return new EasHttpRequest(req.getMethod(), query(req), headers(req), new byte[0], req.getRemoteAddr(), req.isSecure());
    }

    /**
     * Reads the body into memory that grows with what actually arrived (never sized by the declared
     * length alone), up to {@code max}, giving up on one slower than the minimum rate after the grace time.
     */
    static byte[] readBody(HttpServletRequest req, int max) throws IOException {
        return ServletIo.readBody(req, max, BODY_GRACE_MILLIS, MIN_BODY_BYTES_PER_SECOND);
    }

    private static void tooLarge(HttpServletResponse resp) {
        resp.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        // the rest of the body is not read: the connection cannot carry another request
        resp.setHeader("Connection", "close");
        resp.setContentLength(0);
    }

    /** Writes an answer; a client that went away meanwhile costs one DEBUG line, not a stack trace. */
    private static void answer(EasHttpResponse r, HttpServletResponse resp, HttpServletRequest req) {
        try {
            write(r, resp);
        } catch (IOException e) {
            LOG.debug("could not answer {}: {}", req.getRemoteAddr(), e.toString());
        }
    }

    static void write(EasHttpResponse r, HttpServletResponse resp) throws IOException {
        ServletIo.write(resp, r.status(), r.headers(), r.contentType(), r.body());
    }
}
