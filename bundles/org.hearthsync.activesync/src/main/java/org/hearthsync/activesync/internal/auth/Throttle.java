package org.hearthsync.activesync.internal.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.AuthThrottle;
import org.hearthsync.activesync.AuthThrottle.Kind;

/**
 * Counts failed sign-ins per subject.
 * <ul>
 * <li>An address: {@code maxFailures} failures within the window lock it out for {@code lockout}.</li>
 * <li>An account: from {@code accountMaxFailures} failures on, each failure pauses the account for
 * {@code lockout} doubled once for every failure past that number, up to {@link #MAX_ACCOUNT_PAUSE}
 * (exponential back-off, whatever the address). The streak is forgotten once the account has been
 * quiet for the window or the last pause, whichever is longer, so it grows across pauses.</li>
 * <li>A DeviceId: counted for the console, never locked out: an attacker picks any DeviceId, so a
 * DeviceId lockout would stop nobody but the phone whose DeviceId was used.</li>
 * </ul>
 * A success does not wipe the count, so a guesser who also knows one password gains nothing.
 * Memory is bounded: the least recently failed subjects are forgotten first. Thread-safe.
 */
final class Throttle {
    static final int MAX_SUBJECTS = 10_000;
    static final Duration MAX_ACCOUNT_PAUSE = Duration.ofHours(1);

    private final Clock clock;
    private volatile Settings settings;
    private final LinkedHashMap<Key, Subject> subjects = new LinkedHashMap<>(64, 0.75f, true);

    record Settings(int maxFailures, Duration window, Duration lockout, int accountMaxFailures) {
        Settings(int maxFailures, Duration window, Duration lockout) {
            this(maxFailures, window, lockout, 2 * maxFailures);
        }
    }

    private record Key(Kind kind, String subject) {
    }

    private static final class Subject {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil;
        /** Accounts: failures in the current streak, and when the last one was. */
        int streak;
        Instant lastFailure;
    }

    Throttle(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    void settings(Settings s) {
        this.settings = s;
    }

    /** How long the subject is still locked out, if it is. */
    synchronized Optional<Duration> lockedFor(Kind kind, String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Subject s = subjects.get(new Key(kind, subject));
        Instant now = clock.instant();
        if (s == null || s.lockedUntil == null || !now.isBefore(s.lockedUntil)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, s.lockedUntil));
    }

    /** Records a failure; returns true when it started a lockout. */
    synchronized boolean failure(Kind kind, String subject) {
        if (subject == null) {
            return false;
        }
        Settings cfg = settings;
        Instant now = clock.instant();
        Key key = new Key(kind, subject);
        Subject s = subjects.computeIfAbsent(key, k -> new Subject());
        prune(s, now, cfg);
        s.failures.addLast(now);
        if (kind == Kind.ACCOUNT) {
            boolean started = accountFailure(s, now, cfg);
            evict(now, cfg);
            return started;
        }
        while (s.failures.size() > cfg.maxFailures()) {
            s.failures.removeFirst();
        }
        if (kind == Kind.DEVICE) {
            evict(now, cfg);
            return false;
        }
        boolean started = false;
        if (s.failures.size() >= cfg.maxFailures() && (s.lockedUntil == null || !now.isBefore(s.lockedUntil))) {
            s.lockedUntil = now.plus(cfg.lockout());
            s.failures.clear();
            started = true;
        }
        evict(now, cfg);
        return started;
    }

    private static boolean accountFailure(Subject s, Instant now, Settings cfg) {
        while (s.failures.size() > cfg.accountMaxFailures() + 32) {
            s.failures.removeFirst();
        }
        if (s.lastFailure != null) {
            Duration quiet = Duration.between(s.lastFailure, now);
            Duration pause = pause(cfg, s.streak);
            if (quiet.compareTo(cfg.window().compareTo(pause) >= 0 ? cfg.window() : pause) > 0) {
                s.streak = 0;
            }
        }
        s.streak = Math.min(s.streak + 1, 1_000);
        s.lastFailure = now;
        if (s.streak < cfg.accountMaxFailures()) {
            return false;
        }
        boolean started = s.lockedUntil == null || !now.isBefore(s.lockedUntil);
        s.lockedUntil = now.plus(pause(cfg, s.streak));
        return started;
    }

    /** An account's pause after {@code streak} failures: none below the limit, then {@code lockout} doubling. */
    static Duration pause(Settings cfg, int streak) {
        if (streak < cfg.accountMaxFailures()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(30, streak - cfg.accountMaxFailures());
        Duration d = cfg.lockout().multipliedBy(1L << doublings);
        return d.compareTo(MAX_ACCOUNT_PAUSE) > 0 ? MAX_ACCOUNT_PAUSE : d;
    }

    synchronized boolean release(Kind kind, String subject) {
        return subjects.remove(new Key(kind, subject)) != null;
    }

    synchronized List<AuthThrottle.Entry> entries() {
        Settings cfg = settings;
        Instant now = clock.instant();
        List<AuthThrottle.Entry> out = new ArrayList<>();
        for (Map.Entry<Key, Subject> e : subjects.entrySet()) {
            Subject s = e.getValue();
            prune(s, now, cfg);
            Instant locked = s.lockedUntil != null && now.isBefore(s.lockedUntil) ? s.lockedUntil : null;
            if (locked == null && s.failures.isEmpty()) {
                continue;
            }
            Instant last = s.failures.isEmpty() ? null : s.failures.peekLast();
            out.add(new AuthThrottle.Entry(e.getKey().kind(), e.getKey().subject(), s.failures.size(), last, locked));
        }
        out.sort(Comparator.comparing((AuthThrottle.Entry x) -> x.lockedUntil() == null ? Instant.MIN : x.lockedUntil())
                .reversed());
        return out;
    }

    private static void prune(Subject s, Instant now, Settings cfg) {
        Instant horizon = now.minus(cfg.window());
        while (!s.failures.isEmpty() && s.failures.peekFirst().isBefore(horizon)) {
            s.failures.removeFirst();
        }
    }

    private void evict(Instant now, Settings cfg) {
        if (subjects.size() <= MAX_SUBJECTS) {
            return;
        }
        // drop forgotten subjects first, then the least recently touched ones
        Iterator<Subject> it = subjects.values().iterator();
        while (it.hasNext() && subjects.size() > MAX_SUBJECTS) {
            Subject s = it.next();
            prune(s, now, cfg);
            if (s.failures.isEmpty() && s.streak == 0 && (s.lockedUntil == null || !now.isBefore(s.lockedUntil))) {
                it.remove();
            }
        }
        it = subjects.values().iterator();
        while (it.hasNext() && subjects.size() > MAX_SUBJECTS) {
            it.next();
            it.remove();
        }
    }
}
