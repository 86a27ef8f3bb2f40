package org.hearthsync.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.hearthsync.auth.PasswordHash;
import org.junit.jupiter.api.Test;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class ConsoleGuardTest {
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));

    @Test
    void crossSitePostToAFrameworkPluginIsRefusedBeforeItRuns() throws Exception {
        ConsoleGuard guard = guard();
        HttpServletRequest req = request("POST", "/system/console/bundles", Map.of("Origin", "https://evil.example"));
        HttpServletResponse resp = mock(HttpServletResponse.class);
        when(resp.getWriter()).thenReturn(new java.io.PrintWriter(new java.io.StringWriter()));
        FilterChain chain = mock(FilterChain.class);
        guard.doFilter(req, resp, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(resp).setStatus(403);
    }

    @Test
    void postWithoutAnyOriginEvidenceIsRefused() throws Exception {
        HttpServletResponse resp = mock(HttpServletResponse.class);
        when(resp.getWriter()).thenReturn(new java.io.PrintWriter(new java.io.StringWriter()));
        FilterChain chain = mock(FilterChain.class);
        guard().doFilter(request("POST", "/system/console/configMgr/x", Map.of()), resp, chain);
        verify(chain, never()).doFilter(any(), any());
    }

    @Test
    void sameOriginPostPasses() throws Exception {
        HttpServletResponse resp = mock(HttpServletResponse.class);
        FilterChain chain = mock(FilterChain.class);
        HttpServletRequest req = request("POST", "/system/console/bundles",
                Map.of("Origin", "http://127.0.0.1:54322", "Sec-Fetch-Site", "same-origin"));
        guard().doFilter(req, resp, chain);
        verify(chain).doFilter(eq(req), any());
    }

    @Test
    void fetchMetadataSayingCrossSiteWins() {
        HttpServletRequest req = request("POST", "/system/console/bundles",
                Map.of("Origin", "http://127.0.0.1:54322", "Sec-Fetch-Site", "same-site"));
        assertTrue(ConsoleGuard.crossSite(req).isPresent());
    }

    @Test
    void withoutTheSecurityProviderNothingIsServed() throws Exception {
        HttpServletResponse resp = mock(HttpServletResponse.class);
        FilterChain chain = mock(FilterChain.class);
        new ConsoleGuard().doFilter(request("GET", "/hearth/setup-links.json", Map.of()), resp, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(resp).sendError(eq(503), org.mockito.ArgumentMatchers.anyString());
    }

    @Test
    void getsNeedNoOriginButEveryAnswerCarriesTheHeaders() throws Exception {
        HttpServletResponse resp = mock(HttpServletResponse.class);
        FilterChain chain = mock(FilterChain.class);
        guard().doFilter(request("GET", "/hearth/setup-links.json", Map.of()), resp, chain);
        verify(chain).doFilter(any(), eq(resp));
        verify(resp).setHeader("X-Content-Type-Options", "nosniff");
        verify(resp).setHeader("X-Frame-Options", "DENY");
        verify(resp).setHeader("Cache-Control", "no-store");
        verify(resp).setHeader(eq("Content-Security-Policy"), eq(ConsoleGuard.BASE_CSP));
    }

    @Test
    void strictPolicyAllowsOnlyTheHeadsInlineScripts() {
        String html = "<html><head><script type='text/javascript'>appRoot = 'x';</script>"
                + "<script src='/a.js'></script></head><body><script>alert(1)</script></body></html>";
        String csp = ConsoleGuard.strictCsp(html);
        assertTrue(csp.contains("script-src 'self' 'sha256-"), csp);
        assertEquals(1, csp.split("'sha256-", -1).length - 2, "one script hash and the style hash: " + csp);
        assertTrue(csp.contains("default-src 'none'"));
        assertTrue(csp.contains("frame-ancestors 'none'"));
        assertFalse(csp.contains("unsafe-inline"));
    }

    @Test
    void hearthPagesAreHeldBackAndGetTheStrictPolicy() throws Exception {
        HttpServletResponse resp = mock(HttpServletResponse.class);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        when(resp.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
                sent.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        });
        when(resp.getContentType()).thenReturn("text/html;charset=utf-8");
        when(resp.getCharacterEncoding()).thenReturn("utf-8");
        FilterChain chain = (rq, rs) -> rs.getWriter().print("<html><head><script>x=1;</script></head><body>é</body></html>");
        guard().doFilter(request("GET", "/system/console/hearth-devices", Map.of()), resp, chain);
        assertEquals("<html><head><script>x=1;</script></head><body>é</body></html>", sent.toString(StandardCharsets.UTF_8));
        verify(resp).setHeader(eq("Content-Security-Policy"),
                org.mockito.ArgumentMatchers.startsWith("default-src 'none'; script-src 'self' 'sha256-"));
    }

    private static ConsoleGuard guard() {
        return new ConsoleGuard(new ConsoleSecurityProvider(PasswordHash.hash("s3cret".toCharArray()),
                java.time.Clock.systemUTC(), ConsoleSecurityProviderTest.config(false)));
    }

    private static HttpServletRequest request(String method, String uri, Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        h.put("Host", "127.0.0.1:54322");
        h.put("Authorization", BASIC);
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getMethod()).thenReturn(method);
        when(r.getRequestURI()).thenReturn(uri);
        when(r.getRemoteAddr()).thenReturn("127.0.0.1");
        h.forEach((k, v) -> when(r.getHeader(k)).thenReturn(v));
        return r;
    }
}
