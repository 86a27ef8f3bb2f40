package org.hearthsync.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The benchmark's zero-cost server: first a recording proxy in front of a real DAV server, then a server that
 * answers every request with the bytes recorded for it, from memory. A vdirsyncer sync against the replay measures
 * what the client costs on its own with exactly the responses the real server gave: the floor under any server's
 * time on this machine, and so the ceiling of any server's ratio to Radicale.
 *
 * <p>A request is identified by its method, path, Depth header, whether it carried credentials, and its body;
 * except a REPORT, identified without its body, because vdirsyncer lists a multiget's hrefs from a Python set whose
 * order changes from run to run (a sync asks for the same hrefs every time here: every item of the collection).
 */
final class ReplayDavServer implements AutoCloseable {
    private static final Set<String> NOT_REPLAYED = Set.of("connection", "content-length", "transfer-encoding",
            "keep-alive", "date");

    private record Recorded(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Recorded> recorded = new ConcurrentHashMap<>();
    private final AtomicInteger misses = new AtomicInteger();
    private final List<String> timings = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private volatile URI upstream;

    /** Starts recording: every request is forwarded to {@code upstream} and its answer kept. */
    ReplayDavServer(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 2048);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** From now on every request is answered from what was recorded; one never recorded gets 502 and counts. */
    void replay() {
        upstream = null;
    }

    int misses() {
        return misses.get();
    }

    /** What each recorded request cost the upstream server, in the order they were answered. */
    List<String> timings() {
        return List.copyOf(timings);
    }

    int recordedCount() {
        return recorded.size();
    }

    URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = x.getRequestMethod();
            String key = method + ' ' + x.getRequestURI() + " depth=" + x.getRequestHeaders().getFirst("Depth")
                    + " auth=" + (x.getRequestHeaders().getFirst("Authorization") != null)
                    + ("REPORT".equals(method) ? "" : " body=" + digest(body));
            URI to = upstream;
            Recorded r = to == null ? recorded.get(key) : recorded.computeIfAbsent(key, k -> forward(to, x, body));
            if (r == null) {
                misses.incrementAndGet();
                x.sendResponseHeaders(502, -1);
                return;
            }
            r.headers.forEach((name, values) -> {
                if (!NOT_REPLAYED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    x.getResponseHeaders().put(name, values);
                }
            });
            x.sendResponseHeaders(r.status, r.body.length == 0 ? -1 : r.body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(r.body);
            }
        }
    }

    private Recorded forward(URI to, HttpExchange x, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(to.resolve(x.getRequestURI().toString()))
                .method(x.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        x.getRequestHeaders().forEach((name, values) -> {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            if (!NOT_REPLAYED.contains(n) && !"host".equals(n) && !"expect".equals(n) && !"upgrade".equals(n)) {
                values.forEach(v -> b.header(name, v));
            }
        });
        try {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = upstreamClient.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            timings.add(String.format(java.util.Locale.ROOT, "%-8s %-40s depth=%-4s %d %6.1f ms %9d bytes",
                    x.getRequestMethod(), x.getRequestURI(), x.getRequestHeaders().getFirst("Depth"), r.statusCode(),
                    (System.nanoTime() - t0) / 1e6, r.body().length));
            return new Recorded(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
