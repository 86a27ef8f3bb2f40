package org.hearthsync.activesync.internal.command.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** What the hub tells polling stores about the collections devices wait on, and how changes wake parked Pings. */
class PushHubTest {

    @Test
    void watchedAreTheParkedPingsCollectionsOfTheStoreUntilTheyEnd() throws Exception {
        PushHub hub = new PushHub();
        try {
            assertEquals(Set.of(), hub.watched("cloud"));
            CompletableFuture<Set<String>> a = hub.park("dev-a", List.of(new PushHub.Watch("cloud", "/alice/book/", "1"),
                    new PushHub.Watch("cloud", "/alice/cal/#tasks", "2"), new PushHub.Watch("embedded", "x", "3")),
                    Duration.ofMinutes(5), hits -> Set.of());
            hub.park("dev-b", List.of(new PushHub.Watch("cloud", "/alice/book/", "1")), Duration.ofMinutes(5),
                    hits -> Set.of());
            assertEquals(Set.of("/alice/book/", "/alice/cal/#tasks"), hub.watched("cloud"));
            assertEquals(Set.of("x"), hub.watched("embedded"));
            assertEquals(Set.of(), hub.watched("other"));

            hub.release("dev-a", a); // the Ping ended: its collections are no longer asked about
            assertEquals(Set.of("/alice/book/"), hub.watched("cloud"));
            assertEquals(Set.of(), hub.watched("embedded"));

            hub.quiesce(1000); // stopping: nobody waits
            assertEquals(Set.of(), hub.watched("cloud"));
        } finally {
            hub.close();
        }
    }

    @Test
    void aSingleChangeWakesTheParkedPingAtOnce() throws Exception {
        PushHub hub = new PushHub();
        try {
            CompletableFuture<Set<String>> ping = hub.park("dev", List.of(new PushHub.Watch("s", "book", "1")),
                    Duration.ofMinutes(5), hits -> hits.isEmpty() ? Set.of() : Set.of(hits.get(0).folderId()));
            hub.changed("s", "other"); // not watched: no check, no answer
            assertFalse(ping.isDone());
            hub.changed("s", "book");
            assertEquals(Set.of("1"), ping.get(1, TimeUnit.SECONDS));
        } finally {
            hub.close();
        }
    }

    /**
     * A burst of changes (an import, a DAV client uploading thousands of contacts) while the Pings'
     * devices have nothing new (their own changes, say): a parked Ping is checked at most once for the
     * changes that came while its check was queued and once more for all that came while it ran, not
     * once per change, and its last check sees every collection the burst touched.
     */
    @Test
    void aBurstOfChangesCostsEachParkedPingABoundedNumberOfChecks() throws Exception {
        PushHub hub = new PushHub();
        try {
            int pings = 3;
            int burst = 2000;
            CountDownLatch firstCheckRunning = new CountDownLatch(1);
            CountDownLatch burstSent = new CountDownLatch(1);
            AtomicInteger checks = new AtomicInteger();
            Map<String, List<Set<String>>> seen = new ConcurrentHashMap<>();
            List<CompletableFuture<Set<String>>> parked = new ArrayList<>();
            for (int i = 0; i < pings; i++) {
                String device = "dev-" + i;
                parked.add(hub.park(device, List.of(new PushHub.Watch("s", "book", "1"),
                        new PushHub.Watch("s", "cal", "2")), Duration.ofMinutes(5), hits -> {
                            checks.incrementAndGet();
                            seen.computeIfAbsent(device, d -> Collections.synchronizedList(new ArrayList<>()))
                                    .add(hits.stream().map(PushHub.Watch::collectionId).collect(Collectors.toSet()));
                            firstCheckRunning.countDown();
                            try {
                                // the first check is still running while the whole burst arrives
                                burstSent.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return Set.of();
                        }));
            }
            hub.changed("s", "book");
            assertTrue(firstCheckRunning.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < burst; i++) {
                hub.changed("s", i % 2 == 0 ? "book" : "cal");
            }
            burstSent.countDown();
            settle(hub, checks, pings + 1);

            // the Ping whose check ran during the burst: that one and exactly one more; the others, whose
            // checks were still queued: one each, for everything (before the batching: 1 + burst each)
            List<Integer> perPing = seen.values().stream().map(List::size).sorted().toList();
            assertEquals(List.of(1, 1, 2), perPing, "checks per Ping for " + (burst + 1) + " changes");
            for (Map.Entry<String, List<Set<String>>> e : seen.entrySet()) {
                List<Set<String>> checked = e.getValue();
                assertEquals(Set.of("book", "cal"), checked.get(checked.size() - 1), e.getKey() + " missed a change");
            }
            for (CompletableFuture<Set<String>> f : parked) {
                assertFalse(f.isDone());
            }
        } finally {
            hub.close();
        }
    }

    @Test
    void aChangeDuringACheckIsCheckedOnceMore() throws Exception {
        PushHub hub = new PushHub();
        try {
            CountDownLatch inFirst = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger checks = new AtomicInteger();
            CompletableFuture<Set<String>> ping = hub.park("dev", List.of(new PushHub.Watch("s", "book", "1")),
                    Duration.ofMinutes(5), hits -> {
                        if (checks.incrementAndGet() == 1) {
                            inFirst.countDown();
                            try {
                                release.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return Set.of(); // the first check looked before the second change was stored
                        }
                        return Set.of("1");
                    });
            hub.changed("s", "book");
            assertTrue(inFirst.await(5, TimeUnit.SECONDS));
            hub.changed("s", "book");
            release.countDown();
            assertEquals(Set.of("1"), ping.get(2, TimeUnit.SECONDS));
            assertEquals(2, checks.get());
        } finally {
            hub.close();
        }
    }

    /**
     * A check never waits for a busy device on the hub's only thread: the busy device's changes are
     * kept (with those that arrive meanwhile) and checked again on the timer until it is free, while
     * another device's Ping is answered at once.
     */
    @Test
    void aBusyDeviceIsCheckedAgainLaterWithEverythingAndHoldsUpNoOne() throws Exception {
        PushHub hub = new PushHub();
        try {
            java.util.concurrent.atomic.AtomicBoolean aBusy = new java.util.concurrent.atomic.AtomicBoolean(true);
            AtomicInteger aChecks = new AtomicInteger();
            List<Set<String>> aSaw = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Set<String>> a = hub.park("dev-a", List.of(new PushHub.Watch("s", "book", "1"),
                    new PushHub.Watch("s", "cal", "2")), Duration.ofMinutes(5), hits -> {
                        aChecks.incrementAndGet();
                        Set<String> ids = hits.stream().map(PushHub.Watch::folderId).collect(Collectors.toSet());
                        aSaw.add(ids);
                        return aBusy.get() ? Set.of(PushHub.BUSY) : ids;
                    });
            CompletableFuture<Set<String>> b = hub.park("dev-b", List.of(new PushHub.Watch("s", "book", "1")),
                    Duration.ofMinutes(5), hits -> Set.of("1"));
            hub.changed("s", "cal"); // only a's: its check is queued first and finds a busy
            hub.changed("s", "book");
            assertEquals(Set.of("1"), b.get(5, TimeUnit.SECONDS), "b is not held up by a");
            Thread.sleep(600);
            assertFalse(a.isDone(), "busy is not an answer");
            int whileBusy = aChecks.get();
            assertTrue(whileBusy >= 2 && whileBusy <= 10, whileBusy + " checks in 600 ms: asked again, no busy loop");
            aBusy.set(false);
            assertEquals(Set.of("1", "2"), a.get(5, TimeUnit.SECONDS), "the changes seen while busy are kept");
            assertEquals(Set.of("1", "2"), aSaw.get(aSaw.size() - 1));
        } finally {
            hub.close();
        }
    }

    @Test
    void aBusyDeviceIsNoLongerAskedOnceItsPingEnded() throws Exception {
        PushHub hub = new PushHub();
        try {
            AtomicInteger checks = new AtomicInteger();
            CompletableFuture<Set<String>> ping = hub.park("dev", List.of(new PushHub.Watch("s", "book", "1")),
                    Duration.ofMinutes(5), hits -> {
                        checks.incrementAndGet();
                        return Set.of(PushHub.BUSY);
                    });
            hub.changed("s", "book");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (checks.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(checks.get() >= 2, "asked again while busy");
            hub.release("dev", ping);
            assertEquals(Set.of(), ping.get(1, TimeUnit.SECONDS));
            Thread.sleep(300); // a retry already queued may still run once, and finds the Ping ended
            int after = checks.get();
            Thread.sleep(600);
            assertEquals(after, checks.get(), "no checks after the Ping ended");
        } finally {
            hub.close();
        }
    }

    /**
     * Waits until the hub has run the checks queued so far: the checks run one at a time in order, so
     * once a probe Ping's check (queued now) has answered, every check queued before it has run.
     */
    private static void settle(PushHub hub, AtomicInteger checks, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (checks.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        CompletableFuture<Set<String>> probe = hub.park("probe", List.of(new PushHub.Watch("s", "probe", "p")),
                Duration.ofMinutes(5), hits -> Set.of("p"));
        hub.changed("s", "probe");
        assertEquals(Set.of("p"), probe.get(30, TimeUnit.SECONDS));
    }
}
