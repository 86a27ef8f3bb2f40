package org.hearthsync.ddns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.api.ddns.LogCapture;
import org.hearthsync.api.ddns.ProviderStatus;
import org.hearthsync.api.ddns.SentAddresses;
import org.hearthsync.api.ddns.UpdateResult;
import org.hearthsync.api.ddns.UpdateResult.Outcome;
import org.hearthsync.ddns.internal.AddressFinder.Found;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpdateEngineTest {
    static final InetAddress A = addr("198.51.100.1");
    static final InetAddress B = addr("198.51.100.2");
    static final InetAddress V6 = addr("2001:db8::1");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final AtomicInteger lookups = new AtomicInteger();
    volatile Found found = new Found(A, null);
    ExecutorService callers;
    UpdateEngine engine;

    @BeforeEach
    void setUp() {
        callers = Executors.newCachedThreadPool();
        engine = newEngine();
    }

    @AfterEach
    void tearDown() {
        callers.shutdownNow();
    }

    UpdateEngine newEngine() {
        Supplier<Found> finder = () -> {
            lookups.incrementAndGet();
            return found;
        };
        return new UpdateEngine(clock, new StateStore(dir.resolve("ddns").resolve("state.properties")), finder, callers,
                Duration.ofSeconds(5));
    }

    static Map<String, Object> props(String pid, String provider) {
        Map<String, Object> p = new HashMap<>();
        p.put("service.pid", pid);
        p.put(DnsProvider.PROVIDER, provider);
        p.put("component.name", "org.example." + provider);
        return p;
    }

    static Map<String, Object> settings(String password) {
        return Map.of("hostname", "home.example.net", "username", "me", ".password", password);
    }

    FakeProvider add(long id, String pid, FakeProvider p) {
        engine.add(id, p, props(pid, p.id), settings("pw-" + pid));
        return p;
    }

    @Test
    void updatesOnceAndNotAgainWhileTheAddressStaysTheSame() {
        FakeProvider p = add(1, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        engine.check(false);
        assertEquals(List.of("198.51.100.1/null"), p.calls);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(5));
            engine.check(false);
        }
        assertEquals(1, p.calls.size(), "no repeated unchanged update");
        found = new Found(B, null);
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(List.of("198.51.100.1/null", "198.51.100.2/null"), p.calls);
    }

    @Test
    void nochgCountsAsAccepted() {
        FakeProvider p = add(1, "noip~home", new FakeProvider("noip", Outcome.UNCHANGED));
        engine.check(false);
        clock.advance(Duration.ofMinutes(10));
        engine.check(false);
        assertEquals(1, p.calls.size());
    }

    @Test
    void neverMoreThanOnceAMinute() {
        FakeProvider p = add(1, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        engine.check(false);
        found = new Found(B, null);
        clock.advance(Duration.ofSeconds(30));
        engine.check(true);
        assertEquals(1, p.calls.size());
        assertEquals(Instant.parse("2026-03-01T10:01:00Z"), engine.nextDue(), "a follow-up check when the minute is over");
        clock.advance(Duration.ofSeconds(31));
        engine.check(false);
        assertEquals(2, p.calls.size());
        assertNull(engine.nextDue());
    }

    @Test
    void noProviderDueMeansNoAddressLookup() {
        engine.check(false);
        assertEquals(0, lookups.get(), "no check-IP service is asked without providers");
        add(1, "noip~home", new FakeProvider("noip", Outcome.BAD_AUTH));
        engine.check(false);
        assertEquals(1, lookups.get());
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(1, lookups.get(), "a stopped provider needs no lookup");
    }

    @Test
    void noPublicAddressMeansNoCall() {
        found = new Found(null, null);
        FakeProvider p = add(1, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        engine.check(false);
        assertTrue(p.calls.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = { "BAD_AUTH", "NO_HOST", "BAD_NAME", "ABUSE", "REFUSED", "SERVICE_CLOSED" })
    void answersThatNeedTheUserStopTheProviderUntilItsSettingsChangeEvenAcrossARestart(Outcome outcome) {
        FakeProvider p = add(1, "noip~home", new FakeProvider("noip", outcome));
        engine.check(false);
        assertEquals(1, p.calls.size());
        ProviderStatus s = engine.status().get(0);
        assertTrue(s.stopped());
        assertEquals(outcome, s.lastResult().outcome());

        found = new Found(B, null);
        clock.advance(Duration.ofHours(6));
        engine.check(true);
        assertEquals(1, p.calls.size(), "stopped, even when asked and the address changed");

        // restart: a new engine on the same data folder, the same settings
        engine = newEngine();
        FakeProvider again = add(7, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        clock.advance(Duration.ofHours(1));
        engine.check(false);
        assertTrue(again.calls.isEmpty(), "still stopped after a restart");
        assertTrue(engine.status().get(0).stopped());

        // the user changes the password: a new registration with new settings
        engine.remove(7);
        FakeProvider fixed = new FakeProvider("noip", Outcome.UPDATED);
        engine.add(8, fixed, props("noip~home", "noip"), settings("new-password"));
        engine.check(false);
        assertEquals(1, fixed.calls.size());
        assertFalse(engine.status().get(0).stopped());
    }

    @Test
    void aStopOnlyConcernsItsOwnConfiguration() {
        FakeProvider bad = add(1, "noip~work", new FakeProvider("noip", Outcome.BAD_AUTH));
        FakeProvider good = add(2, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        engine.check(false);
        found = new Found(B, null);
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(1, bad.calls.size());
        assertEquals(2, good.calls.size());
    }

    @Test
    void providerTroubleBacksOffAtLeastThirtyMinutesDoublingUpToFourHours() {
        FakeProvider p = add(1, "noip~home", new FakeProvider("noip", Outcome.SERVER_ERROR));
        engine.check(false);
        Instant first = clock.instant();
        Duration[] expected = { Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(120),
                Duration.ofMinutes(240), Duration.ofMinutes(240) };
        int calls = 1;
        for (Duration wait : expected) {
            ProviderStatus s = engine.status().get(0);
            assertEquals(clock.instant().plus(wait), s.nextAttempt(), "back-off after call " + calls);
            clock.advance(wait.minusMinutes(1));
            engine.check(false);
            engine.check(true);
            assertEquals(calls, p.calls.size(), "no call before the back-off ends (asked or not)");
            clock.advance(Duration.ofMinutes(1));
            engine.check(false);
            assertEquals(++calls, p.calls.size());
        }
        assertTrue(clock.instant().isAfter(first));
        p.outcomes.add(Outcome.UPDATED);
        clock.advance(Duration.ofHours(4));
        engine.check(false);
        assertNull(engine.status().get(0).nextAttempt(), "a success ends the back-off");
    }

    @Test
    void retryAfterIsHonoured() {
        FakeProvider p = add(1, "desec~home", new FakeProvider("desec", Outcome.RATE_LIMITED));
        p.retryAfter = Duration.ofMinutes(90);
        engine.check(false);
        clock.advance(Duration.ofMinutes(89));
        engine.check(true);
        assertEquals(1, p.calls.size());
        clock.advance(Duration.ofMinutes(1));
        p.retryAfter = null;
        p.outcomes.add(Outcome.UPDATED);
        engine.check(false);
        assertEquals(2, p.calls.size());
    }

    @Test
    void aShortRetryAfterStillKeepsTheOnceAMinuteFloor() {
        FakeProvider p = add(1, "desec~home", new FakeProvider("desec", Outcome.RATE_LIMITED));
        p.retryAfter = Duration.ofSeconds(1);
        engine.check(false);
        clock.advance(Duration.ofSeconds(30));
        engine.check(false);
        assertEquals(1, p.calls.size());
        clock.advance(Duration.ofSeconds(30));
        engine.check(false);
        assertEquals(2, p.calls.size());
    }

    @Test
    void anUnreachableProviderBacksOffButTheUserMayRetryAtOnce() {
        FakeProvider p = add(1, "noip~home", new FakeProvider("noip", Outcome.UNREACHABLE));
        engine.check(false);
        clock.advance(Duration.ofMinutes(2));
        engine.check(false);
        assertEquals(1, p.calls.size());
        engine.check(true);
        assertEquals(2, p.calls.size());
    }

    @Test
    void aThrowingProviderNeverAffectsTheOthers() {
        FakeProvider thrower = new FakeProvider("custom", Outcome.UPDATED) {
            @Override
            public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
                super.update(ipv4, ipv6);
                throw new IllegalStateException("https://example.net/update?token=pw-custom~broken");
            }
        };
        add(1, "custom~broken", thrower);
        FakeProvider good = add(2, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        String logs;
        try (LogCapture log = new LogCapture()) {
            engine.check(false);
            logs = log.text();
        }
        assertEquals(1, good.calls.size());
        ProviderStatus broken = engine.status().stream().filter(s -> s.key().equals("custom~broken")).findFirst()
                .orElseThrow();
        assertEquals(Outcome.UNREACHABLE, broken.lastResult().outcome());
        assertTrue(logs.contains("IllegalStateException"), logs);
        assertFalse(logs.contains("pw-custom"), "the exception's message (with a token) reached the log:\n" + logs);
    }

    @Test
    void aHangingProviderIsCutOffAndDoesNotHoldUpTheOthers() {
        engine.callTimeout(Duration.ofMillis(300));
        FakeProvider hanging = new FakeProvider("custom", Outcome.UPDATED) {
            @Override
            public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
                super.update(ipv4, ipv6);
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return UpdateResult.of(Outcome.UPDATED, "late");
            }
        };
        add(1, "custom~slow", hanging);
        FakeProvider good = add(2, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        long start = System.nanoTime();
        engine.check(false);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertEquals(1, good.calls.size());
        ProviderStatus slow = engine.status().stream().filter(s -> s.key().equals("custom~slow")).findFirst().orElseThrow();
        assertEquals(Outcome.UNREACHABLE, slow.lastResult().outcome());
    }

    @Test
    void changedSettingsGetOneUpdateEvenWithTheSameAddress() {
        FakeProvider p = add(1, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        engine.check(false);
        engine.remove(1);
        FakeProvider renamed = new FakeProvider("noip", Outcome.UPDATED);
        Map<String, Object> s = new HashMap<>(settings("pw-noip~home"));
        s.put("hostname", "other.example.net");
        engine.add(2, renamed, props("noip~home", "noip"), s);
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(1, p.calls.size());
        assertEquals(1, renamed.calls.size());
    }

    @Test
    void acceptedAddressSurvivesARestart() {
        add(1, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        engine.check(false);
        engine = newEngine();
        FakeProvider p = add(5, "noip~home", new FakeProvider("noip", Outcome.UPDATED));
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertTrue(p.calls.isEmpty(), "the address was accepted before the restart");
        assertEquals(A, engine.status().get(0).acceptedIpv4());
    }

    @Test
    void ipv6GoesOnlyToProvidersThatWantIt() {
        found = new Found(A, V6);
        FakeProvider both = add(1, "duckdns~home", new FakeProvider("duckdns", Outcome.UPDATED));
        FakeProvider v4only = new FakeProvider("twodns", Outcome.UPDATED);
        Map<String, Object> p = props("twodns~home", "twodns");
        p.put("ddns.ipv6", Boolean.FALSE);
        engine.add(2, v4only, p, settings("x"));
        engine.check(false);
        assertEquals(List.of("198.51.100.1/2001:db8:0:0:0:0:0:1"), both.calls);
        assertEquals(List.of("198.51.100.1/null"), v4only.calls);
        found = new Found(A, addr("2001:db8::2"));
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(2, both.calls.size());
        assertEquals(1, v4only.calls.size(), "an IPv6 change means nothing to an IPv4-only provider");
    }

    @Test
    void theStateFileHoldsNoSecret() throws Exception {
        add(1, "noip~home", new FakeProvider("noip", Outcome.BAD_AUTH));
        engine.check(false);
        String state = Files.readString(dir.resolve("ddns").resolve("state.properties"));
        assertTrue(state.contains("noip~home.stopped=BAD_AUTH"), state);
        assertFalse(state.contains("pw-noip"), state);
    }

    @Test
    void aDropInWithoutConfigurationIsKeyedByItsComponentName() {
        Map<String, Object> p = new HashMap<>();
        p.put(DnsProvider.PROVIDER, "dropin");
        p.put("component.name", "example.DropIn");
        FakeProvider d = new FakeProvider("dropin", Outcome.UPDATED);
        engine.add(3, d, p, p);
        engine.check(false);
        assertEquals("example.DropIn", engine.status().get(0).key());
        assertEquals(1, d.calls.size());
    }

    /**
     * Issue 19 point 1: a provider that does not send IPv6 (a custom template without {ipv6}) is not
     * called when only the IPv6 address changed: the request would repeat the previous one byte for
     * byte, which the dyndns2 family answers with nochg and counts as abuse. The log names only the
     * addresses that were sent.
     */
    @Test
    void anIpv6ChangeAloneDoesNotCallAProviderThatSendsNoIpv6() {
        found = new Found(A, V6);
        FakeProvider p = add(1, "custom~home", new FakeProvider("custom", Outcome.UPDATED));
        p.sendsIpv6 = false;
        try (LogCapture log = new LogCapture()) {
            engine.check(false);
            assertTrue(log.text().contains("now points at 198.51.100.1"), log.text());
            assertFalse(log.text().contains("2001:db8"), "no IPv6 was sent: " + log.text());
        }
        assertEquals(1, p.calls.size());
        found = new Found(A, addr("2001:db8::2"));
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(1, p.calls.size(), "an identical request is never sent");
        found = new Found(B, addr("2001:db8::2"));
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(2, p.calls.size());
    }

    /** Per family: what a provider accepted for IPv6 is kept when the next request carries IPv4 only. */
    @Test
    void eachFamilyIsJudgedOnItsOwn() {
        found = new Found(A, V6);
        FakeProvider p = add(1, "dynu~home", new FakeProvider("dynu", Outcome.UPDATED));
        engine.check(false);
        found = new Found(null, V6);
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(1, p.calls.size(), "IPv4 unknown and IPv6 unchanged: nothing to send");
        found = new Found(null, addr("2001:db8::2"));
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(List.of("198.51.100.1/2001:db8:0:0:0:0:0:1", "null/2001:db8:0:0:0:0:0:2"), p.calls);
        assertEquals(A, engine.status().get(0).acceptedIpv4(), "the IPv4 accepted before stays");
        assertEquals(addr("2001:db8::2"), engine.status().get(0).acceptedIpv6());
    }

    /**
     * Issue 19 point 2 in the updater: a provider with nothing to send answers SKIPPED with its reason,
     * shown on the console; it is not asked again until the addresses or its settings change.
     */
    @Test
    void aSkippedCallShowsItsReasonAndIsNotRepeated() {
        found = new Found(null, V6);
        FakeProvider p = add(1, "custom~home", new FakeProvider("custom", Outcome.UPDATED));
        p.needsIpv4 = true;
        try (LogCapture log = new LogCapture()) {
            engine.check(false);
            assertTrue(log.text().contains("nothing sent: needs {ip}"), log.text());
        }
        ProviderStatus st = engine.status().get(0);
        assertEquals(Outcome.SKIPPED, st.lastResult().outcome());
        assertEquals("needs {ip}", st.lastResult().message());
        assertFalse(st.stopped());
        assertNull(st.nextAttempt(), "no back-off: nothing failed");
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(1, p.calls.size(), "asked once per situation");
        found = new Found(A, V6);
        clock.advance(Duration.ofMinutes(5));
        engine.check(false);
        assertEquals(2, p.calls.size());
        assertEquals(Outcome.UPDATED, engine.status().get(0).lastResult().outcome());
    }

    // ---- fakes

    static class FakeProvider implements DnsProvider {
        final String id;
        final Deque<Outcome> outcomes = new ArrayDeque<>();
        final Outcome fallback;
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile Duration retryAfter;
        /** Like a template without {ipv6}: IPv6 is never in the request. */
        volatile boolean sendsIpv6 = true;
        /** Like a template with {ip}: nothing is sent without IPv4. */
        volatile boolean needsIpv4;

        @Override
        public SentAddresses toSend(InetAddress ipv4, InetAddress ipv6) {
            if (needsIpv4 && ipv4 == null) {
                return SentAddresses.NONE;
            }
            return new SentAddresses(ipv4, sendsIpv6 ? ipv6 : null);
        }

        FakeProvider(String id, Outcome outcome) {
            this.id = id;
            this.fallback = outcome;
        }

        @Override
        public String hostName() {
            return "home.example.net";
        }

        @Override
        public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
            calls.add((ipv4 == null ? "null" : ipv4.getHostAddress()) + "/" + (ipv6 == null ? "null" : ipv6.getHostAddress()));
            SentAddresses sent = toSend(ipv4, ipv6);
            if (sent.isEmpty()) {
                return UpdateResult.skipped("needs {ip}");
            }
            Outcome o = outcomes.isEmpty() ? fallback : outcomes.poll();
            return new UpdateResult(o, o.name().toLowerCase(), retryAfter, sent);
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static InetAddress addr(String s) {
        return Addresses.literal(s).orElseThrow();
    }
}
