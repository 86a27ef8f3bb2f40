package org.hearthsync.transport.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import org.hearthsync.api.eas.EasEndpoint;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.api.eas.EasHttpResponse;
import org.hearthsync.transport.Listeners;
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

    /** The body was larger than the engine takes. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("request body too large");
        }
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
        EasHttpRequest request;
        try {
            request = request(req, max);
        } catch (TooLarge e) {
            LOG.debug("refused a request body over {} bytes from {}", max, req.getRemoteAddr());
            resp.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            resp.setContentLength(0);
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
            write(outcome(answer), resp);
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

    static EasHttpRequest request(HttpServletRequest req, int maxBody) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.putIfAbsent(name, req.getHeader(name));
        }
        byte[] body = "POST".equals(req.getMethod()) ? readBody(req, maxBody) : new byte[0];
        String query = req.getQueryString();
        if (query == null && req.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING) instanceof String original) {
            query = original; // forwarded from a case-variant of the path: the phone's query is the original one
        }
        return new EasHttpRequest(req.getMethod(), query, headers, body, req.getRemoteAddr(), req.isSecure());
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

    static void write(EasHttpResponse r, HttpServletResponse resp) throws IOException {
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
