package org.hearthsync.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class CsrfGuardTest {
    private final CsrfGuard guard = new CsrfGuard();

    /** A page view: the session cookie set and the token the page's forms carry. */
    private String[] session() {
        HttpServletRequest get = mock(HttpServletRequest.class);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        String token = guard.token(get, resp);
        ArgumentCaptor<String> header = ArgumentCaptor.forClass(String.class);
        verify(resp).addHeader(org.mockito.ArgumentMatchers.eq("Set-Cookie"), header.capture());
        String cookie = header.getValue();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/system/console"), cookie);
        return new String[] { cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')), token };
    }

    private HttpServletRequest post(String cookie, String token, String origin, String referer) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getHeader("Host")).thenReturn("127.0.0.1:54322");
        when(r.getHeader("Origin")).thenReturn(origin);
        when(r.getHeader("Referer")).thenReturn(referer);
        when(r.getCookies()).thenReturn(cookie == null ? null : new Cookie[] { new Cookie(CsrfGuard.COOKIE, cookie) });
        when(r.getParameter(CsrfGuard.FIELD)).thenReturn(token);
        return r;
    }

    @Test
    void aFormOfTheConsoleItselfIsAccepted() {
        String[] s = session();
        assertEquals(Optional.empty(), guard.refusal(post(s[0], s[1], "http://127.0.0.1:54322", null)));
        assertEquals(Optional.empty(), guard.refusal(post(s[0], s[1], null, "http://127.0.0.1:54322/system/console/hearth-devices")));
    }

    @Test
    void theSameSessionKeepsItsToken() {
        String[] s = session();
        HttpServletRequest again = mock(HttpServletRequest.class);
        when(again.getCookies()).thenReturn(new Cookie[] { new Cookie(CsrfGuard.COOKIE, s[0]) });
        assertEquals(s[1], guard.token(again, mock(HttpServletResponse.class)));
    }

    @Test
    void aMissingOrWrongTokenIsRefused() {
        String[] s = session();
        assertTrue(guard.refusal(post(s[0], null, "http://127.0.0.1:54322", null)).isPresent());
        assertTrue(guard.refusal(post(s[0], s[1] + "x", "http://127.0.0.1:54322", null)).isPresent());
        assertTrue(guard.refusal(post(null, s[1], "http://127.0.0.1:54322", null)).isPresent(), "no session cookie");
        assertTrue(guard.refusal(post("made-up", s[1], "http://127.0.0.1:54322", null)).isPresent(), "an unknown session");
    }

    @Test
    void anotherOriginIsRefusedEvenWithTheToken() {
        String[] s = session();
        assertTrue(guard.refusal(post(s[0], s[1], "http://evil.example", null)).isPresent());
        assertTrue(guard.refusal(post(s[0], s[1], "null", null)).isPresent(), "an opaque origin (data:, sandbox)");
        assertTrue(guard.refusal(post(s[0], s[1], null, "http://evil.example/x")).isPresent());
        assertTrue(guard.refusal(post(s[0], s[1], null, null)).isPresent(), "neither Origin nor Referer");
        assertTrue(guard.refusal(post(s[0], s[1], "http://127.0.0.1:9999", null)).isPresent(), "another port is another origin");
    }

    @Test
    void passwordRule() {
        assertEquals(Optional.of("password.short"), Passwords.problem("short".toCharArray(), "bob"));
        assertEquals(Optional.of("password.common"), Passwords.problem("Password123".toCharArray(), "bob"));
        assertEquals(Optional.of("password.common"), Passwords.problem("aaaaaaaaaaaa".toCharArray(), "bob"));
        assertEquals(Optional.of("password.name"), Passwords.problem("walter-is-great".toCharArray(), "Walter"));
        assertFalse(Passwords.problem("kettle lantern orchard".toCharArray(), "walter").isPresent());
    }

    @Test
    void cfgEscaping() {
        assertEquals("a\\=b", ConfigWriter.escape("a=b", true));
        assertEquals("pbkdf2-sha256$1$x$y", ConfigWriter.escape("pbkdf2-sha256$1$x$y", false));
        assertEquals("\\ lead", ConfigWriter.escape(" lead", false));
        assertEquals("line\\nbreak", ConfigWriter.escape("line\nbreak", false));
    }

    @Test
    void directiveNamesAreSafeFileNames() {
        String n = DevicesPage.directiveName("bob@home", "Appl/../X Y");
        assertTrue(n.matches("[A-Za-z0-9._]+"), n);
        assertFalse(n.equals(DevicesPage.directiveName("bob@home", "Appl_.._X_Y")), "different phones get different names");
    }
}
