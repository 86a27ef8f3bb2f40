package org.hearthsync.store.dav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.hearthsync.api.store.StoreException;

/**
 * HTTP for WebDAV on the JDK client: Basic authentication sent with every request, redirects followed
 * with method and body kept (for the .well-known URLs), response bodies read up to a limit, network
 * failures and 5xx answers turned into {@link StoreException.Unavailable}. Never logs or returns the password.
 */
final class DavClient implements AutoCloseable {

    /** An answer: status, headers and the (bounded) body. */
    record Response(int status, HttpHeaders headers, byte[] body, URI uri) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final ExecutorService executor;
    private final String authorization;
    private final Duration timeout;
    private final int maxResponseBytes;

    DavClient(String user, String password, Duration timeout, int maxResponseBytes, String storeName) {
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hearth-dav-http-" + storeName);
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.authorization = user == null || user.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password))
                        .getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Sends a request and reads the answer.
     *
     * @throws StoreException.Unavailable if the server cannot be reached, times out or answers 5xx
     * @throws StoreException             if the server refuses the credentials (401) or the answer is too large
     */
    Response send(String method, URI uri, Map<String, String> headers, String body) throws StoreException {
        URI target = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            headers.forEach(b::header);
            if (body != null && !headers.containsKey("Content-Type")) {
                b.header("Content-Type", "application/xml; charset=utf-8");
            }
            Response r = exchange(b.build(), method, target);
            if (isRedirect(r.status()) && r.header("Location").isPresent()) {
                target = target.resolve(r.header("Location").get());
                continue;
            }
            if (r.status() == 401) {
                throw new StoreException("The DAV server refused the user name or password (HTTP 401)");
            }
            if (r.status() >= 500) {
                throw new StoreException.Unavailable("The DAV server failed: HTTP " + r.status() + " for " + method, null);
            }
            return r;
        }
        throw new StoreException("Too many redirects from " + uri);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * One exchange. A pooled connection the server closed meanwhile (HTTP/1.0 servers such as Radicale's close
     * after every answer, which the JDK client does not always notice) fails before any byte of an answer: the
     * request is sent again on a new connection, at most twice.
     */
    private Response exchange(HttpRequest request, String method, URI target) throws StoreException {
        for (int attempt = 0;; attempt++) {
            try {
                return exchangeOnce(request, method, target);
            } catch (StoreException.Unavailable e) {
                if (attempt >= 2 || !isStaleConnection(e.getCause())) {
                    throw e;
                }
            }
        }
    }

    private static boolean isStaleConnection(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof java.io.EOFException || m.contains("received no bytes") || m.contains("Broken pipe")
                    || m.contains("Connection reset")) {
                return true;
            }
        }
        return false;
    }

    private Response exchangeOnce(HttpRequest request, String method, URI target) throws StoreException {
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] body = in.readNBytes(maxResponseBytes + 1);
                if (body.length > maxResponseBytes) {
                    throw new StoreException("The DAV server's answer to " + method + " is larger than "
                            + maxResponseBytes / (1024 * 1024) + " MB");
                }
                return new Response(response.statusCode(), response.headers(), body, target);
            }
        } catch (IOException e) {
            throw new StoreException.Unavailable("The DAV server cannot be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException.Unavailable("Interrupted while talking to the DAV server", e);
        } catch (IllegalArgumentException e) {
            throw new StoreException("Bad DAV request: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
