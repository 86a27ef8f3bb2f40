package org.hearthsync.upnp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jupnp.model.message.StreamRequestMessage;
import org.jupnp.model.message.StreamResponseMessage;
import org.jupnp.model.message.UpnpHeaders;
import org.jupnp.model.message.UpnpMessage;
import org.jupnp.model.message.UpnpRequest;
import org.jupnp.model.message.UpnpResponse;
import org.jupnp.model.message.header.UpnpHeader;
import org.jupnp.transport.spi.StreamClient;
import org.jupnp.transport.spi.StreamClientConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jUPnP's HTTP client (description GETs, SOAP control POSTs) on {@code java.net.http}, in place of its
 * Jetty 9.4 client. Always HTTP/1.1 (routers speak no HTTP/2 and some choke on an upgrade offer),
 * direct (never through a configured proxy), no redirects, one deadline for the whole exchange, bodies
 * bounded to {@link #MAX_BODY}. Answers carrying a DTD are refused: UPnP XML never needs one, and
 * jUPnP's parsers do not disable external entities.
 */
final class JdkStreamClient implements StreamClient<StreamClientConfiguration> {
    static final int MAX_BODY = 128 * 1024;
    static final String USER_AGENT = "Java/17 UPnP/1.1 Hearth/0.1";
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private static final Logger LOG = LoggerFactory.getLogger(JdkStreamClient.class);

    private final Settings settings;
    private final Duration deadline;
    private final HttpClient client;

    /**
     * @param executor runs the client's own work (not jUPnP's, so a full protocol pool cannot starve it);
     *                 shut down by {@link #stop()}
     */
    JdkStreamClient(Duration connectTimeout, Duration deadline, ExecutorService executor) {
        settings = new Settings(executor, (int) Math.max(1, deadline.toSeconds()));
        this.deadline = deadline;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).executor(executor).build();
    }

    @Override
    public StreamResponseMessage sendRequest(StreamRequestMessage message) throws InterruptedException {
        UpnpRequest operation = message.getOperation();
        URI uri = operation.getURI();
        if (uri == null || !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            LOG.debug("not an http address, not asked: {}", uri);
            return null;
        }
        HttpRequest request;
        try {
            request = request(message, operation, uri);
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot send {} to {}: {}", operation.getHttpMethodName(), uri, e.toString());
            return null;
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> new BoundedBody(MAX_BODY));
        try {
            return response(exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS), uri);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            LOG.debug("{} did not answer within {} ms", uri, deadline.toMillis());
            return null;
        } catch (ExecutionException e) {
            LOG.debug("{} {}: {}", operation.getHttpMethodName(), uri, String.valueOf(e.getCause()));
            return null;
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
    }

    private HttpRequest request(StreamRequestMessage message, UpnpRequest operation, URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(deadline);
        for (Map.Entry<String, List<String>> h : message.getHeaders().entrySet()) {
            if (h.getKey() == null || RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : h.getValue()) {
                b.header(h.getKey(), value);
            }
        }
        if (!message.getHeaders().containsKey(UpnpHeader.Type.USER_AGENT)) {
            b.header("User-Agent", USER_AGENT);
        }
        HttpRequest.BodyPublisher body = message.hasBody() ? HttpRequest.BodyPublishers.ofByteArray(message.getBodyBytes())
                : HttpRequest.BodyPublishers.noBody();
        return b.method(operation.getHttpMethodName(), body).build();
    }

    private static StreamResponseMessage response(HttpResponse<byte[]> r, URI uri) {
        UpnpResponse.Status known = UpnpResponse.Status.getByStatusCode(r.statusCode());
        StreamResponseMessage m = new StreamResponseMessage(
                new UpnpResponse(r.statusCode(), known == null ? "" : known.getStatusMsg()));
        UpnpHeaders headers = new UpnpHeaders();
        r.headers().map().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
        m.setHeaders(headers);
        byte[] body = r.body();
        if (body.length > 0) {
            if (m.isContentTypeMissingOrText()) {
                m.setBodyCharacters(body);
            } else {
                m.setBody(UpnpMessage.BodyType.BYTES, body);
            }
            if (declaresDtd(new String(body, StandardCharsets.ISO_8859_1))
                    || (m.getBodyType() == UpnpMessage.BodyType.STRING && declaresDtd(m.getBodyString()))) {
                LOG.warn("refused an answer from {} that declares a DTD or entities (not UPnP)", uri.getHost());
                return null;
            }
        }
        return m;
    }

    static boolean declaresDtd(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("<!doctype") || t.contains("<!entity");
    }

    @Override
    public void stop() {
        // java.net.http in Java 17 has no close(): its selector thread ends once the client is unreachable
        settings.getRequestExecutorService().shutdownNow();
    }

    @Override
    public StreamClientConfiguration getConfiguration() {
        return settings;
    }

    /** What jUPnP may ask about the client; retries are left to Hearth's renewal schedule. */
    private record Settings(ExecutorService getRequestExecutorService, int getTimeoutSeconds)
            implements StreamClientConfiguration {
        @Override
        public int getRetryIterations() {
            return 0;
        }

        @Override
        public int getLogWarningSeconds() {
            return getTimeoutSeconds;
        }

        @Override
        public int getRetryAfterSeconds() {
            return 0;
        }

        @Override
        public String getUserAgentValue(int majorVersion, int minorVersion) {
            return USER_AGENT;
        }
    }

    /** Collects a body up to a limit, failing the exchange beyond it (a router is never owed more memory). */
    static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int max;
        private Flow.Subscription subscription;

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (result.isDone()) {
                    return;
                }
                if (out.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("answer larger than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
