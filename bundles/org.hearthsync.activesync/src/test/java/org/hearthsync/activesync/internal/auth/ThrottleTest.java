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
        throttle.failure("198.51.100.7", "D1");
        throttle.failure("198.51.100.7", "D2");
        assertTrue(throttle.lockedFor("198.51.100.7", null).isEmpty());
        throttle.failure("198.51.100.7", "D3");
        assertEquals(Duration.ofMinutes(5), throttle.lockedFor("198.51.100.7", null).orElseThrow());
        assertTrue(throttle.lockedFor("203.0.113.1", "D9").isEmpty(), "other addresses are not affected");
        clock.advance(Duration.ofMinutes(4));
        assertEquals(Duration.ofMinutes(1), throttle.lockedFor("198.51.100.7", null).orElseThrow());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(throttle.lockedFor("198.51.100.7", null).isEmpty(), "the lockout ends");
    }

    @Test
    void repeatedFailuresForOneDeviceLockItOutFromEveryAddress() {
        throttle.failure("198.51.100.1", "PHONE");
        throttle.failure("198.51.100.2", "PHONE");
        throttle.failure("198.51.100.3", "PHONE");
        assertTrue(throttle.lockedFor("203.0.113.9", "PHONE").isPresent());
        assertTrue(throttle.lockedFor("203.0.113.9", "OTHER").isEmpty());
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        throttle.failure("198.51.100.7", null);
        throttle.failure("198.51.100.7", null);
        clock.advance(Duration.ofMinutes(11));
        throttle.failure("198.51.100.7", null);
        assertTrue(throttle.lockedFor("198.51.100.7", null).isEmpty());
        AuthThrottle.Entry e = throttle.entries().get(0);
        assertEquals(1, e.failures());
        assertNull(e.lockedUntil());
    }

    @Test
    void entriesShowLockoutsAndReleaseLiftsThem() {
        for (int i = 0; i < 3; i++) {
            throttle.failure("198.51.100.7", null);
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
            throttle.failure("10.0." + (i >> 8) + "." + (i & 0xff), null);
        }
        assertTrue(throttle.entries().size() <= Throttle.MAX_SUBJECTS);
    }
}
