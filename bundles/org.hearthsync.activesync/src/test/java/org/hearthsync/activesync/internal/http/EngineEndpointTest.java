package org.hearthsync.activesync.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.auth.AuthThrottleImpl;
import org.hearthsync.activesync.internal.sync.MemStore;
import org.hearthsync.activesync.internal.sync.Phone;
import org.hearthsync.activesync.internal.sync.SyncRig;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.api.eas.EasHttpResponse;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.WbxmlReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine as the transport's EasEndpoint: requests in progress finish before it stops, new ones are sent away. */
class EngineEndpointTest {
    @TempDir
    Path folder;
    SyncRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    static EasEndpointConfig config(int mb) {
        return new EasEndpointConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EasEndpointConfig.class;
            }

            @Override
            public int max_request_mb() {
                return mb;
            }
        };
    }

    private EngineEndpoint endpoint() {
        return new EngineEndpoint(rig.accountRegistry(), rig.devices.registry(), rig.devices.registry(),
                new AuthThrottleImpl(rig.clock(), 5, Duration.ofMinutes(10), Duration.ofMinutes(5)), rig.policy,
                rig.stores, rig.syncState, rig.hub, rig.safety, rig.locks, config(3));
    }

    /** A request of {@code phone}, whose id is {@code deviceId} (its protocol is 16.1). */
    private static EasHttpRequest request(String cmd, Phone phone, String deviceId, org.hearthsync.wbxml.Element body) {
        return new EasHttpRequest("POST", "Cmd=" + cmd + "&User=" + SyncRig.USER + "&DeviceId=" + deviceId
                + "&DeviceType=RigPhone", Map.of("Authorization", TestRig.basic(SyncRig.USER, TestRig.PASSWORD),
                        "MS-ASProtocolVersion", "16.1", "X-MS-PolicyKey", phone.policyKey()),
                TestRig.encode(body), "192.0.2.10", true);
    }

    private static org.hearthsync.wbxml.Element waiting(Phone phone, String folder) {
        org.hearthsync.wbxml.Element req = phone.request(folder);
        req.addText("AirSync", "Wait", "30");
        return req;
    }

    private void awaitParked(int n) throws InterruptedException {
        long end = System.nanoTime() + 2_000_000_000L;
        while (rig.hub.parkedCount() != n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(n, rig.hub.parkedCount());
    }

    /** Parked Pings and Syncs are answered when the engine stops, not left to the push hub's own end. */
    @Test
    void stoppingAnswersParkedPingsAndSyncs() throws Exception {
        rig = new SyncRig(folder, new MemStore());
        Phone a = new Phone(rig, "EPA", "16.1");
        Phone p = new Phone(rig, "EPP", "16.1");
        String contacts = a.folder("Contacts");
        a.syncAll(contacts);
        p.syncAll(contacts);
        EngineEndpoint endpoint = endpoint();
        CompletableFuture<EasHttpResponse> sync = endpoint.handle(request("Sync", a, "EPA", waiting(a, contacts)))
                .toCompletableFuture();
        org.hearthsync.wbxml.Element ping = new org.hearthsync.wbxml.Element("Ping", "Ping")
                .addText("Ping", "HeartbeatInterval", "600");
        ping.add("Ping", "Folders").add("Ping", "Folder").addText("Ping", "Id", contacts).addText("Ping", "Class",
                "Contacts");
        CompletableFuture<EasHttpResponse> pinged = endpoint.handle(request("Ping", p, "EPP", ping)).toCompletableFuture();
        awaitParked(2);

        endpoint.deactivate();
        EasHttpResponse s = sync.get(1, TimeUnit.SECONDS);
        assertEquals(200, s.status());
        assertTrue(s.body() == null || s.body().length == 0, "an empty Sync response");
        EasHttpResponse pr = pinged.get(1, TimeUnit.SECONDS);
        assertEquals("1", WbxmlReader.create().read(pr.body()).childText("Ping", "Status"));
        assertEquals(0, rig.hub.parkedCount());
        // a request that got past the engine's door just before it closed does not park either
        assertEquals(200, rig.postAsync("Sync", "16.1", "EPA", a.policyKey(), TestRig.encode(waiting(a, contacts)))
                .toCompletableFuture().get(1, TimeUnit.SECONDS).status());
        assertEquals(0, rig.hub.parkedCount());

        // the engine back (a new instance of the component): requests park again
        EngineEndpoint again = endpoint();
        CompletableFuture<EasHttpResponse> parked = again.handle(request("Sync", a, "EPA", waiting(a, contacts)))
                .toCompletableFuture();
        awaitParked(1);
        again.deactivate();
        assertEquals(200, parked.get(1, TimeUnit.SECONDS).status());
    }

    /**
     * A parked Sync woken while the engine stops builds and saves its response before the stop goes
     * on (the sync state closes after it), and the phone gets that response.
     */
    @Test
    void stoppingWaitsForAParkedSyncBeingWoken() throws Exception {
        MemStore store = new MemStore();
        rig = new SyncRig(folder, store);
        Phone a = new Phone(rig, "EPW", "16.1");
        String contacts = a.folder("Contacts");
        a.syncAll(contacts);
        EngineEndpoint endpoint = endpoint();
        CompletableFuture<EasHttpResponse> sync = endpoint.handle(request("Sync", a, "EPW", waiting(a, contacts)))
                .toCompletableFuture();
        awaitParked(1);
        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.onGetAll = () -> {
            inStore.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        store.put("1", "late.vcf", Phone.vcard("late", "Late Arrival", null), WriteCondition.create());
        assertTrue(inStore.await(5, TimeUnit.SECONDS), "the woken Sync is building its response");
        Thread stopping = new Thread(() -> {
            try {
                endpoint.deactivate();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopping.start();
        stopping.join(300);
        assertTrue(stopping.isAlive(), "the stop waits for the woken Sync");
        store.onGetAll = null;
        release.countDown();
        stopping.join(5000);
        assertTrue(!stopping.isAlive());
        assertTrue(sync.isDone(), "answered before the stop went on");
        EasHttpResponse r = sync.get();
        assertEquals(200, r.status());
        a.apply(contacts, new org.hearthsync.activesync.internal.protocol.RawResponse(r.status(), r.headers(),
                r.contentType(), r.body()));
        assertTrue(a.items(contacts).values().stream().anyMatch(e -> e.toString().contains("Late Arrival")),
                "the woken response carries the change");
    }

    @Test
    void stoppingWaitsForTheRequestInProgressAndTurnsNewOnesAway() throws Exception {
        MemStore store = new MemStore();
        for (int i = 0; i < 5; i++) {
            store.put("1", "s" + i + ".vcf", Phone.vcard("s" + i, "seed" + i, null), WriteCondition.create());
        }
        rig = new SyncRig(folder, store);
        Phone phone = new Phone(rig, "EP1", "16.1");
        String contacts = phone.folder("Contacts");
        phone.sync(contacts); // key 0: the next request pulls the items
        EngineEndpoint endpoint = new EngineEndpoint(rig.accountRegistry(), rig.devices.registry(), rig.devices.registry(),
                new AuthThrottleImpl(rig.clock(), 5, Duration.ofMinutes(10), Duration.ofMinutes(5)), rig.policy,
                rig.stores, rig.syncState, rig.hub, rig.safety, rig.locks, config(3));
        assertEquals(3 << 20, endpoint.maxRequestBytes());
        EasHttpRequest sync = new EasHttpRequest("POST", "Cmd=Sync&User=" + SyncRig.USER + "&DeviceId=EP1&DeviceType=RigPhone",
                Map.of("Authorization", TestRig.basic(SyncRig.USER, TestRig.PASSWORD), "MS-ASProtocolVersion", "16.1",
                        "X-MS-PolicyKey", phone.policyKey()),
                TestRig.encode(phone.request(contacts)), "192.0.2.10", true);

        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.onGetAll = () -> {
            inStore.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<EasHttpResponse> running = CompletableFuture
                .supplyAsync(() -> endpoint.handle(sync).toCompletableFuture().join());
        assertTrue(inStore.await(10, TimeUnit.SECONDS), "the Sync reached the store");
        Thread stopping = new Thread(() -> {
            try {
                endpoint.deactivate();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopping.start();
        stopping.join(300);
        assertTrue(stopping.isAlive(), "deactivation waits for the Sync in progress");

        EasHttpResponse late = endpoint.handle(sync).toCompletableFuture().join();
        assertEquals(503, late.status());
        assertEquals(EngineEndpoint.RETRY_AFTER_SECONDS, late.headers().get("Retry-After"));

        store.onGetAll = null;
        release.countDown();
        stopping.join(5000);
        assertTrue(!stopping.isAlive(), "deactivation ends once the Sync is answered");
        EasHttpResponse answered = running.get(5, TimeUnit.SECONDS);
        assertEquals(200, answered.status());
        String doc = WbxmlReader.create().read(answered.body()).toString();
        assertTrue(doc.contains("seed4"), doc);
    }
}
