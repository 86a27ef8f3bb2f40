package org.hearthsync.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per client address and refuses that address for a while after too many,
 * so the password cannot be guessed at speed. Bounded: the table never holds more than
 * {@link #MAX_TRACKED} addresses.
 */
final class SignInThrottle {
    static final int MAX_TRACKED = 4096;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    SignInThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** Seconds until the address may try again, or 0 when it may try now. */
    long lockedSeconds(String address) {
        Failures f = failures.get(address);
        if (f == null || f.lockedUntil() == null) {
            return 0;
        }
        long s = Duration.between(clock.instant(), f.lockedUntil()).toSeconds();
        if (s <= 0) {
            failures.remove(address);
            return 0;
        }
        return s;
    }

    void failed(String address) {
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(address)) {
            failures.clear();
        }
        failures.compute(address, (a, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            return new Failures(count, count >= maxFailures ? clock.instant().plus(lockout) : null);
        });
    }

    void succeeded(String address) {
        failures.remove(address);
    }
}
