package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PingAndEstimateTest {
    static final String GIE = "GetItemEstimate";
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

    private int estimate(Phone p, String f, String key) {
        Element req = new Element(GIE, "GetItemEstimate");
        Element c = req.add(GIE, "Collections").add(GIE, "Collection");
        c.addText("AirSync", "SyncKey", key).addText(GIE, "CollectionId", f);
        Element r = TestRig.decode(rig.post("GetItemEstimate", p.version, p.id, p.policyKey, req));
        Element resp = r.child(GIE, "Response").orElseThrow();
        if (!"1".equals(resp.childText(GIE, "Status"))) {
            return -Integer.parseInt(resp.childText(GIE, "Status"));
        }
        return Integer.parseInt(resp.child(GIE, "Collection").get().childText(GIE, "Estimate"));
    }

    @Test
    void theEstimateIsExactAndCountsAnUnconfirmedResponse() throws Exception {
        for (int i = 0; i < 37; i++) {
            store.put("1", "s" + i + ".vcf", Phone.vcard("s" + i, "n" + i, null), WriteCondition.create());
        }
        Phone p = new Phone(rig, "PE", "14.1");
        String f = p.folder("Contacts");
        assertEquals(-3, estimate(p, f, "0"), "not primed");
        p.sync(f);
        assertEquals(37, estimate(p, f, p.key(f)));
        p.window = 10;
        String before = p.key(f);
        p.sync(f);
        assertEquals(27, estimate(p, f, p.key(f)));
        assertEquals(37, estimate(p, f, before), "the previous key: the last window counts again");
        assertEquals(-4, estimate(p, f, "{1}1"));
        p.syncAll(f);
        assertEquals(0, estimate(p, f, p.key(f)));
        assertEquals(37, p.items(f).size());
    }

    /** A new phone that has sent SyncKey 0 for Contacts, which holds n seeded items. */
    private Phone afterKeyZero(int n, String id) throws Exception {
        for (int i = 0; i < n; i++) {
            store.put("1", "s" + i + ".vcf", Phone.vcard("s" + i, "n" + i, null), WriteCondition.create());
        }
        Phone p = new Phone(rig, id, "16.1");
        p.sync(p.folder("Contacts"));
        return p;
    }

    private static int distinct(Phone p, String f) {
        return new java.util.HashSet<>(p.items(f).values().stream().map(Element::toString).toList()).size();
    }

    @Test
    void theEstimatesListingServesTheInitialSync() throws Exception {
        Phone p = afterKeyZero(37, "PL");
        String f = p.folder("Contacts");
        store.fullListings = 0;
        assertEquals(37, estimate(p, f, p.key(f)));
        assertEquals(37, estimate(p, f, p.key(f)), "asking again changes nothing");
        p.window = 10;
        p.syncAll(f);
        assertEquals(37, p.items(f).size());
        assertEquals(37, distinct(p, f), "no duplicates");
        assertEquals(1, store.fullListings, "one listing of the collection for the estimates and all windows");
    }

    @Test
    void changesBetweenTheEstimateAndTheSyncAreDelivered() throws Exception {
        Phone p = afterKeyZero(30, "PC");
        String f = p.folder("Contacts");
        assertEquals(30, estimate(p, f, p.key(f)));
        // after the estimate's listing: one added, one changed, one deleted
        store.put("1", "late.vcf", Phone.vcard("late", "Late Arrival", null), WriteCondition.create());
        String e1 = store.get("1", "s1.vcf").orElseThrow().etag();
        store.put("1", "s1.vcf", Phone.vcard("s1", "n1", "changed late"), WriteCondition.ifMatch(e1));
        store.delete("1", "s2.vcf", WriteCondition.ifMatch(store.get("1", "s2.vcf").orElseThrow().etag()));
        p.window = 8;
        p.syncAll(f);
        // the windows carry the late changes too (the last one asks the store again once the queue drains)
        assertEquals("1", TestRig.decode(pingAsync(p, ping("1", f)).get(5, TimeUnit.SECONDS)).childText("Ping", "Status"),
                "nothing left once synced");
        assertEquals(30, p.items(f).size(), "30 seeded + 1 added - 1 deleted");
        assertTrue(p.items(f).values().stream().anyMatch(e -> e.toString().contains("Late Arrival")), "the late Add");
        assertTrue(p.items(f).values().stream().anyMatch(e -> e.toString().contains("changed late")), "the late Change");
        assertEquals(30, distinct(p, f), "no duplicates");
    }

    @Test
    void anEstimateWithThePreviousKeyKeepsTheLostResponseRetryable() throws Exception {
        Phone p = afterKeyZero(20, "PR");
        String f = p.folder("Contacts");
        String before = p.key(f);
        p.window = 5;
        p.syncLost(f); // the server answered 5 items, the phone never saw them
        store.put("1", "new.vcf", Phone.vcard("new", "New One", null), WriteCondition.create());
        assertEquals(21, estimate(p, f, before), "the lost window counts again, and the new item");
        p.syncAll(f);
        assertEquals(21, p.items(f).size());
        assertEquals(21, distinct(p, f), "no duplicates");
    }

    private Element ping(String hb, String... folders) {
        Element ping = new Element("Ping", "Ping");
        if (hb != null) {
            ping.addText("Ping", "HeartbeatInterval", hb);
        }
        if (folders.length > 0) {
            Element fs = ping.add("Ping", "Folders");
            for (String f : folders) {
                fs.add("Ping", "Folder").addText("Ping", "Id", f).addText("Ping", "Class", "Contacts");
            }
        }
        return ping;
    }

    private CompletableFuture<RawResponse> pingAsync(Phone p, Element body) {
        return rig.postAsync("Ping", p.version, p.id, p.policyKey, TestRig.encode(body)).toCompletableFuture();
    }

    @Test
    void aParkedPingWakesOnAnotherDevicesChangeNotOnItsOwn() throws Exception {
        Phone a = new Phone(rig, "PA", "14.1");
        Phone b = new Phone(rig, "PB", "16.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        b.syncAll(f);
        CompletableFuture<RawResponse> parked = pingAsync(a, ping("300", f));
        assertFalse(parked.isDone(), "nothing to say yet: parked");
        // a's own change does not wake a's Ping ... (sync of a from another thread while it is parked)
        a.add(f, Phone.contact("own", null));
        a.syncAll(f);
        Thread.sleep(100);
        assertFalse(parked.isDone(), "own changes do not wake the device");
        long t0 = System.nanoTime();
        b.add(f, Phone.contact("other", null));
        b.syncAll(f);
        RawResponse r = parked.get(2, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Element doc = TestRig.decode(r);
        assertEquals("2", doc.childText("Ping", "Status"));
        assertEquals(f, doc.child("Ping", "Folders").get().childText("Ping", "Folder"));
        assertTrue(ms < 1000, ms + " ms");
        assertEquals(0, rig.hub.parkedCount());
    }

    /**
     * A device busy with a request (its Sync on another connection, say) while its Ping is parked
     * holds up no other device's Ping, and its own Ping is checked once the request ends: not
     * before (its own Sync's writes must not wake it before that Sync's state is saved), not never.
     */
    @Test
    void aBusyDeviceHoldsUpNoOtherPingAndIsWokenWhenItsRequestEnds() throws Exception {
        Phone a = new Phone(rig, "PA", "14.1");
        Phone b = new Phone(rig, "PB", "16.1");
        java.util.concurrent.locks.ReentrantLock aLock = rig.locks.of(SyncRig.USER, "PA");
        assertNotSame(aLock, rig.locks.of(SyncRig.USER, "PB"), "the devices' requests must not share a lock");
        String f = a.folder("Contacts");
        String g = a.folder("Calendar");
        a.syncAll(f);
        a.syncAll(g);
        b.syncAll(f);
        CompletableFuture<RawResponse> pingA = pingAsync(a, ping("300", f, g));
        CompletableFuture<RawResponse> pingB = pingAsync(b, ping("300", f));
        assertFalse(pingA.isDone() || pingB.isDone(), "nothing to say yet: parked");
        aLock.lock(); // a's Sync is running
        try {
            // a change only a watches (its check comes first), then one both watch
            store.put("2", "e.ics", String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
                    "BEGIN:VEVENT", "UID:busy-1", "DTSTAMP:20260101T000000Z", "DTSTART:20260110T100000Z",
                    "DTEND:20260110T110000Z", "SUMMARY:Busy", "END:VEVENT", "END:VCALENDAR", ""), WriteCondition.create());
            store.put("1", "x.vcf", Phone.vcard("x", "X", null), WriteCondition.create());
            // the old hub waited up to 30 s for a's lock on its only thread before checking b
            Element answerB = TestRig.decode(pingB.get(5, TimeUnit.SECONDS));
            assertEquals("2", answerB.childText("Ping", "Status"));
            Thread.sleep(500);
            assertFalse(pingA.isDone(), "not during a's request");
        } finally {
            aLock.unlock();
        }
        Element answerA = TestRig.decode(pingA.get(5, TimeUnit.SECONDS));
        assertEquals("2", answerA.childText("Ping", "Status"));
        assertTrue(answerA.child("Ping", "Folders").get().children("Ping", "Folder").stream()
                .anyMatch(e -> f.equals(e.text())), "the contacts change seen while a was busy is not lost");
        assertEquals(0, rig.hub.parkedCount());
    }

    @Test
    void pingStatuses() throws Exception {
        Phone a = new Phone(rig, "PA", "14.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        assertEquals("3", TestRig.decode(pingAsync(a, ping(null)).join()).childText("Ping", "Status"));
        Element out = TestRig.decode(pingAsync(a, ping("4000", f)).join());
        assertEquals("5", out.childText("Ping", "Status"));
        assertEquals("3540", out.childText("Ping", "HeartbeatInterval"));
        assertEquals("7", TestRig.decode(pingAsync(a, ping("60", "nope")).join()).childText("Ping", "Status"));
        String[] many = new String[301];
        java.util.Arrays.fill(many, f);
        Element tooMany = TestRig.decode(pingAsync(a, ping("60", many)).join());
        assertEquals("6", tooMany.childText("Ping", "Status"));
        assertEquals("300", tooMany.childText("Ping", "MaxFolders"));

        // heartbeat end: status 1; the folders are remembered for an empty Ping
        RawResponse hb = pingAsync(a, ping("1", f)).get(5, TimeUnit.SECONDS);
        assertEquals("1", TestRig.decode(hb).childText("Ping", "Status"));
        CompletableFuture<RawResponse> first = pingAsync(a, null);
        assertFalse(first.isDone());
        CompletableFuture<RawResponse> second = pingAsync(a, null);
        assertEquals("1", TestRig.decode(first.get(2, TimeUnit.SECONDS)).childText("Ping", "Status"),
                "a newer Ping ends the older one");
        assertEquals("1", TestRig.decode(second.get(5, TimeUnit.SECONDS)).childText("Ping", "Status"));
        // a store change already there answers at once
        store.put("1", "x.vcf", Phone.vcard("x", "x", null), WriteCondition.create());
        assertEquals("2", TestRig.decode(pingAsync(a, null).get(1, TimeUnit.SECONDS)).childText("Ping", "Status"));
        // shutdown answers parked Pings
        a.syncAll(f);
        CompletableFuture<RawResponse> parked = pingAsync(a, ping("600", f));
        assertFalse(parked.isDone());
        rig.hub.close();
        assertEquals("1", TestRig.decode(parked.get(1, TimeUnit.SECONDS)).childText("Ping", "Status"));
    }
}
