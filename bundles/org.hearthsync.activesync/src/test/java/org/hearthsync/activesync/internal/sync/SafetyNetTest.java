package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.sync.ActivityJournal;
import org.hearthsync.api.sync.SyncProgress;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safety nets: activity journal, conflicts restorable, recycle bin, mass-deletion guard, progress. */
class SafetyNetTest {
    @TempDir
    Path folder;
    MemStore store = new MemStore();
    SyncRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SyncRig(folder, store);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private void seed(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            store.put("1", "s" + i + ".vcf", Phone.vcard("s" + i, "seed" + i, null), WriteCondition.create());
        }
    }

    private Phone phone(String id) {
        Phone p = new Phone(rig, id, "16.1");
        p.syncAll(p.folder("Contacts"));
        return p;
    }

    private static List<String> sids(Phone p, String f, int n) {
        return new ArrayList<>(p.items(f).keySet()).subList(0, n);
    }

    @Test
    void theJournalCountsEachDirection() throws Exception {
        seed(5);
        Phone a = phone("PA");
        String f = a.folder("Contacts");
        ActivityJournal.Activity first = rig.safety.recent(10, "PA", null).get(0);
        assertEquals(5, first.serverAdds());
        List<String> s = sids(a, f, 2);
        a.add(f, Phone.contact("new1", null));
        a.add(f, Phone.contact("new2", null));
        a.change(f, s.get(0), Phone.contact("seed-x", "t"));
        a.delete(f, s.get(1));
        a.sync(f);
        ActivityJournal.Activity last = rig.safety.recent(10, "PA", f).get(0);
        assertEquals(List.of(2, 1, 1, 0, 0, 0, 0, 0), List.of(last.clientAdds(), last.clientChanges(),
                last.clientDeletes(), last.serverAdds(), last.serverChanges(), last.serverDeletes(), last.conflicts(),
                last.heldDeletes()));
        Phone b = phone("PB");
        assertEquals(6, rig.safety.recent(10, "PB", null).get(0).serverAdds());
        assertEquals(2, rig.safety.recent(10, "PA", null).size());
        assertTrue(rig.safety.recent(10, "nobody", null).isEmpty());
        assertTrue(rig.safety.recent(10, null, "no-such-folder").isEmpty());
        assertEquals(6, b.items(f).size());
    }

    @Test
    void aChangeFromOutsideASyncIsJournaledUnderItsSource() throws Exception {
        rig.safety.recordChange("console import", "default", "col-1", "Family\u0001Friends", 3, 2, 0);
        rig.safety.recordChange("console import", "default", "col-1", "Family", 0, 0, 0); // nothing happened: nothing recorded
        List<ActivityJournal.Activity> list = rig.safety.recent(10, "console import", null);
        assertEquals(1, list.size());
        ActivityJournal.Activity a = list.get(0);
        assertEquals("default", a.userName());
        assertEquals("Family\u0001Friends", a.folderName(), "fields are length-prefixed: any character survives");
        assertEquals(3, a.clientAdds());
        assertEquals(2, a.clientChanges());
        assertEquals(0, a.serverAdds());
        assertEquals(1, rig.safety.recent(10, null, "col-1").size());
    }

    @Test
    void theJournalIsBounded() throws Exception {
        rig.safety.settings(new SafetySettings(Duration.ofDays(30), true, 50, 20, 100));
        seed(1);
        Phone a = phone("PA");
        String f = a.folder("Contacts");
        for (int i = 0; i < 120; i++) {
            a.add(f, Phone.contact("n" + i, null));
            a.sync(f);
        }
        assertEquals(100, rig.safety.recent(1000, null, null).size());
    }

    @Test
    void aConflictLoserCanBeRestoredAndReachesThePhone() throws Exception {
        seed(1);
        Phone a = phone("PA");
        String f = a.folder("Contacts");
        String sid = a.items(f).keySet().iterator().next();
        Resource r = store.get("1", "s0.vcf").orElseThrow();
        store.put("1", "s0.vcf", Phone.vcard("s0", "seed0", "server"), WriteCondition.ifMatch(r.etag()));
        a.change(f, sid, Phone.contact("seed0", "phone"));
        a.syncAll(f);
        assertEquals("server", a.items(f).get(sid).childText("Contacts", "JobTitle"));
        List<ActivityJournal.Conflict> cs = rig.safety.conflicts(10, "PA", null);
        assertEquals(1, cs.size());
        assertEquals("server", cs.get(0).winner());
        assertTrue(cs.get(0).loserSummary().contains("seed0"), cs.get(0).loserSummary());
        assertTrue(cs.get(0).restorable());
        assertEquals("Contacts", cs.get(0).folderName(), "the collection's name, not the folder id " + cs.get(0).folderId());
        assertEquals(1, rig.safety.conflicts(10, null, "contacts").size(), "filtered by the name");
        assertTrue(rig.safety.recent(10, "PA", null).stream().anyMatch(x -> x.conflicts() == 1));
        assertTrue(rig.safety.restoreConflictLoser(cs.get(0).id()));
        assertTrue(store.get("1", "s0.vcf").orElseThrow().content().contains("phone"));
        a.syncAll(f);
        assertEquals("phone", a.items(f).get(sid).childText("Contacts", "JobTitle"));
        assertFalse(rig.safety.restoreConflictLoser(cs.get(0).id()), "restored once");
    }

    @Test
    void aDeletedItemIsKeptRestorableAndExpires() throws Exception {
        seed(3);
        Phone a = phone("PA");
        String f = a.folder("Contacts");
        List<String> s = sids(a, f, 2);
        a.delete(f, s.get(0));
        a.syncAll(f);
        assertEquals(2, store.list("1").size(), "the delete reached the store");
        List<ActivityJournal.Deleted> bin = rig.safety.recycleBin(10);
        assertEquals(1, bin.size());
        assertEquals("PA", bin.get(0).deviceId());
        assertEquals("Contacts", bin.get(0).collectionName());
        assertEquals(rig.clock.instant().plus(Duration.ofDays(30)), bin.get(0).expires());
        assertTrue(bin.get(0).summary().startsWith("fn: seed"), bin.get(0).summary());
        assertTrue(rig.safety.restoreDeleted(bin.get(0).id()));
        assertEquals(3, store.list("1").size());
        assertTrue(rig.safety.recycleBin(10).isEmpty());
        a.syncAll(f);
        assertEquals(3, a.items(f).size(), "the phone gets the restored item");

        // the bin survives a restart and expires after its time
        a.delete(f, s.get(1));
        a.syncAll(f);
        rig.restart();
        assertEquals(1, rig.safety.recycleBin(10).size());
        rig.clock.advance(Duration.ofDays(29));
        assertEquals(1, rig.safety.recycleBin(10).size());
        rig.clock.advance(Duration.ofDays(2));
        assertTrue(rig.safety.recycleBin(10).isEmpty());
    }

    @Test
    void theGuardThresholds() {
        SafetyNet n = rig.safety;
        assertFalse(n.shouldHold(20, 40), "not more than 20");
        assertTrue(n.shouldHold(21, 40));
        assertFalse(n.shouldHold(25, 50), "not more than half");
        assertTrue(n.shouldHold(26, 50));
        assertFalse(n.shouldHold(1000, 5000));
        n.settings(new SafetySettings(Duration.ofDays(30), false, 50, 20, 5000));
        assertFalse(n.shouldHold(40, 40), "guard off");
    }

    private Phone massDelete(int seeded, int deleted) throws Exception {
        seed(seeded);
        Phone a = phone("PA");
        String f = a.folder("Contacts");
        for (String sid : sids(a, f, deleted)) {
            a.delete(f, sid);
        }
        a.sync(f);
        assertEquals(0, a.statuses.keySet().stream().filter(k -> k >= Phone.ITEM && k != Phone.ITEM + 1).count(),
                "the phone sees no error: " + a.statuses);
        return a;
    }

    @Test
    void aMassDeletionIsHeldAndRejectedSendsTheItemsBack() throws Exception {
        Phone a = massDelete(40, 30);
        String f = a.folder("Contacts");
        assertEquals(40, store.list("1").size(), "nothing deleted in the store");
        List<ActivityJournal.HeldDeletion> held = rig.safety.held();
        assertEquals(1, held.size());
        assertEquals(30, held.get(0).count());
        assertEquals(40, held.get(0).folderSize());
        assertFalse(held.get(0).summaries().isEmpty());
        assertEquals(30, rig.safety.recent(1, "PA", null).get(0).heldDeletes());
        a.syncAll(f);
        assertEquals(10, a.items(f).size(), "held items are not sent back before the decision");
        // another phone still has all of them
        assertEquals(40, phone("PB").items(f).size());
        rig.restart();
        assertEquals(1, rig.safety.held().size(), "held batches are durable");
        assertTrue(rig.safety.reject(held.get(0).id()));
        assertTrue(rig.safety.held().isEmpty());
        a.syncAll(f);
        assertEquals(40, a.items(f).size(), "rejected: the phone got them back");
        assertFalse(rig.safety.reject(held.get(0).id()));
    }

    private java.util.concurrent.CompletableFuture<org.hearthsync.activesync.internal.protocol.RawResponse> post(Phone p,
            String cmd, Element body) {
        return rig.postAsync(cmd, p.version, p.id, p.policyKey,
                org.hearthsync.activesync.internal.TestRig.encode(body)).toCompletableFuture();
    }

    private void awaitParked(int n) throws InterruptedException {
        long end = System.nanoTime() + 2_000_000_000L;
        while (rig.hub.parkedCount() != n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(n, rig.hub.parkedCount());
    }

    /** Rejecting held deletes wakes the device's parked Ping: the phone comes for its items at once. */
    @Test
    void aRejectionWakesTheDevicesParkedPing() throws Exception {
        Phone a = massDelete(40, 30);
        String f = a.folder("Contacts");
        a.syncAll(f);
        Element ping = new Element("Ping", "Ping").addText("Ping", "HeartbeatInterval", "300");
        ping.add("Ping", "Folders").add("Ping", "Folder").addText("Ping", "Id", f).addText("Ping", "Class", "Contacts");
        var parked = post(a, "Ping", ping);
        awaitParked(1);
        assertFalse(parked.isDone(), "nothing to send while the deletes are held");
        assertTrue(rig.safety.reject(rig.safety.held().get(0).id()));
        Element r = org.hearthsync.activesync.internal.TestRig.decode(parked.get(2, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("2", r.childText("Ping", "Status"), r.toString());
        assertEquals(f, r.child("Ping", "Folders").get().childText("Ping", "Folder"));
        a.syncAll(f);
        assertEquals(40, a.items(f).size());
        // nothing more: a new Ping parks again
        var again = post(a, "Ping", ping);
        awaitParked(1);
        assertFalse(again.isDone());
    }

    /** Rejecting held deletes wakes the device's parked Sync (Wait), which answers with the items. */
    @Test
    void aRejectionWakesTheDevicesParkedSyncWithTheItems() throws Exception {
        Phone a = massDelete(40, 30);
        String f = a.folder("Contacts");
        a.syncAll(f);
        Element req = a.request(f);
        req.addText("AirSync", "Wait", "30"); // 36 s in the rig
        var parked = post(a, "Sync", req);
        awaitParked(1);
        assertFalse(parked.isDone());
        assertTrue(rig.safety.reject(rig.safety.held().get(0).id()));
        var r = parked.get(2, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(r.body() != null && r.body().length > 0, "woken with a response, not the empty one of the interval's end");
        a.apply(f, r);
        assertEquals(40, a.items(f).size(), "the 30 rejected deletes came back with the woken Sync");
    }

    private int estimate(Phone p, String f) {
        Element req = new Element("GetItemEstimate", "GetItemEstimate");
        Element c = req.add("GetItemEstimate", "Collections").add("GetItemEstimate", "Collection");
        c.addText("AirSync", "SyncKey", p.key(f)).addText("GetItemEstimate", "CollectionId", f);
        Element r = org.hearthsync.activesync.internal.TestRig.decode(
                rig.post("GetItemEstimate", p.version, p.id, p.policyKey, req));
        Element resp = r.child("GetItemEstimate", "Response").orElseThrow();
        assertEquals("1", resp.childText("GetItemEstimate", "Status"));
        return Integer.parseInt(resp.child("GetItemEstimate", "Collection").get().childText("GetItemEstimate", "Estimate"));
    }

    @Test
    void theEstimateCountsWhatTheSyncSendsWhileDeletesAreHeldAndAfterTheDecision() throws Exception {
        Phone a = massDelete(40, 30);
        String f = a.folder("Contacts");
        assertEquals(0, estimate(a, f));
        // the store forgets its tokens: the engine compares in full and finds the 30 held items "new"
        store.expireTokens();
        assertEquals(0, estimate(a, f), "held deletes are not sent back, so not counted");
        a.syncAll(f);
        assertEquals(10, a.items(f).size());
        assertTrue(rig.safety.reject(rig.safety.held().get(0).id()));
        assertEquals(30, estimate(a, f), "rejected: the next Sync sends them back");
        a.syncAll(f);
        assertEquals(40, a.items(f).size());
        assertEquals(0, estimate(a, f));
    }

    @Test
    void anApprovedMassDeletionGoesThroughTheRecycleBin() throws Exception {
        Phone a = massDelete(40, 30);
        String f = a.folder("Contacts");
        Phone b = phone("PB");
        String id = rig.safety.held().get(0).id();
        assertTrue(rig.safety.approve(id));
        assertEquals(10, store.list("1").size());
        assertEquals(30, rig.safety.recycleBin(100).size());
        assertTrue(rig.safety.held().isEmpty());
        a.syncAll(f);
        assertEquals(10, a.items(f).size());
        b.syncAll(f);
        assertEquals(10, b.items(f).size(), "the other phone gets the deletes");
        assertFalse(rig.safety.approve(id));
    }

    @Test
    void anItemChangedOnTheServerWhileHeldIsKept() throws Exception {
        Phone a = massDelete(30, 25);
        String f = a.folder("Contacts");
        Resource r = store.get("1", "s0.vcf").orElseThrow();
        store.put("1", "s0.vcf", Phone.vcard("s0", "seed0", "edited"), WriteCondition.ifMatch(r.etag()));
        a.syncAll(f);
        assertEquals(6, a.items(f).size(), "the edited item comes back to the phone at once");
        assertTrue(rig.safety.approve(rig.safety.held().get(0).id()));
        assertEquals(6, store.list("1").size());
    }

    @Test
    void belowTheThresholdDeletesApplyAtOnce() throws Exception {
        Phone a = massDelete(40, 20);
        assertEquals(20, store.list("1").size());
        assertTrue(rig.safety.held().isEmpty());
        assertEquals(20, rig.safety.recycleBin(100).size());
        assertEquals(20, a.items(a.folder("Contacts")).size());
    }

    @Test
    void progressIsVisibleWhileRunningAndClearedAtTheEnd() throws Exception {
        SafetyNet n = rig.safety;
        ProgressBoard.Progress p = n.start("Alice", "D1", "1:2", "Contacts", "Contacts");
        p.total(10);
        for (int i = 0; i < 3; i++) {
            p.step();
        }
        List<SyncProgress.FolderProgress> running = n.progress().running("alice", "D1");
        assertEquals(1, running.size());
        assertEquals(3, running.get(0).done());
        assertEquals(10, running.get(0).total());
        assertEquals("Contacts", running.get(0).folderName());
        assertTrue(n.progress().running("alice", "D2").isEmpty());
        n.finish("ALICE", "D1");
        assertTrue(n.progress().running("alice", "D1").isEmpty());

        // during a real Sync the store sees the progress move; afterwards nothing runs
        seed(30);
        List<Integer> seen = new ArrayList<>();
        store.onGetAll = () -> n.progress().running(SyncRig.USER, "PA").forEach(x -> seen.add(x.total()));
        Phone a = new Phone(rig, "PA", "16.1");
        a.window = 100;
        a.syncAll(a.folder("Contacts"));
        store.onGetAll = null;
        assertTrue(seen.contains(30), seen.toString());
        assertTrue(n.progress().running(SyncRig.USER, "PA").isEmpty());
    }
}
