package org.hearthsync.transport.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.hearthsync.api.eas.EasEndpoint;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.api.eas.EasHttpResponse;
import org.junit.jupiter.api.Test;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The permanent EAS servlet: 503 without an engine, each request to the engine bound at that moment. */
class EasServletTest {

    /** An engine that records what it was asked and answers with a fixed response (or a stage the test completes). */
    static class Engine implements EasEndpoint {
        final List<EasHttpRequest> seen = new ArrayList<>();
        final String name;
        CompletableFuture<EasHttpResponse> next;
        int max = 1024;

        Engine(String name) {
            this.name = name;
        }

        @Override
        public int maxRequestBytes() {
            return max;
        }

        @Override
        public CompletionStage<EasHttpResponse> handle(EasHttpRequest request) {
            seen.add(request);
            if (next != null) {
                return next;
            }
            return CompletableFuture.completedFuture(new EasHttpResponse(200, Map.of("X-Engine", name),
                    "application/vnd.ms-sync.wbxml", name.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A response that keeps status, headers and body. */
    static final class Response {
        final HttpServletResponse mock = mock(HttpServletResponse.class);
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 200;

        Response() throws IOException {
            org.mockito.Mockito.doAnswer(i -> status = i.getArgument(0)).when(mock).setStatus(anyInt());
            org.mockito.Mockito.doAnswer(i -> status = i.getArgument(0)).when(mock).sendError(anyInt(), anyString());
            org.mockito.Mockito.doAnswer(i -> headers.put(i.getArgument(0), i.getArgument(1))).when(mock)
                    .setHeader(anyString(), anyString());
            when(mock.getOutputStream()).thenReturn(new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {
                }
            });
        }
    }

    static HttpServletRequest post(boolean secure, String query, byte[] body) throws IOException {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.isSecure()).thenReturn(secure);
        when(r.getMethod()).thenReturn("POST");
        when(r.getQueryString()).thenReturn(query);
        when(r.getRemoteAddr()).thenReturn("192.0.2.7");
        when(r.getHeaderNames()).thenReturn(Collections.enumeration(List.of("Content-Type", "MS-ASProtocolVersion")));
        when(r.getHeader("Content-Type")).thenReturn("application/vnd.ms-sync.wbxml");
        when(r.getHeader("MS-ASProtocolVersion")).thenReturn("16.1");
        when(r.getContentLengthLong()).thenReturn((long) body.length);
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        when(r.getInputStream()).thenReturn(stream(in, l -> {
        }));
        return r;
    }

    /** A servlet stream over bytes that are all there; {@code listener} receives a non-blocking reader's listener. */
    static ServletInputStream stream(ByteArrayInputStream in, java.util.function.Consumer<ReadListener> listener) {
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
                listener.accept(l);
            }
        };
    }

    @Test
    void withoutAnEngineItAnswers503WithRetryAfter() throws Exception {
        EasServlet servlet = new EasServlet();
        Response resp = new Response();
        servlet.service(post(true, "Cmd=Sync", new byte[0]), resp.mock);
        assertEquals(503, resp.status);
        assertEquals(EasServlet.RETRY_AFTER_SECONDS, resp.headers.get("Retry-After"));
    }

    @Test
    void plainHttpIsRefusedBeforeTheEngineSeesIt() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine engine = new Engine("one");
        servlet.setEndpoint(engine);
        Response resp = new Response();
        servlet.service(post(false, "Cmd=Sync", "secret".getBytes(StandardCharsets.UTF_8)), resp.mock);
        assertEquals(403, resp.status);
        assertTrue(engine.seen.isEmpty());
    }

    @Test
    void theRequestReachesTheEngineAndItsAnswerThePhone() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine engine = new Engine("one");
        servlet.setEndpoint(engine);
        Response resp = new Response();
        byte[] body = { 3, 1, 106, 0 };
        servlet.service(post(true, "Cmd=Sync&DeviceId=D1", body), resp.mock);
        EasHttpRequest seen = engine.seen.get(0);
        assertEquals("POST", seen.method());
        assertEquals("Cmd=Sync&DeviceId=D1", seen.query());
        assertEquals("16.1", seen.header("ms-asprotocolversion"));
        assertArrayEquals(body, seen.body());
        assertEquals("192.0.2.7", seen.remoteAddress());
        assertTrue(seen.secure());
        assertEquals(200, resp.status);
        assertEquals("one", resp.headers.get("X-Engine"));
        verify(resp.mock).setContentType("application/vnd.ms-sync.wbxml");
        assertEquals("one", resp.body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aForwardedRequestKeepsThePhonesQuery() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine engine = new Engine("one");
        servlet.setEndpoint(engine);
        HttpServletRequest req = post(true, null, new byte[0]);
        when(req.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING)).thenReturn("Cmd=Ping&User=u");
        servlet.service(req, new Response().mock);
        assertEquals("Cmd=Ping&User=u", engine.seen.get(0).query());
    }

    @Test
    void aBodyOverTheEnginesLimitIs413AndNotRead() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine engine = new Engine("one");
        engine.max = 8;
        servlet.setEndpoint(engine);
        Response resp = new Response();
        HttpServletRequest req = post(true, "Cmd=Sync", new byte[9]);
        servlet.service(req, resp.mock);
        assertEquals(413, resp.status);
        assertTrue(engine.seen.isEmpty());
        verify(req, never()).getInputStream();

        // a body that declares no length is cut off at the limit while read
        HttpServletRequest chunked = post(true, "Cmd=Sync", new byte[9]);
        when(chunked.getContentLengthLong()).thenReturn(-1L);
        Response second = new Response();
        servlet.service(chunked, second.mock);
        assertEquals(413, second.status);
        assertTrue(engine.seen.isEmpty());
    }

    @Test
    void theEngineIsSwappedUnderTheServletNotTheServletUnderTheRequests() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine one = new Engine("one");
        Engine two = new Engine("two");
        servlet.setEndpoint(one);
        // greedy: the replacement is bound first, then the old one unbound; that must not clear the new one
        servlet.setEndpoint(two);
        servlet.unsetEndpoint(one);
        Response resp = new Response();
        servlet.service(post(true, "Cmd=Sync", new byte[0]), resp.mock);
        assertEquals("two", resp.headers.get("X-Engine"));
        assertTrue(one.seen.isEmpty());

        servlet.unsetEndpoint(two);
        Response gone = new Response();
        servlet.service(post(true, "Cmd=Sync", new byte[0]), gone.mock);
        assertEquals(503, gone.status);
    }

    @Test
    void anEngineFailingWhileItGoesAwayGivesRetryLater() throws Exception {
        EasServlet servlet = new EasServlet();
        EasEndpoint closing = mock(EasEndpoint.class);
        when(closing.maxRequestBytes()).thenReturn(1024);
        when(closing.handle(any())).thenThrow(new IllegalStateException("store closed"));
        servlet.setEndpoint(closing);
        Response resp = new Response();
        servlet.service(post(true, "Cmd=Sync", new byte[0]), resp.mock);
        assertEquals(503, resp.status);
        assertEquals(EasServlet.RETRY_AFTER_SWAP_SECONDS, resp.headers.get("Retry-After"));
    }

    @Test
    void aParkedRequestHoldsNoThreadAndIsAnsweredWhenTheEngineCompletesIt() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine engine = new Engine("one");
        engine.next = new CompletableFuture<>();
        servlet.setEndpoint(engine);
        Response resp = new Response();
        HttpServletRequest req = post(true, "Cmd=Ping", new byte[0]);
        when(req.isAsyncSupported()).thenReturn(true);
        AsyncContext async = mock(AsyncContext.class);
        when(req.startAsync()).thenReturn(async);
        when(async.getResponse()).thenReturn(resp.mock);
        servlet.service(req, resp.mock);
        verify(async).setTimeout(0);
        verify(async, never()).complete();
        assertNull(resp.headers.get("X-Engine"));

        engine.next.complete(new EasHttpResponse(200, Map.of("X-Engine", "later"), null, null));
        verify(async).complete();
        assertEquals("later", resp.headers.get("X-Engine"));
        assertFalse(resp.headers.containsKey("Retry-After"));
    }

    @Test
    void aCallerTheEngineRefusesBeforeSignInCostsNoBodyRead() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine engine = new Engine("one") {
            @Override
            public java.util.Optional<EasHttpResponse> admit(EasHttpRequest headersOnly) {
                assertEquals(0, headersOnly.body().length);
                return java.util.Optional.of(new EasHttpResponse(401, Map.of("WWW-Authenticate", "Basic"), null, null));
            }
        };
        servlet.setEndpoint(engine);
        Response resp = new Response();
        HttpServletRequest req = post(true, "Cmd=Sync", new byte[] { 1, 2, 3, 4 });
        // it declares 32 MB and sends 4 bytes: the servlet must neither size a buffer from that nor wait for it
        when(req.getContentLengthLong()).thenReturn(32L << 20);
        engine.max = 64 << 20;
        servlet.service(req, resp.mock);
        assertEquals(401, resp.status);
        verify(req, never()).getInputStream();
        assertTrue(engine.seen.isEmpty());
    }

    /**
     * A refusal to a small body reads it away without a thread (non-blocking), then answers: closing with unread
     * bytes would reset the connection and lose the 401.
     */
    @Test
    void aRefusedSmallBodyIsReadAwayThenAnswered() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine engine = new Engine("one") {
            @Override
            public java.util.Optional<EasHttpResponse> admit(EasHttpRequest headersOnly) {
                return java.util.Optional.of(new EasHttpResponse(401, Map.of("WWW-Authenticate", "Basic"), null, null));
            }
        };
        servlet.setEndpoint(engine);
        engine.max = 64 << 20;
        byte[] body = new byte[3000];
        java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(body);
        java.util.concurrent.atomic.AtomicReference<jakarta.servlet.ReadListener> reader = new java.util.concurrent.atomic.AtomicReference<>();
        HttpServletRequest req = post(true, "Cmd=Sync", body);
        when(req.getInputStream()).thenReturn(stream(in, reader::set));
        Response resp = new Response();
        jakarta.servlet.AsyncContext async = mock(jakarta.servlet.AsyncContext.class);
        when(async.getResponse()).thenReturn(resp.mock);
        when(req.isAsyncSupported()).thenReturn(true);
        when(req.startAsync()).thenReturn(async);
        servlet.service(req, resp.mock);
        assertEquals(200, resp.status, "not answered (still the default) before the body is read");
        reader.get().onDataAvailable();
        assertEquals(0, in.available(), "the body was read");
        reader.get().onAllDataRead();
        assertEquals(401, resp.status);
        verify(async).complete();
        assertTrue(engine.seen.isEmpty());
    }

    @Test
    void aBodyIsBufferedByWhatArrivedNotByWhatWasDeclared() throws Exception {
        HttpServletRequest req = post(true, "Cmd=Sync", new byte[] { 1, 2, 3, 4 });
        when(req.getContentLengthLong()).thenReturn(32L << 20);
        assertArrayEquals(new byte[] { 1, 2, 3, 4 }, EasServlet.readBody(req, 64 << 20));
    }

    @Test
    void aClientGoingAwayMidBodyIsNoError() throws Exception {
        EasServlet servlet = new EasServlet();
        Engine engine = new Engine("one");
        servlet.setEndpoint(engine);
        Response resp = new Response();
        HttpServletRequest req = post(true, "Cmd=Sync", new byte[0]);
        when(req.getContentLengthLong()).thenReturn(100L);
        when(req.getInputStream()).thenReturn(new ServletInputStream() {
            @Override
            public int read() throws IOException {
                throw new java.io.EOFException("early EOF");
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        });
        servlet.service(req, resp.mock); // no exception reaches the container, which would log it as an ERROR
        assertTrue(engine.seen.isEmpty());
    }
}
