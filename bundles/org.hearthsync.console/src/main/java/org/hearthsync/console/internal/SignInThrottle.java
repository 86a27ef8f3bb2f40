package org.hearthsync.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of the console password, at two levels:
 * <ul>
 * <li>per client address: {@code maxFailures} failures lock that address out for {@code lockout};</li>
 * <li>for the admin account, whatever the address (the LAN may be allowed, and many addresses can
 * guess together): after {@code maxFailures} failures each further one doubles the pause, from
 * {@code lockout} up to {@link #MAX_ACCOUNT_PAUSE}. The count decays: no failure for {@link #QUIET}, or
 * for as long as the last pause if that is longer, forgets the failures.</li>
 * </ul>
 * Bounded: the address table never holds more than {@link #MAX_TRACKED} addresses. A browser that
 * already signed in is not asked here at all (see {@link ConsoleSecurityProvider}), so someone
 * else's guesses never lock the admin out of a console that is open.
 */
final class SignInThrottle {
    static final int MAX_TRACKED = 4096;
    static final Duration MAX_ACCOUNT_PAUSE = Duration.ofHours(1);
    /** Failures of the account further apart than this (or than the last pause, if longer) do not add up. */
    static final Duration QUIET = Duration.ofMinutes(10);

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private Failures account = new Failures(0, null);
    private Instant lastAccountFailure;

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
        long s = seconds(f.lockedUntil());
        if (s <= 0) {
            failures.remove(address);
            return 0;
        }
        return s;
    }

    /** Seconds until anybody may try the admin password again, or 0. */
    synchronized long accountLockedSeconds() {
        return account.lockedUntil() == null ? 0 : Math.max(0, seconds(account.lockedUntil()));
    }

    void failed(String address) {
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(address)) {
            failures.clear();
        }
        failures.compute(address, (a, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            return new Failures(count, count >= maxFailures ? clock.instant().plus(lockout) : null);
        });
        accountFailed();
    }

    private synchronized void accountFailed() {
        Instant now = clock.instant();
        if (lastAccountFailure != null) {
            Duration quiet = Duration.between(lastAccountFailure, now);
            Duration pause = pause(account.count());
            if (quiet.compareTo(pause.compareTo(QUIET) > 0 ? pause : QUIET) > 0) {
                account = new Failures(0, null); // quiet for longer than the last pause (and a while): start over
            }
        }
        lastAccountFailure = now;
        int count = account.count() + 1;
        account = new Failures(count, count >= maxFailures ? now.plus(pause(count)) : account.lockedUntil());
    }

    /** The account's pause after {@code count} failures: {@code lockout}, doubled for each failure past the limit. */
    Duration pause(int count) {
        int doublings = Math.max(0, Math.min(30, count - maxFailures));
        Duration d = lockout.multipliedBy(1L << doublings);
        return d.compareTo(MAX_ACCOUNT_PAUSE) > 0 ? MAX_ACCOUNT_PAUSE : d;
    }

    void succeeded(String address) {
        failures.remove(address);
    }

    private long seconds(Instant until) {
        Duration d = Duration.between(clock.instant(), until);
        // round up: "try again in 0 seconds" while still locked would be a lie
        return d.isNegative() || d.isZero() ? 0 : (d.toMillis() + 999) / 1000;
    }
}
