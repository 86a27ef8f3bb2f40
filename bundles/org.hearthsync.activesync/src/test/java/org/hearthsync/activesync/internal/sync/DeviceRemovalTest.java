package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.hearthsync.api.store.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing a device (the console's Phones page) forgets its folders' sync state, durably, and only its own. */
class DeviceRemovalTest {
    @TempDir
    Path folder;
    MemStore store = new MemStore();
    SyncRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SyncRig(folder, store);
        for (int i = 0; i < 30; i++) {
            store.put("1", "s" + i + ".vcf", Phone.vcard("s" + i, "seed" + i, null), WriteCondition.create());
        }
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void removingADeviceForgetsItsSyncStateAndNothingOfTheOthers() throws Exception {
        Phone a = new Phone(rig, "RA", "16.1");
        Phone b = new Phone(rig, "RB", "16.1");
        // "ra" sorts between the two: a prefix scan that ran past the device would take the other's entries
        Phone c = new Phone(rig, "RA2", "16.1");
        String contacts = a.folder("Contacts");
        for (Phone p : List.of(a, b, c)) {
            p.window = 7; // a queue left over in the state as well
            p.sync(contacts);
            p.sync(contacts);
            p.sync(a.folder("Calendar"));
        }
        a.add(contacts, Phone.contact("from-a", null));
        a.sync(contacts);
        int aBefore = rig.syncState.entriesOf(SyncRig.USER, "RA");
        int bBefore = rig.syncState.entriesOf(SyncRig.USER, "RB");
        int cBefore = rig.syncState.entriesOf(SyncRig.USER, "RA2");
        assertTrue(aBefore > 30, "items, names, queue, headers and the cached request: " + aBefore);

        assertTrue(rig.devices.registry().remove(SyncRig.USER.toUpperCase(), "RA"), "the user name in any case");
        assertEquals(0, rig.syncState.entriesOf(SyncRig.USER, "RA"));
        assertFalse(rig.syncState.load(SyncRig.USER, "RA", contacts).primed());
        assertEquals(bBefore, rig.syncState.entriesOf(SyncRig.USER, "RB"));
        assertEquals(cBefore, rig.syncState.entriesOf(SyncRig.USER, "RA2"));

        rig.kill(); // forced to disk before remove returned
        assertEquals(0, rig.syncState.entriesOf(SyncRig.USER, "RA"));
        assertEquals(bBefore, rig.syncState.entriesOf(SyncRig.USER, "RB"));

        // the others go on with their keys; the removed phone starts over as a new device
        b.syncAll(contacts);
        assertEquals(31, b.items(contacts).size());
        Phone again = new Phone(rig, "RA", "16.1");
        again.keys.putAll(a.keys);
        again.sync(contacts);
        assertEquals(1, again.statuses.getOrDefault(3, 0), "its old sync key is unknown now");
        again.syncAll(contacts);
        assertEquals(31, again.items(contacts).size());
    }

    /**
     * State left by a device removed before removal forgot it is swept at the next start; a device
     * the registry knows keeps its state however long it has been away.
     */
    @Test
    void theStateOfDevicesTheRegistryNoLongerKnowsIsSweptAtStart() throws Exception {
        Phone away = new Phone(rig, "RA", "16.1");
        Phone gone = new Phone(rig, "RG", "16.1");
        Phone here = new Phone(rig, "RH", "16.1");
        String contacts = away.folder("Contacts");
        for (Phone p : List.of(away, gone, here)) {
            p.syncAll(contacts);
            p.sync(away.folder("Calendar"));
        }
        rig.clock.advance(java.time.Duration.ofDays(400)); // "away" does not sync for more than a year
        here.syncAll(contacts);
        int awayBefore = rig.syncState.entriesOf(SyncRig.USER, "RA");
        int hereBefore = rig.syncState.entriesOf(SyncRig.USER, "RH");
        assertTrue(rig.syncState.entriesOf(SyncRig.USER, "RG") > 30);

        // "gone" removed by a version that did not forget sync state: a registry without the forget
        rig.devices.close();
        try (var old = org.hearthsync.activesync.internal.device.TestDevices.open(folder.resolve("devices.mv.db"),
                rig.clock)) {
            assertTrue(old.registry().remove(SyncRig.USER, "RG"));
        }
        assertTrue(rig.syncState.entriesOf(SyncRig.USER, "RG") > 30, "left behind");

        rig.restart();
        assertEquals(0, rig.syncState.entriesOf(SyncRig.USER, "RG"), "swept at start");
        assertEquals(awayBefore, rig.syncState.entriesOf(SyncRig.USER, "RA"), "known, only away: kept");
        assertEquals(hereBefore, rig.syncState.entriesOf(SyncRig.USER, "RH"));
        rig.kill(); // the sweep was forced to disk
        assertEquals(0, rig.syncState.entriesOf(SyncRig.USER, "RG"));
        assertEquals(awayBefore, rig.syncState.entriesOf(SyncRig.USER, "RA"));
        away.syncAll(contacts);
        assertEquals(0, away.statuses.getOrDefault(3, 0), "the device that was away goes on with its keys");
        assertEquals(30, away.items(contacts).size());
    }

    /** A removal while the device's Sync is in progress waits for it: the Sync's save cannot bring the state back. */
    @Test
    void aRemovalDuringTheDevicesSyncWaitsForItsSave() throws Exception {
        Phone a = new Phone(rig, "RS", "16.1");
        String contacts = a.folder("Contacts");
        a.window = 10;
        a.sync(contacts);
        java.util.concurrent.CountDownLatch inStore = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        store.onGetAll = () -> {
            inStore.countDown();
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        java.util.concurrent.CompletableFuture<Boolean> syncing = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> a.sync(contacts));
        assertTrue(inStore.await(10, java.util.concurrent.TimeUnit.SECONDS));
        java.util.concurrent.CompletableFuture<Boolean> removing = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> rig.devices.registry().remove(SyncRig.USER, "RS"));
        Thread.sleep(300);
        assertFalse(removing.isDone(), "the removal waits for the Sync in progress");
        store.onGetAll = null;
        release.countDown();
        assertTrue(syncing.get(10, java.util.concurrent.TimeUnit.SECONDS), "10 of 30 sent");
        assertTrue(removing.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, rig.syncState.entriesOf(SyncRig.USER, "RS"), "nothing written back after the removal");
    }
}
