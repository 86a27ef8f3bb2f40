package org.hearthsync.console.internal;

import org.hearthsync.auth.PasswordHash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class ConsoleSecurityProviderTest {

    @TempDir
    Path dir;

    @Test
    void passwordIsPrintedOnceAndStoredOnlyAsSaltedHash() throws Exception {
        Path file = dir.resolve("console/admin.pwd");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String hash = new AdminCredentials(file).loadOrCreate(new PrintStream(out, true, StandardCharsets.UTF_8), null);
        String printed = out.toString(StandardCharsets.UTF_8);
        String password = printed.substring(printed.indexOf("password ") + 9).trim();
        assertEquals(19, password.length(), printed);
        String stored = Files.readString(file);
        assertFalse(stored.contains(password));
        assertTrue(stored.startsWith("pbkdf2-sha256$"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(PasswordHash.verify(password.toCharArray(), hash));

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(hash, new AdminCredentials(file).loadOrCreate(new PrintStream(again), null));
        assertEquals(0, again.size(), "a second start prints nothing");
    }

    @Test
    void asTheServiceThePasswordGoesToAnOwnerOnlyFileThatTheLogNamesAndTheFirstSignInDeletes() throws Exception {
        Path file = dir.resolve("console/admin.pwd");
        Path shown = dir.resolve("console/first-password.txt");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String hash = new AdminCredentials(file).loadOrCreate(new PrintStream(log, true, StandardCharsets.UTF_8), shown);
        String text = Files.readString(shown);
        String password = text.substring(text.indexOf("password: ") + 10).trim();
        assertEquals(19, password.length(), text);
        assertTrue(PasswordHash.verify(password.toCharArray(), hash));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shown)));
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains(shown.toString()), logged);
        assertFalse(logged.contains(password), "the log never holds the password: " + logged);

        ConsoleSecurityProvider p = new ConsoleSecurityProvider(hash, Clock.systemUTC(), config(false), shown);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        assertNull(p.authenticate(request("127.0.0.1", basic("admin", "wrong password")), resp));
        assertTrue(Files.exists(shown), "a wrong password leaves the file");
        assertEquals("admin", p.authenticate(request("127.0.0.1", basic("admin", password)), resp));
        assertFalse(Files.exists(shown), "used once, its clear text is gone");
        assertEquals("admin", p.authenticate(request("127.0.0.1", basic("admin", password)), resp));
    }

    @Test
    void sameSecretHashesDifferently() {
        char[] p = "correct horse".toCharArray();
        assertNotEquals(PasswordHash.hash(p), PasswordHash.hash(p));
        assertFalse(PasswordHash.verify(p, "garbage"));
        assertFalse(PasswordHash.verify(p, "pbkdf2-sha256$x$y$z"));
    }

    @Test
    void loopbackWithRightPasswordIsAdmitted() throws Exception {
        ConsoleSecurityProvider p = provider("s3cret", false);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        assertEquals("admin", p.authenticate(request("127.0.0.1", basic("admin", "s3cret")), resp));
        assertEquals("admin", p.authenticate(request("::1", basic("admin", "s3cret")), resp));
        verify(resp, never()).sendError(anyInt());
        verify(resp, never()).sendError(anyInt(), anyString());
    }

    @Test
    void wrongPasswordOrUserGets401() throws Exception {
        ConsoleSecurityProvider p = provider("s3cret", false);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        assertNull(p.authenticate(request("127.0.0.1", basic("admin", "nope")), resp));
        assertNull(p.authenticate(request("127.0.0.1", basic("root", "s3cret")), resp));
        assertNull(p.authenticate(request("127.0.0.1", null), resp));
        verify(resp, org.mockito.Mockito.times(3)).sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    @Test
    void otherAddressesAreRefusedEvenWithThePassword() throws Exception {
        ConsoleSecurityProvider p = provider("s3cret", false);
        HttpServletResponse resp = mock(HttpServletResponse.class);
        assertNull(p.authenticate(request("192.168.1.20", basic("admin", "s3cret")), resp));
        verify(resp).sendError(org.mockito.ArgumentMatchers.eq(HttpServletResponse.SC_FORBIDDEN), anyString());
    }

    @Test
    void lanAccessWhenAllowed() throws Exception {
        ConsoleSecurityProvider p = provider("s3cret", true);
        assertEquals("admin", p.authenticate(request("192.168.1.20", basic("admin", "s3cret")),
                mock(HttpServletResponse.class)));
    }

    @Test
    void repeatedFailuresLockTheAddressOut() throws Exception {
        ConsoleSecurityProvider p = provider("s3cret", false);
        for (int i = 0; i < 3; i++) {
            p.authenticate(request("127.0.0.1", basic("admin", "wrong" + i)), mock(HttpServletResponse.class));
        }
        HttpServletResponse resp = mock(HttpServletResponse.class);
        assertNull(p.authenticate(request("127.0.0.1", basic("admin", "s3cret")), resp), "locked even with the password");
        verify(resp).sendError(org.mockito.ArgumentMatchers.eq(429), anyString());
    }

    @Test
    void throttleReleasesAfterTheLockout() {
        MutableClock clock = new MutableClock();
        SignInThrottle t = new SignInThrottle(2, Duration.ofSeconds(30), clock);
        t.failed("a");
        assertEquals(0, t.lockedSeconds("a"));
        t.failed("a");
        assertTrue(t.lockedSeconds("a") > 0);
        clock.now = clock.now.plusSeconds(31);
        assertEquals(0, t.lockedSeconds("a"));
    }

    @Test
    void aConsoleThatIsOpenIsNotLockedOutBySomeoneElsesGuesses() throws Exception {
        ConsoleSecurityProvider p = provider("s3cret", false);
        assertEquals("admin", p.authenticate(request("127.0.0.1", basic("admin", "s3cret")), mock(HttpServletResponse.class)));
        for (int i = 0; i < 5; i++) {
            p.authenticate(request("127.0.0.1", basic("admin", "guess" + i)), mock(HttpServletResponse.class));
        }
        HttpServletResponse locked = mock(HttpServletResponse.class);
        assertNull(p.authenticate(request("127.0.0.1", basic("admin", "guess-more")), locked));
        verify(locked).sendError(org.mockito.ArgumentMatchers.eq(429), anyString());
        assertEquals("admin", p.authenticate(request("127.0.0.1", basic("admin", "s3cret")), mock(HttpServletResponse.class)),
                "the header the browser signed in with still works");
    }

    @Test
    void guessesFromManyAddressesPauseTheAccountLongerEachTime() throws Exception {
        MutableClock clock = new MutableClock();
        ConsoleSecurityProvider p = new ConsoleSecurityProvider(PasswordHash.hash("s3cret".toCharArray()), clock, config(true));
        // 3 failures (the limit), each from its own address: no address is locked, the account is
        for (int i = 0; i < 3; i++) {
            p.authenticate(request("192.168.1." + (10 + i), basic("admin", "guess" + i)), mock(HttpServletResponse.class));
        }
        HttpServletResponse resp = mock(HttpServletResponse.class);
        assertNull(p.authenticate(request("192.168.1.99", basic("admin", "s3cret")), resp),
                "a fresh address gets no guess while the account pauses");
        verify(resp).setHeader("Retry-After", "60");
        clock.now = clock.now.plusSeconds(61);
        p.authenticate(request("192.168.1.50", basic("admin", "guess4")), mock(HttpServletResponse.class));
        HttpServletResponse again = mock(HttpServletResponse.class);
        p.authenticate(request("192.168.1.51", basic("admin", "guess5")), again);
        verify(again).setHeader("Retry-After", "120");
        clock.now = clock.now.plusSeconds(121);
        assertEquals("admin", p.authenticate(request("192.168.1.52", basic("admin", "s3cret")), mock(HttpServletResponse.class)));
    }

    @Test
    void accountPauseIsCappedAndForgottenAfterAQuietSpell() {
        MutableClock clock = new MutableClock();
        SignInThrottle t = new SignInThrottle(2, Duration.ofSeconds(30), clock);
        assertEquals(Duration.ofSeconds(30), t.pause(2));
        assertEquals(Duration.ofSeconds(120), t.pause(4));
        assertEquals(SignInThrottle.MAX_ACCOUNT_PAUSE, t.pause(100));
        t.failed("a");
        t.failed("b");
        assertEquals(30, t.accountLockedSeconds());
        clock.now = clock.now.plus(SignInThrottle.QUIET).plusSeconds(1);
        t.failed("c");
        assertEquals(0, t.accountLockedSeconds(), "a quiet spell starts the count over");
        clock.now = clock.now.plus(SignInThrottle.QUIET).plusSeconds(1);
        t.failed("d");
        assertEquals(0, t.accountLockedSeconds(), "a mistyped password now and then never adds up to a pause");
    }

    @Test
    void onlyThisComputersNamesAreAnswered() {
        ConsoleSecurityProvider local = provider("s3cret", false);
        assertTrue(local.hostAllowed("127.0.0.1:54322"));
        assertTrue(local.hostAllowed("localhost:54322"));
        assertTrue(local.hostAllowed("LOCALHOST."));
        assertTrue(local.hostAllowed("[::1]:54322"));
        assertTrue(local.hostAllowed("127.5.6.7"));
        assertTrue(local.hostAllowed(null));
        assertFalse(local.hostAllowed("evil.example:54322"), "DNS rebinding");
        assertFalse(local.hostAllowed("127.0.0.1.evil.example"));
        assertFalse(local.hostAllowed("mypc.home.arpa"), "LAN names only with the LAN allowed");
        assertFalse(local.hostAllowed(""));
        assertFalse(local.hostAllowed("[::1"));
        ConsoleSecurityProvider lan = provider("s3cret", true);
        assertTrue(lan.hostAllowed("mypc.home.arpa:54322"));
        assertFalse(lan.hostAllowed("evil.example"));
        assertFalse(lan.hostAllowed("203.0.113.9"), "an address that is not this computer's");
    }

    @Test
    void aRequestSentToAnotherNameGets421() throws Exception {
        ConsoleSecurityProvider p = provider("s3cret", false);
        HttpServletRequest r = request("127.0.0.1", basic("admin", "s3cret"));
        when(r.getHeader("Host")).thenReturn("rebind.evil.example:54322");
        HttpServletResponse resp = mock(HttpServletResponse.class);
        assertNull(p.authenticate(r, resp));
        verify(resp).sendError(org.mockito.ArgumentMatchers.eq(421), anyString());
    }

    private static ConsoleSecurityProvider provider(String password, boolean allowLan) {
        return new ConsoleSecurityProvider(PasswordHash.hash(password.toCharArray()), Clock.systemUTC(), config(allowLan));
    }

    private static HttpServletRequest request(String remote, String authorization) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getRemoteAddr()).thenReturn(remote);
        when(r.getHeader("Authorization")).thenReturn(authorization);
        return r;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static ConsoleConfig config(boolean allowLan) {
        return new ConsoleConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleConfig.class;
            }

            @Override
            public boolean allow_lan() {
                return allowLan;
            }

            @Override
            public String[] lan_host_names() {
                return new String[] { "mypc.home.arpa" };
            }

            @Override
            public int max_failures() {
                return 3;
            }

            @Override
            public int lockout_seconds() {
                return 60;
            }
        };
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
