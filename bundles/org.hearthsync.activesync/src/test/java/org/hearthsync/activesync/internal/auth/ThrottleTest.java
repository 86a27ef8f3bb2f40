package org.hearthsync.activesync.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.hearthsync.activesync.AuthThrottle;
import org.hearthsync.activesync.internal.TestRig.MutableClock;
import org.junit.jupiter.api.Test;

class ThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final AuthThrottleImpl throttle = new AuthThrottleImpl(clock, 3, Duration.ofMinutes(10), Duration.ofMinutes(5));

    @Test
    void repeatedFailuresFromOneAddressLockItOut() {
        throttle.failure("198.51.100.7", "D1", null);
        throttle.failure("198.51.100.7", "D2", null);
        assertTrue(throttle.lockedFor("198.51.100.7", null).isEmpty());
        throttle.failure("198.51.100.7", "D3", null);
        assertEquals(Duration.ofMinutes(5), throttle.lockedFor("198.51.100.7", null).orElseThrow());
        assertTrue(throttle.lockedFor("203.0.113.1", "D9").isEmpty(), "other addresses are not affected");
        clock.advance(Duration.ofMinutes(4));
        assertEquals(Duration.ofMinutes(1), throttle.lockedFor("198.51.100.7", null).orElseThrow());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(throttle.lockedFor("198.51.100.7", null).isEmpty(), "the lockout ends");
    }

    @Test
    void aDeviceIdIsCountedButNeverLockedOut() {
        for (int i = 0; i < 10; i++) {
            throttle.failure("198.51.100." + i, "PHONE", null);
        }
        assertTrue(throttle.lockedFor("203.0.113.9", null).isEmpty(), "anyone can send any DeviceId: it locks nothing");
        assertTrue(throttle.entries().stream().anyMatch(e -> e.kind() == AuthThrottle.Kind.DEVICE && e.failures() == 3
                && e.lockedUntil() == null), throttle.entries().toString());
    }

    @Test
    void anAccountPausesWhateverTheAddressAndThePauseDoubles() {
        // 6 (twice the address limit) wrong passwords for alice, each from another address: no address is locked
        for (int i = 0; i < 5; i++) {
            throttle.failure("198.51.100." + i, null, "alice");
        }
        assertTrue(throttle.lockedFor("203.0.113.9", "alice").isEmpty());
        throttle.failure("198.51.100.5", null, "Alice");
        assertEquals(Duration.ofMinutes(5), throttle.lockedFor("203.0.113.9", "ALICE").orElseThrow(),
                "user names are the same account in any case");
        assertTrue(throttle.lockedFor("203.0.113.9", "bob").isEmpty(), "other accounts are not affected");
        clock.advance(Duration.ofMinutes(5));
        throttle.failure("198.51.100.6", null, "alice");
        assertEquals(Duration.ofMinutes(10), throttle.lockedFor("203.0.113.9", "alice").orElseThrow());
        clock.advance(Duration.ofMinutes(10));
        throttle.failure("198.51.100.7", null, "alice");
        assertEquals(Duration.ofMinutes(20), throttle.lockedFor("203.0.113.9", "alice").orElseThrow(),
                "the streak survives pauses longer than the counting window");
        for (int i = 0; i < 10; i++) {
            // a guesser who waits out every pause
            clock.advance(throttle.lockedFor("203.0.113.9", "alice").orElse(Duration.ZERO));
            throttle.failure("198.51.100.8", null, "alice");
        }
        assertEquals(Throttle.MAX_ACCOUNT_PAUSE, throttle.lockedFor("203.0.113.9", "alice").orElseThrow(), "capped");
        assertTrue(throttle.release(AuthThrottle.Kind.ACCOUNT, "Alice"));
        assertTrue(throttle.lockedFor("203.0.113.9", "alice").isEmpty());
    }

    @Test
    void aQuietAccountStartsOver() {
        for (int i = 0; i < 6; i++) {
            throttle.failure("198.51.100." + i, null, "alice");
        }
        clock.advance(Duration.ofMinutes(11)); // longer than both the window (10) and the pause (5)
        throttle.failure("198.51.100.9", null, "alice");
        assertTrue(throttle.lockedFor("203.0.113.9", "alice").isEmpty());
    }

    @Test
    void aKnownPhoneIsRecognisedOnlyByTheHeaderItSignedInWith() {
        throttle.success("alice", "PHONE", "Basic YWxpY2U6cmlnaHQ=");
        assertTrue(throttle.trusted("alice", "PHONE", "Basic YWxpY2U6cmlnaHQ="));
        assertTrue(throttle.trusted("ALICE", "PHONE", "Basic YWxpY2U6cmlnaHQ="));
        assertFalse(throttle.trusted("alice", "PHONE", "Basic YWxpY2U6Z3Vlc3M="), "a guess naming its DeviceId");
        assertFalse(throttle.trusted("alice", "OTHER", "Basic YWxpY2U6cmlnaHQ="));
        assertFalse(throttle.trusted("alice", null, "Basic YWxpY2U6cmlnaHQ="));
        throttle.failure("203.0.113.5", "PHONE", "alice");
        assertTrue(throttle.trusted("alice", "PHONE", "Basic YWxpY2U6cmlnaHQ="), "someone else's failure changes nothing");
        throttle.forget("alice", "PHONE");
        assertFalse(throttle.trusted("alice", "PHONE", "Basic YWxpY2U6cmlnaHQ="));
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        throttle.failure("198.51.100.7", null, null);
        throttle.failure("198.51.100.7", null, null);
        clock.advance(Duration.ofMinutes(11));
        throttle.failure("198.51.100.7", null, null);
        assertTrue(throttle.lockedFor("198.51.100.7", null).isEmpty());
        AuthThrottle.Entry e = throttle.entries().get(0);
        assertEquals(1, e.failures());
        assertNull(e.lockedUntil());
    }

    @Test
    void entriesShowLockoutsAndReleaseLiftsThem() {
        for (int i = 0; i < 3; i++) {
            throttle.failure("198.51.100.7", null, null);
        }
        AuthThrottle.Entry e = throttle.entries().get(0);
        assertEquals(AuthThrottle.Kind.ADDRESS, e.kind());
        assertEquals("198.51.100.7", e.subject());
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), e.lockedUntil());
        assertTrue(throttle.release(AuthThrottle.Kind.ADDRESS, "198.51.100.7"));
        assertTrue(throttle.lockedFor("198.51.100.7", null).isEmpty());
        assertFalse(throttle.release(AuthThrottle.Kind.ADDRESS, "198.51.100.7"));
    }

    @Test
    void memoryIsBounded() {
        for (int i = 0; i < Throttle.MAX_SUBJECTS + 500; i++) {
            throttle.failure("10.0." + (i >> 8) + "." + (i & 0xff), null, "user" + i);
        }
        assertTrue(throttle.entries().size() <= Throttle.MAX_SUBJECTS);
    }
}
