package org.hearthsync.console.internal;

import org.hearthsync.api.account.PasswordHash;

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
        String hash = new AdminCredentials(file).loadOrCreate(new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        String password = printed.substring(printed.indexOf("password ") + 9).trim();
        assertEquals(19, password.length(), printed);
        String stored = Files.readString(file);
        assertFalse(stored.contains(password));
        assertTrue(stored.startsWith("pbkdf2-sha256$"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(PasswordHash.verify(password.toCharArray(), hash));

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(hash, new AdminCredentials(file).loadOrCreate(new PrintStream(again)));
        assertEquals(0, again.size(), "a second start prints nothing");
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

    private static ConsoleConfig config(boolean allowLan) {
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
