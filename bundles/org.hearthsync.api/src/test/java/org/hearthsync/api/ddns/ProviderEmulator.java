package org.hearthsync.api.ddns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for a dynamic DNS provider (or a check-IP service), for provider tests: an
 * HTTP server on 127.0.0.1 and a free port that records every request and answers with what the
 * test's handler says. Tests never reach the real services.
 */
public final class ProviderEmulator implements AutoCloseable {

    /** One request as the emulator saw it. */
    public record Request(String method, String path, String rawQuery, Map<String, String> params, Headers headers,
            String body) {
        public String param(String name) {
            return params.get(name);
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** What to answer. */
    public record Response(int status, String body, Map<String, String> headers) {
        public static Response of(int status, String body) {
            return new Response(status, body, Map.of());
        }

        public static Response ok(String body) {
            return of(200, body);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, body, h);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Response> handler;

    private ProviderEmulator(Function<Request, Response> handler) throws IOException {
        this.handler = handler;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an emulator answering with {@code handler}. */
    public static ProviderEmulator start(Function<Request, Response> handler) throws IOException {
        return new ProviderEmulator(handler);
    }

    /** Changes the answers from now on. */
    public void answer(Function<Request, Response> handler) {
        this.handler = handler;
    }

    /** {@code http://127.0.0.1:PORT} without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public Request lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the emulator received no request");
        }
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String raw = ex.getRequestURI().getRawQuery();
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), raw, params(raw),
                    ex.getRequestHeaders(), body);
            requests.add(r);
            Response resp;
            try {
                resp = handler.apply(r);
            } catch (RuntimeException e) {
                resp = Response.of(500, "emulator handler failed: " + e);
            }
            resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] bytes = resp.body() == null ? new byte[0] : resp.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().putIfAbsent("Content-Type", List.of("text/plain; charset=utf-8"));
            ex.sendResponseHeaders(resp.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    static Map<String, String> params(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
