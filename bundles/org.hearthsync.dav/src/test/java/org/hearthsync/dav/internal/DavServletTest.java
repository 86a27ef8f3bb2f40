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
    private String message = "";
    /** Where the request arrives and comes from: the TLS port from the LAN unless a test says otherwise. */
    private String localAddr = "192.0.2.1";
    private int localPort = 8443;
    private String remoteAddr = "192.0.2.7";

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
        when(req.getRemoteAddr()).thenReturn(remoteAddr);
        when(req.getLocalAddr()).thenReturn(localAddr);
        when(req.getLocalPort()).thenReturn(localPort);
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
        message = "";
        org.mockito.Mockito.doAnswer(i -> {
            message = i.getArgument(1);
            return status = i.getArgument(0);
        }).when(resp).sendError(anyInt(), anyString());
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

    /** The listeners as the transport publishes them, with the DAV loopback port on or off. */
    private static org.hearthsync.api.listener.ListenerPorts ports(int davLoopback) {
        List<org.hearthsync.api.listener.Listener> l = new java.util.ArrayList<>(List.of(
                new org.hearthsync.api.listener.Listener(org.hearthsync.api.listener.Listener.Role.EAS, "", 8443, true),
                new org.hearthsync.api.listener.Listener(org.hearthsync.api.listener.Listener.Role.SETUP, "", 54321, false)));
        if (davLoopback != 0) {
            l.add(new org.hearthsync.api.listener.Listener(org.hearthsync.api.listener.Listener.Role.DAV_LOOPBACK,
                    "127.0.0.1", davLoopback, false));
        }
        return () -> l;
    }

    @Test
    void plainHttpIsServedOnlyOnTheLoopbackListenerToLoopbackPeersForLoopbackNames() throws IOException {
        localAddr = "127.0.0.1";
        remoteAddr = "127.0.0.1";
        localPort = 5232;
        host = "localhost:5232";
        send(false, "PROPFIND", "/dav/", "right");
        assertEquals(403, status, "while the loopback listener is off");
        assertTrue(message.contains("HTTPS only"), message);

        servlet.setListeners(ports(5232));
        send(false, "PROPFIND", "/dav/", "right");
        // past the door: signed in, and then the account's own refusal (its store is a DAV server)
        assertTrue(body.toString().contains("https://cloud.example.org/remote.php/dav/"), status + " " + message);
        HttpServletResponse wk = send(false, "PROPFIND", "/.well-known/caldav", null);
        assertEquals(301, status);
        verify(wk).setHeader("Location", "/dav/");
        for (String h : List.of("127.0.0.1:5232", "[::1]:5232", "localhost")) {
            host = h;
            body.getBuffer().setLength(0);
            send(false, "PROPFIND", "/dav/", "right");
            assertTrue(body.toString().contains("cloud.example.org"), h + ": " + status + " " + message);
        }

        host = "attacker.example:5232"; // a page whose name was rebound to 127.0.0.1
        send(false, "PROPFIND", "/dav/", "right");
        assertEquals(DavServlet.MISDIRECTED, status);
        for (String h : List.of("localhost.attacker.example", "127.0.0.1:5232\r\nX: y", "[::1]x", "")) {
            host = h;
            send(false, "PROPFIND", "/dav/", "right");
            assertEquals(DavServlet.MISDIRECTED, status, h);
        }
        host = "localhost:5232";

        localPort = 54321; // the setup port is plain HTTP on 127.0.0.1 too: still refused
        send(false, "PROPFIND", "/dav/", "right");
        assertEquals(403, status);
        assertTrue(message.contains("HTTPS only"), message);
        localPort = 5232;
        remoteAddr = "192.0.2.7"; // never from another computer, whatever reached the port
        send(false, "PROPFIND", "/dav/", "right");
        assertEquals(403, status);
        remoteAddr = "::1";
        localAddr = "0:0:0:0:0:0:0:1";
        body.getBuffer().setLength(0);
        send(false, "PROPFIND", "/dav/", "right");
        assertTrue(body.toString().contains("cloud.example.org"), "over ::1: " + status + " " + message);

        servlet.setListeners(ports(0));
        send(false, "PROPFIND", "/dav/", "right");
        assertEquals(403, status, "turned off again");
    }

    @Test
    void loopbackChecksNeverLookUpNames() {
        assertTrue(Hosts.loopback("127.0.0.1"));
        assertTrue(Hosts.loopback("0:0:0:0:0:0:0:1"));
        assertTrue(Hosts.loopback("[::1]"));
        assertFalse(Hosts.loopback("localhost"), "a name, not an address");
        assertFalse(Hosts.loopback("192.0.2.7"));
        assertFalse(Hosts.loopback(null));
        assertTrue(Hosts.loopbackHost("LOCALHOST:80"));
        assertFalse(Hosts.loopbackHost("localhost:"));
        assertFalse(Hosts.loopbackHost(null));
    }
    /** A stream of endless octets that counts what was taken from it: a chunked upload that never ends. */
    private static final class Endless extends java.io.InputStream {
        long taken;

        @Override
        public int read() {
            taken++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            taken += len;
            return len;
        }
    }

    @Test
    void aBodyIsReadNoFurtherThanTheLimitWhateverTheClientClaims() throws IOException {
        Endless claimed = new Endless();
        org.junit.jupiter.api.Assertions.assertThrows(org.hearthsync.transport.ServletIo.TooLarge.class, () -> DavServlet.body(Long.MAX_VALUE, claimed));
        assertEquals(0, claimed.taken, "a declared length over the limit is refused before reading");

        Endless chunked = new Endless();
        org.junit.jupiter.api.Assertions.assertThrows(org.hearthsync.transport.ServletIo.TooLarge.class, () -> DavServlet.body(-1, chunked));
        assertEquals(DavServlet.MAX_BODY + 1L, chunked.taken, "a body without a length is read to one octet past the limit");

        Endless lying = new Endless(); // claims less than it sends
        org.junit.jupiter.api.Assertions.assertThrows(org.hearthsync.transport.ServletIo.TooLarge.class, () -> DavServlet.body(10, lying));
        assertEquals(DavServlet.MAX_BODY + 1L, lying.taken);

        byte[] exactly = new byte[DavServlet.MAX_BODY];
        assertEquals(DavServlet.MAX_BODY, DavServlet.body(-1, new java.io.ByteArrayInputStream(exactly)).length,
                "max-resource-size is the largest size taken (RFC 4791: less than or equal)");
    }
}
