package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncHandlerTest {
    static final String AS = "AirSync";
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

    private void seedContacts(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            store.put("1", "s" + i + ".vcf", Phone.vcard("s" + i, "seed" + i, null), WriteCondition.create());
        }
    }

    static TreeSet<String> labels(Map<String, Element> items) {
        TreeSet<String> out = new TreeSet<>();
        items.values().forEach(d -> out.add(d.childText("Contacts", "FileAs")));
        return out;
    }

    static List<String> labelList(Map<String, Element> items) {
        List<String> out = new ArrayList<>();
        items.values().forEach(d -> out.add(d.childText("Contacts", "FileAs")));
        Collections.sort(out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = { "12.1", "14.1", "16.1" })
    void aWindowedInitialSyncSendsEveryItemOnceAndListsTheCollectionOnce(String version) throws Exception {
        seedContacts(250);
        Phone p = new Phone(rig, "P1", version);
        String f = p.folder("Contacts");
        p.window = 100;
        assertFalse(p.sync(f), "SyncKey 0 answers with a key only");
        assertTrue(p.items(f).isEmpty());
        int listingsBefore = store.fullListings;
        List<Integer> sizes = new ArrayList<>();
        boolean more;
        do {
            int before = p.items(f).size();
            more = p.sync(f);
            sizes.add(p.items(f).size() - before);
            Element coll = p.lastResponse.child(AS, "Collections").get().child(AS, "Collection").get();
            if (version.equals("12.1")) {
                assertEquals("Contacts", coll.childText(AS, "Class"));
            }
        } while (more);
        assertEquals(List.of(100, 100, 50), sizes);
        assertEquals(250, labels(p.items(f)).size());
        assertEquals(1, store.fullListings - listingsBefore, "the collection is listed once, not per window");
        assertFalse(p.sync(f));
    }

    /**
     * A window that empties the queue of an earlier listing also takes what the store changed since:
     * a response without MoreAvailable means the phone has everything (found by CrashIT, where a phone
     * pulling another's adds in small windows stopped with dozens of them unsent).
     */
    @Test
    void theWindowThatDrainsTheQueueAlsoTakesChangesMadeSinceTheListing() throws Exception {
        seedContacts(15);
        Phone p = new Phone(rig, "PW", "16.1");
        String f = p.folder("Contacts");
        p.window = 10;
        p.sync(f);
        assertTrue(p.sync(f), "10 of 15 sent");
        for (int i = 0; i < 3; i++) {
            store.put("1", "late" + i + ".vcf", Phone.vcard("late" + i, "late" + i, null), WriteCondition.create());
        }
        assertFalse(p.sync(f), "the rest of the listing and the late ones fit in this window");
        assertEquals(18, labels(p.items(f)).size(), labels(p.items(f)).toString());
        assertFalse(p.sync(f));
    }

    @Test
    void clientChangesReachTheStoreAreNotEchoedAndASecondDeviceSeesThem() throws Exception {
        seedContacts(3);
        Phone a = new Phone(rig, "PA", "14.1");
        Phone b = new Phone(rig, "PB", "16.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        b.syncAll(f);
        a.add(f, Phone.contact("new1", "t1"));
        String victim = a.items(f).keySet().iterator().next();
        String changed = new ArrayList<>(a.items(f).keySet()).get(1);
        a.change(f, changed, Phone.contact(a.items(f).get(changed).childText("Contacts", "FileAs"), "boss"));
        a.delete(f, victim);
        a.sync(f);
        Element coll = a.lastResponse.child(AS, "Collections").get().child(AS, "Collection").get();
        assertTrue(coll.child(AS, "Commands").isEmpty(), "own changes are not echoed: " + coll);
        assertEquals(3, store.snapshot("1").size());
        assertTrue(store.snapshot("1").values().stream().anyMatch(r -> r.content().contains("FN:new1")));
        assertTrue(store.snapshot("1").values().stream().anyMatch(r -> r.content().contains("TITLE:boss")));
        assertFalse(a.sync(f));
        assertTrue(a.lastResponse.child(AS, "Collections").get().child(AS, "Collection").get().child(AS, "Commands")
                .isEmpty());

        b.sync(f);
        Element bc = b.lastResponse.child(AS, "Collections").get().child(AS, "Collection").get();
        Element cmds = bc.child(AS, "Commands").orElseThrow();
        assertEquals(1, cmds.children(AS, "Add").size());
        assertEquals(1, cmds.children(AS, "Change").size());
        assertEquals(1, cmds.children(AS, "Delete").size());
        assertEquals(labels(a.items(f)), labels(b.items(f)));
    }

    @Test
    void storeSideChangesComeOnTheNextSync() throws Exception {
        seedContacts(2);
        Phone a = new Phone(rig, "PA", "16.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        store.put("1", "x.vcf", Phone.vcard("x", "extra", null), WriteCondition.create());
        Resource s0 = store.get("1", "s0.vcf").orElseThrow();
        store.put("1", "s0.vcf", Phone.vcard("s0", "seed0", "promoted"), WriteCondition.ifMatch(s0.etag()));
        store.delete("1", "s1.vcf", WriteCondition.unconditional());
        a.syncAll(f);
        assertEquals(new TreeSet<>(List.of("extra", "seed0")), labels(a.items(f)));
        assertTrue(a.items(f).values().stream().anyMatch(d -> "promoted".equals(d.childText("Contacts", "JobTitle"))));
    }

    @Test
    void aRetryWithTheSameRequestGetsTheSameBytesAndNoDuplicate() throws Exception {
        seedContacts(5);
        Phone a = new Phone(rig, "PA", "14.1");
        String f = a.folder("Contacts");
        a.sync(f);
        a.add(f, Phone.contact("mine", null));
        Element req = a.request(f);
        RawResponse first = a.send(req);
        RawResponse again = a.send(req);
        assertArrayEquals(first.body(), again.body(), "an exact resend");
        a.apply(f, again);
        a.syncAll(f);
        assertEquals(6, store.snapshot("1").size());
        assertEquals(6, a.items(f).size());
        assertEquals(6, labels(a.items(f)).size());
    }

    @Test
    void aRetryWithADifferentRequestRollsBackTheServerSideAndMapsTheClientIdToTheSameItem() throws Exception {
        seedContacts(30);
        Phone a = new Phone(rig, "PA", "16.1");
        String f = a.folder("Contacts");
        a.window = 10;
        a.sync(f);
        a.add(f, Phone.contact("mine", null));
        a.syncLost(f); // 10 items and the Add's ServerId are lost
        a.add(f, Phone.contact("second", null)); // the retry differs: one more Add
        a.syncAll(f);
        assertEquals(32, store.snapshot("1").size(), "the first Add was not written twice");
        assertEquals(32, a.items(f).size());
        assertEquals(32, labels(a.items(f)).size());
    }

    @Test
    void aStaleKeyGetsStatus3AndTheResyncEndsConsistent() throws Exception {
        seedContacts(4);
        Phone a = new Phone(rig, "PA", "14.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        String old = a.key(f);
        store.put("1", "y.vcf", Phone.vcard("y", "y", null), WriteCondition.create());
        a.syncAll(f);
        store.put("1", "z.vcf", Phone.vcard("z", "z", null), WriteCondition.create());
        a.syncAll(f);
        a.keys.put(f, old);
        a.sync(f);
        assertEquals(1, a.statuses.getOrDefault(3, 0));
        assertEquals("0", a.key(f));
        a.syncAll(f);
        assertEquals(6, a.items(f).size());
        a.keys.put(f, "{12345678}3");
        a.sync(f);
        assertEquals(2, a.statuses.getOrDefault(3, 0), "a key of another epoch is refused");
    }

    @Test
    void anUnavailableStoreGetsARetryStatusWithoutMovingTheKey() throws Exception {
        seedContacts(3);
        Phone a = new Phone(rig, "PA", "14.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        String key = a.key(f);
        a.add(f, Phone.contact("one", null));
        a.add(f, Phone.contact("two", null));
        store.failWrites = 1; // the first Add fails: nothing written
        a.sync(f);
        assertEquals(1, a.statuses.getOrDefault(16, 0));
        assertEquals(key, a.key(f));
        store.available = false;
        a.sync(f);
        assertEquals(2, a.statuses.getOrDefault(16, 0));
        assertEquals(key, a.key(f));
        store.available = true;
        a.syncAll(f);
        assertEquals(5, store.snapshot("1").size());
        assertEquals(5, labels(a.items(f)).size());
    }

    @Test
    void aWriteFailureAfterTheFirstAddKeepsTheFirstAndDoesNotDuplicateIt() throws Exception {
        Phone a = new Phone(rig, "PA", "14.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        a.add(f, Phone.contact("one", null));
        a.add(f, Phone.contact("two", null));
        // the first Add is written, the second fails
        store.failWrites = 0;
        MemStore s = store;
        s.listeners.add((st, c) -> s.failWrites = 1);
        a.sync(f);
        s.listeners.clear();
        s.failWrites = 0;
        assertEquals(1, a.statuses.getOrDefault(16, 0));
        a.syncAll(f);
        assertEquals(2, store.snapshot("1").size());
        assertEquals(List.of("one", "two"), labelList(a.items(f)));
    }

    @Test
    void conflictsServerWinsByDefaultAndClientWinsWhenAsked() throws Exception {
        seedContacts(1);
        Phone a = new Phone(rig, "PA", "16.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        String sid = a.items(f).keySet().iterator().next();
        Resource r = store.get("1", "s0.vcf").orElseThrow();
        store.put("1", "s0.vcf", Phone.vcard("s0", "seed0", "server"), WriteCondition.ifMatch(r.etag()));
        a.change(f, sid, Phone.contact("seed0", "phone"));
        a.sync(f);
        assertEquals(1, a.statuses.getOrDefault(Phone.ITEM + 7, 0));
        a.syncAll(f);
        assertEquals("server", a.items(f).get(sid).childText("Contacts", "JobTitle"));
        assertTrue(store.get("1", "s0.vcf").orElseThrow().content().contains("TITLE:server"));
        assertEquals(1, rig.syncState.journalSize(), "the phone's version is kept in the journal");

        a.conflict = 0;
        r = store.get("1", "s0.vcf").orElseThrow();
        store.put("1", "s0.vcf", Phone.vcard("s0", "seed0", "server2"), WriteCondition.ifMatch(r.etag()));
        a.change(f, sid, Phone.contact("seed0", "phone2"));
        a.syncAll(f);
        assertTrue(store.get("1", "s0.vcf").orElseThrow().content().contains("TITLE:phone2"));
        assertEquals(2, rig.syncState.journalSize());
    }

    @Test
    void fetchAndUnknownItemsAndFolders() throws Exception {
        seedContacts(1);
        Phone a = new Phone(rig, "PA", "14.1");
        String f = a.folder("Contacts");
        a.syncAll(f);
        String sid = a.items(f).keySet().iterator().next();
        a.fetch(f, sid);
        a.change(f, f + ":999", Phone.contact("ghost", null));
        a.sync(f);
        Element rs = a.lastResponse.child(AS, "Collections").get().child(AS, "Collection").get().child(AS, "Responses")
                .orElseThrow();
        Element fetch = rs.child(AS, "Fetch").orElseThrow();
        assertEquals("1", fetch.childText(AS, "Status"));
        assertEquals("seed0", fetch.child(AS, "ApplicationData").get().childText("Contacts", "FileAs"));
        assertEquals("8", rs.child(AS, "Change").orElseThrow().childText(AS, "Status"));

        Element unknown = new Element(AS, "Sync");
        unknown.add(AS, "Collections").add(AS, "Collection").addText(AS, "SyncKey", "0").addText(AS, "CollectionId", "nope");
        Element r = TestRig.decode(a.send(unknown));
        assertEquals("12", r.child(AS, "Collections").get().child(AS, "Collection").get().childText(AS, "Status"));
    }

    @Test
    void emptyRequestsAndBadWaitValues() throws Exception {
        Phone a = new Phone(rig, "PA", "14.1");
        String f = a.folder("Contacts");
        RawResponse none = rig.post("Sync", "14.1", "PA", a.policyKey, new byte[0]);
        assertEquals("13", TestRig.decode(none).childText(AS, "Status"));
        a.syncAll(f);
        store.put("1", "late.vcf", Phone.vcard("late", "late", null), WriteCondition.create());
        RawResponse empty = rig.post("Sync", "14.1", "PA", a.policyKey, new byte[0]);
        assertTrue(a.apply(f, empty) || true);
        assertEquals(new TreeSet<>(List.of("late")), labels(a.items(f)), "an empty request is the cached one");
        // a cached request that cannot be read is no cache: the answer is 13 as before the first Sync, not an error
        rig.syncState.save(List.of(), SyncRig.USER, "PA", Map.of(CachedRequest.DEVICE_KIND, "sr1\nw many\n"));
        assertEquals("13", TestRig.decode(rig.post("Sync", "14.1", "PA", a.policyKey, new byte[0])).childText(AS, "Status"));
        a.syncAll(f);
        assertTrue(CachedRequest.decode(rig.syncState.deviceValue(SyncRig.USER, "PA", CachedRequest.DEVICE_KIND).orElseThrow())
                .collections().stream().anyMatch(c -> c.collectionId().equals(f)), "the next full request is kept typed");

        Element bad = new Element(AS, "Sync").addText(AS, "Wait", "90");
        Element r = TestRig.decode(a.send(bad));
        assertEquals("14", r.childText(AS, "Status"));
        assertEquals("59", r.childText(AS, "Limit"));
        Element badHb = new Element(AS, "Sync").addText(AS, "HeartbeatInterval", "10");
        assertEquals("60", TestRig.decode(a.send(badHb)).childText(AS, "Limit"));
    }

    @Test
    void stateSurvivesARestartAndAKill() throws Exception {
        seedContacts(20);
        Phone a = new Phone(rig, "PA", "16.1");
        String f = a.folder("Contacts");
        a.window = 7;
        a.sync(f);
        a.sync(f);
        rig.restart();
        a.sync(f);
        rig.kill();
        a.syncAll(f);
        assertEquals(20, labels(a.items(f)).size());
        assertEquals(20, a.items(f).size());
    }

    @ParameterizedTest
    @ValueSource(strings = { "12.1", "14.1", "16.1" })
    void notesTasksAndEventsRoundTrip(String version) throws Exception {
        Phone a = new Phone(rig, "PA", version);
        Phone b = new Phone(rig, "PB", version);
        String notes = a.folder("Notes");
        String tasks = a.folder("Tasks");
        String cal = a.folder("Calendar");
        for (String f : List.of(notes, tasks, cal)) {
            a.syncAll(f);
            b.syncAll(f);
        }
        a.add(notes, Phone.note("shopping"));
        a.add(tasks, Phone.task("call mum", false));
        a.add(cal, Phone.event("dentist", "20260105T090000Z", "20260105T100000Z"));
        for (String f : List.of(notes, tasks, cal)) {
            a.syncAll(f);
            b.syncAll(f);
        }
        assertEquals("shopping", b.items(notes).values().iterator().next().childText("Notes", "Subject"));
        assertEquals("call mum", b.items(tasks).values().iterator().next().childText("Tasks", "Subject"));
        assertEquals("dentist", b.items(cal).values().iterator().next().childText("Calendar", "Subject"));
        assertEquals(1, store.snapshot("2").size());
        assertNotEquals(0, store.snapshot("3").size());
    }

    @Test
    void theCalendarFilterSendsOnlyTheWindowAndSoftDeletesWhatLeavesIt() throws Exception {
        // the rig's clock is 2026-01-01
        store.put("2", "old.ics", ics("old", "20250101T100000Z"), WriteCondition.create());
        store.put("2", "new.ics", ics("new", "20251230T100000Z"), WriteCondition.create());
        Phone a = new Phone(rig, "PA", "14.1");
        String cal = a.folder("Calendar");
        a.sync(cal);
        Element req = a.request(cal);
        req.child(AS, "Collections").get().child(AS, "Collection").get().child(AS, "Options").get()
                .addText(AS, "FilterType", "4");
        a.apply(cal, a.send(req));
        a.syncAll(cal);
        assertEquals(1, a.items(cal).size());
        assertEquals("new", a.items(cal).values().iterator().next().childText("Calendar", "Subject"));
        rig.clock.advance(java.time.Duration.ofDays(30));
        a.syncAll(cal);
        assertEquals(0, a.items(cal).size(), "the event left the window");
        assertTrue(a.statuses.containsKey(1));
    }

    static String ics(String summary, String start) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + summary + "\r\nDTSTAMP:20250101T000000Z\r\n"
                + "DTSTART:" + start + "\r\nDURATION:PT1H\r\nSUMMARY:" + summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }
}
