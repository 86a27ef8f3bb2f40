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
