package org.hearthsync.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.AuthThrottle;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.store.PimStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The DAV door: TLS only, the phones' accounts behind their throttle, and a refusal for accounts on a DAV server. */
class DavServletTest {
    static final Account ANN = new Account("ann", "ann@home.test", "cloud", List.of());
    private AccountRegistry accounts;
    private AuthThrottle throttle;
    private DavServlet servlet;
    private int status;
    private String host = "hearth.home.test:54321";
    private final StringWriter body = new StringWriter();

    @BeforeEach
    void setUp() {
        accounts = mock(AccountRegistry.class);
        throttle = mock(AuthThrottle.class);
        when(accounts.accounts()).thenReturn(List.of(ANN));
        when(accounts.find("ann")).thenReturn(Optional.of(ANN));
        when(accounts.authenticate(eq("ann"), any())).thenAnswer(i -> "right".equals(new String((char[]) i.getArgument(1)))
                ? Optional.of(ANN) : Optional.empty());
        when(throttle.lockedFor(anyString(), any())).thenReturn(Optional.empty());
        servlet = new DavServlet(accounts, throttle, (java.nio.file.Path) null);
        servlet.addStore(mock(PimStore.class), Map.of(PimStore.NAME, "cloud", PimStore.TYPE, "dav",
                "url", "https://ann:app-secret@cloud.example.org/remote.php/dav/"));
    }

    private HttpServletResponse send(boolean secure, String method, String uri, String password) throws IOException {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.isSecure()).thenReturn(secure);
        when(req.getMethod()).thenReturn(method);
        when(req.getRequestURI()).thenReturn(uri);
        when(req.getRemoteAddr()).thenReturn("192.0.2.7");
        when(req.getHeaderNames()).thenReturn(Collections.emptyEnumeration());
        when(req.getContentLengthLong()).thenReturn(0L);
        when(req.getInputStream()).thenReturn(mock(ServletInputStream.class));
        when(req.getHeader("Host")).thenReturn(host);
        if (password != null) {
            when(req.getHeader("Authorization")).thenReturn("Basic " + Base64.getEncoder()
                    .encodeToString(("ann:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpServletResponse resp = mock(HttpServletResponse.class);
        status = 200;
        org.mockito.Mockito.doAnswer(i -> status = i.getArgument(0)).when(resp).setStatus(anyInt());
        org.mockito.Mockito.doAnswer(i -> status = i.getArgument(0)).when(resp).sendError(anyInt(), anyString());
        when(resp.getWriter()).thenReturn(new PrintWriter(body, true));
        servlet.service(req, resp);
        return resp;
    }

    @Test
    void anAccountOnADavServerIsPointedAtItsOriginWithoutItsCredentials() throws IOException {
        send(true, "PROPFIND", "/dav/", "right");
        assertEquals(403, status);
        assertTrue(body.toString().contains("https://cloud.example.org/remote.php/dav/"), body.toString());
        assertFalse(body.toString().contains("app-secret"), body.toString());
    }

    @Test
    void wrongPasswordsCountTowardsTheThrottleAndVerifiedOnesAreCached() throws IOException {
        HttpServletResponse r = send(true, "PROPFIND", "/dav/", "wrong");
        assertEquals(401, status);
        verify(r).setHeader("WWW-Authenticate", DavServlet.REALM);
        verify(throttle).failure("192.0.2.7", null, "ann");
        send(true, "PROPFIND", "/dav/", "right");
        send(true, "PROPFIND", "/dav/", "right");
        // the wrong one and the first right one: the second right request is served from the cache
        verify(accounts, times(2)).authenticate(eq("ann"), any());
        when(throttle.lockedFor(anyString(), any())).thenReturn(Optional.of(java.time.Duration.ofSeconds(42)));
        HttpServletResponse locked = send(true, "PROPFIND", "/dav/", "right");
        assertEquals(429, status);
        verify(locked).setHeader("Retry-After", "42");
    }

    @Test
    void plainHttpIsRefusedBeforeAnyPasswordIsLookedAt() throws IOException {
        send(false, "PROPFIND", "/dav/", "right");
        assertEquals(403, status);
        verify(accounts, never()).authenticate(anyString(), any());
        HttpServletResponse wk = send(true, "PROPFIND", "/.well-known/carddav", null);
        assertEquals(301, status);
        verify(wk).setHeader("Location", "/dav/");
    }

    @Test
    void wellKnownOnThePlainPortSendsTheClientToTheTlsPortsDavRoot() throws IOException {
        send(false, "PROPFIND", "/.well-known/caldav", null);
        assertEquals(503, status, "before the listener's TLS port is known");
        servlet.setRuntime(null, Map.of("osgi.http.endpoint", new String[] { "http://192.0.2.1:54321/", "https://192.0.2.1:8443/" }));
        HttpServletResponse wk = send(false, "PROPFIND", "/.well-known/caldav", null);
        assertEquals(301, status);
        verify(wk).setHeader("Location", "https://hearth.home.test:8443/dav/");
        host = "[fd00::7]:54321";
        verify(send(false, "GET", "/.well-known/carddav", null)).setHeader("Location", "https://[fd00::7]:8443/dav/");
        servlet.setRuntime(null, Map.of("osgi.http.endpoint", List.of("http://192.0.2.1:80/", "https://192.0.2.1:443/")));
        host = "hearth.home.test";
        verify(send(false, "GET", "/.well-known/carddav", null)).setHeader("Location", "https://hearth.home.test/dav/");
        host = "evil.test\r\nSet-Cookie: x=1";
        send(false, "GET", "/.well-known/carddav", null);
        assertEquals(400, status, "a Host header that is not a host is not echoed into Location");
        verify(accounts, never()).authenticate(anyString(), any());
    }
}
