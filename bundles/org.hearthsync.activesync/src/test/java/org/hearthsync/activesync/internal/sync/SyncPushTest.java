package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync with Wait or HeartbeatInterval (MS-ASCMD 2.2.3.198, 2.2.3.88.2): parked while there is nothing
 * to send, woken by a change with the changes, answered empty at the end of the interval or when a
 * newer request of the device arrives. In the rig a requested second lasts {@link SyncRig#SYNC_WAIT_SECOND}.
 */
class SyncPushTest {
    static final String AS = "AirSync";
    @TempDir
    Path folder;
    MemStore store = new MemStore();
    SyncRig rig;
    Phone a;
    Phone b;
    String f;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SyncRig(folder, store);
        a = new Phone(rig, "WA", "14.1");
        b = new Phone(rig, "WB", "16.1");
        f = a.folder("Contacts");
        a.syncAll(f);
        b.syncAll(f);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private void assertNoneParked() throws InterruptedException {
        long end = System.nanoTime() + 1_000_000_000L;
        while (rig.hub.parkedCount() != 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(0, rig.hub.parkedCount());
    }

    private static String label(Element d) {
        return d.childText("Contacts", "FileAs");
    }

    private Element waiting(Phone p, String element, String value) {
        Element req = p.request(f);
        req.addText(AS, element, value);
        return req;
    }

    private CompletableFuture<RawResponse> syncAsync(Phone p, Element body) {
        return rig.postAsync("Sync", p.version, p.id, p.policyKey, TestRig.encode(body)).toCompletableFuture();
    }

    @Test
    void aQuietSyncIsParkedUntilAnotherDevicesChangeAndThenAnswersWithIt() throws Exception {
        String key = a.key(f);
        CompletableFuture<RawResponse> parked = syncAsync(a, waiting(a, "Wait", "5")); // 6 s in the rig
        Thread.sleep(100);
        assertFalse(parked.isDone(), "nothing to send: parked");
        assertEquals(1, rig.hub.parkedCount());
        long t0 = System.nanoTime();
        b.add(f, Phone.contact("pushed", null));
        b.syncAll(f);
        RawResponse r = parked.get(2, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, ms + " ms");
        assertEquals(200, r.status());
        a.apply(f, r);
        assertNotEquals(key, a.key(f), "the woken response carries a new key");
        assertTrue(a.items(f).values().stream().anyMatch(d -> "pushed".equals(label(d))), a.lastResponse.toString());
        assertNoneParked();
        // the response counts as sent: the next Sync confirms it and has nothing more
        a.sync(f);
        assertTrue(a.lastResponse.child(AS, "Collections").isPresent());
        assertEquals(b.items(f).size(), a.items(f).size());
    }

    /**
     * A change while another request of the device holds its lock: the parked Sync is not rebuilt
     * during that request (the hub asks again later rather than wait for it) and is then woken with it.
     */
    @Test
    void aChangeWhileTheDeviceIsBusyWakesItsParkedSyncOnceTheRequestEnds() throws Exception {
        CompletableFuture<RawResponse> parked = syncAsync(a, waiting(a, "HeartbeatInterval", "300")); // 6 s
        Thread.sleep(100);
        assertFalse(parked.isDone(), "nothing to send: parked");
        java.util.concurrent.locks.ReentrantLock lock = rig.locks.of(SyncRig.USER, a.id);
        lock.lock(); // another request of a runs
        try {
            store.put("1", "busy.vcf", Phone.vcard("busy", "busy", null), org.hearthsync.api.store.WriteCondition.create());
            Thread.sleep(500);
            assertFalse(parked.isDone(), "not rebuilt during the device's request");
        } finally {
            lock.unlock();
        }
        RawResponse r = parked.get(2, TimeUnit.SECONDS);
        a.apply(f, r);
        assertTrue(a.items(f).values().stream().anyMatch(d -> "busy".equals(label(d))), a.lastResponse.toString());
        assertNoneParked();
    }

    @Test
    void aLostWokenResponseIsSentAgainForTheSameRequest() throws Exception {
        Element req = waiting(a, "HeartbeatInterval", "300");
        CompletableFuture<RawResponse> parked = syncAsync(a, req);
        b.add(f, Phone.contact("lost", null));
        b.syncAll(f);
        RawResponse first = parked.get(2, TimeUnit.SECONDS);
        // the phone never saw it and repeats the very same request: the same bytes at once
        RawResponse again = syncAsync(a, req).get(2, TimeUnit.SECONDS);
        assertTrue(java.util.Arrays.equals(first.body(), again.body()));
        a.apply(f, again);
        assertTrue(a.items(f).values().stream().anyMatch(d -> "lost".equals(label(d))));
    }

    @Test
    void theEndOfTheIntervalGivesAnEmptyResponse() throws Exception {
        String key = a.key(f);
        long t0 = System.nanoTime();
        CompletableFuture<RawResponse> parked = syncAsync(a, waiting(a, "HeartbeatInterval", "60")); // 1.2 s
        Thread.sleep(300);
        assertFalse(parked.isDone());
        RawResponse r = parked.get(5, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1000, ms + " ms");
        assertEquals(200, r.status());
        assertTrue(r.body() == null || r.body().length == 0, "an empty Sync response: no body");
        assertNoneParked();
        // the key did not move: the phone goes on with it
        assertEquals(key, a.key(f));
        assertTrue(a.sync(f) == false);
        assertEquals(key, a.key(f));
    }

    @Test
    void aNewRequestOfTheDeviceEndsTheParkedSync() throws Exception {
        CompletableFuture<RawResponse> parked = syncAsync(a, waiting(a, "Wait", "10"));
        Thread.sleep(100);
        assertFalse(parked.isDone());
        // a new Sync with a client change: answered at once, the parked one ends with an empty response
        a.add(f, Phone.contact("mine", null));
        a.sync(f);
        RawResponse old = parked.get(1, TimeUnit.SECONDS);
        assertEquals(200, old.status());
        assertTrue(old.body() == null || old.body().length == 0);
        assertTrue(a.lastResponse.child(AS, "Collections").isPresent());
        assertNoneParked();
        // a parked Sync ended by another parked one
        CompletableFuture<RawResponse> first = syncAsync(a, waiting(a, "Wait", "10"));
        CompletableFuture<RawResponse> second = syncAsync(a, waiting(a, "Wait", "10"));
        RawResponse r = first.get(1, TimeUnit.SECONDS);
        assertTrue(r.body() == null || r.body().length == 0);
        assertFalse(second.isDone());
        assertEquals(1, rig.hub.parkedCount());
        b.add(f, Phone.contact("late", null));
        b.syncAll(f);
        a.apply(f, second.get(2, TimeUnit.SECONDS));
        assertTrue(a.items(f).values().stream().anyMatch(d -> "late".equals(label(d))));
    }

    @Test
    void changesOrClientCommandsAreAnsweredAtOnce() throws Exception {
        b.add(f, Phone.contact("waiting", null));
        b.syncAll(f);
        RawResponse r = syncAsync(a, waiting(a, "Wait", "10")).get(1, TimeUnit.SECONDS);
        a.apply(f, r);
        assertTrue(a.items(f).values().stream().anyMatch(d -> "waiting".equals(label(d))));
        a.add(f, Phone.contact("mine", null));
        Element req = waiting(a, "HeartbeatInterval", "600");
        a.apply(f, syncAsync(a, req).get(1, TimeUnit.SECONDS));
        assertNoneParked();
        assertTrue(a.items(f).values().stream().anyMatch(d -> "mine".equals(label(d))));
    }
}
