package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account's folder selection and its store changed at runtime, and a store that is missing or
 * unavailable: the phone's hierarchy follows (Delete and Add on the next FolderSync), Sync and Ping
 * on a folder of the old store or selection say "hierarchy changed", the sync state of the old
 * folders never applies to the new ones (the two stores here have the same collection ids), nothing
 * in either store is touched by the switch, and an outage never moves a key.
 */
class StoreSwapTest {
    static final String FH = "FolderHierarchy";
    static final String AS = "AirSync";
    @TempDir
    Path folder;
    MemStore first = new MemStore();
    MemStore second = new MemStore();
    SyncRig rig;
    Phone phone;
    String hierarchyKey;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SyncRig(folder, first);
        rig.stores.put("second", second);
        second.listeners.add((st, c) -> rig.hub.changed(st, c));
        for (int i = 0; i < 2; i++) {
            first.put("1", "a" + i + ".vcf", Phone.vcard("a" + i, "first-" + i, null), WriteCondition.create());
        }
        for (int i = 0; i < 3; i++) {
            second.put("1", "b" + i + ".vcf", Phone.vcard("b" + i, "second-" + i, null), WriteCondition.create());
        }
        phone = new Phone(rig, "SW", "14.1");
        hierarchyKey = "0";
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private void use(String store, List<String> collections) {
        rig.accounts.put(SyncRig.USER, new Account(SyncRig.USER, TestRig.EMAIL, store, collections));
    }

    /** A FolderSync with the phone's hierarchy key; returns the changes (added by type, deleted ids). */
    private Changes folderSync() {
        RawResponse r = rig.post("FolderSync", phone.version, phone.id, phone.policyKey,
                new Element(FH, "FolderSync").addText(FH, "SyncKey", hierarchyKey));
        assertEquals(200, r.status());
        Element doc = TestRig.decode(r);
        assertEquals("1", doc.childText(FH, "Status"), doc.toString());
        hierarchyKey = doc.childText(FH, "SyncKey");
        Changes c = new Changes();
        Element changes = doc.child(FH, "Changes").orElseThrow();
        for (Element a : changes.children(FH, "Add")) {
            c.added.put(a.childText(FH, "ServerId"), a.childText(FH, "Type"));
        }
        for (Element d : changes.children(FH, "Delete")) {
            c.deleted.add(d.childText(FH, "ServerId"));
        }
        return c;
    }

    static final class Changes {
        final Map<String, String> added = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();

        String added(String type) {
            return added.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new AssertionError("no folder of type " + type + " added: " + added));
        }
    }

    /** The status of the folder's collection in a Sync with the phone's key for it (the phone keeps its state). */
    private int syncStatus(String f) {
        RawResponse r = phone.send(phone.request(f));
        assertEquals(200, r.status());
        Element doc = TestRig.decode(r);
        Element coll = doc.child(AS, "Collections").orElseThrow().child(AS, "Collection").orElseThrow();
        String key = coll.childText(AS, "SyncKey");
        if (key != null) {
            assertEquals(phone.key(f), key, "the key does not move");
        }
        return Integer.parseInt(coll.childText(AS, "Status"));
    }

    private String pingStatus(int heartbeat, String f) throws Exception {
        Element ping = new Element("Ping", "Ping").addText("Ping", "HeartbeatInterval", Integer.toString(heartbeat));
        ping.add("Ping", "Folders").add("Ping", "Folder").addText("Ping", "Id", f).addText("Ping", "Class", "Contacts");
        RawResponse r = rig.postAsync("Ping", phone.version, phone.id, phone.policyKey, TestRig.encode(ping))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return TestRig.decode(r).childText("Ping", "Status");
    }

    private static List<String> labels(Map<String, Element> items) {
        List<String> out = new ArrayList<>();
        items.values().forEach(d -> out.add(d.childText("Contacts", "FileAs") != null ? d.childText("Contacts", "FileAs")
                : d.childText("Contacts", "FirstName")));
        Collections.sort(out);
        return out;
    }

    @Test
    void switchingTheStoreIsAHierarchyChangeAndNoStateCrossesOver() throws Exception {
        String f = folderSync().added("9");
        phone.syncAll(f);
        assertEquals(2, phone.items(f).size());
        String oldKey = phone.key(f);

        use("second", List.of());
        assertEquals(12, syncStatus(f), "Sync on a folder of the old store: hierarchy changed");
        assertEquals("7", pingStatus(60, f), "Ping on a folder of the old store: hierarchy sync");
        Changes swap = folderSync();
        assertTrue(swap.deleted.contains(f), "the old store's folders are deleted: " + swap.deleted);
        assertEquals(4, swap.deleted.size());
        String g = swap.added("9");
        assertFalse(g.equals(f), "the same collection id in another store is another folder");
        assertEquals(4, swap.added.size());

        // the phone drops the deleted folder and starts the new one from key 0
        phone.keys.remove(f);
        phone.items.remove(f);
        phone.syncAll(g);
        assertEquals(List.of("second-0", "second-1", "second-2"), labels(phone.items(g)));
        phone.add(g, Phone.contact("added-on-second", null));
        phone.syncAll(g);
        assertEquals(4, second.snapshot("1").size());
        assertEquals(2, first.snapshot("1").size(), "the old store is not touched");

        // back: the first store's folders come back under their old ServerIds, synced from scratch
        use("default", List.of());
        assertEquals(12, syncStatus(g));
        Changes back = folderSync();
        assertEquals(f, back.added("9"), "a collection keeps its ServerId per store");
        assertTrue(back.deleted.contains(g));
        phone.keys.remove(g);
        phone.items.remove(g);
        assertFalse(oldKey.equals("0"));
        phone.syncAll(f);
        assertEquals(List.of("first-0", "first-1"), labels(phone.items(f)), "exactly the first store's items, once");
        assertEquals(4, second.snapshot("1").size(), "nothing deleted by the switch");
        assertEquals(2, first.snapshot("1").size());
    }

    @Test
    void theSelectionOfCollectionsIsAHierarchyChange() throws Exception {
        Changes all = folderSync();
        String contacts = all.added("9");
        String calendar = all.added("8");
        assertEquals(9, all.added.size(), "mail folders and all four collections");
        phone.syncAll(calendar);

        use("default", List.of("1"));
        Changes only = folderSync();
        assertEquals(3, only.deleted.size(), "calendar, tasks and notes go: " + only.deleted);
        assertFalse(only.deleted.contains(contacts));
        assertTrue(only.added.isEmpty());
        assertEquals(12, syncStatus(calendar), "a folder no longer selected: hierarchy changed");
        phone.syncAll(contacts);
        assertEquals(2, phone.items(contacts).size());

        use("default", List.of());
        Changes again = folderSync();
        assertEquals(3, again.added.size());
        assertEquals(calendar, again.added("8"), "a collection selected again keeps its ServerId");
        assertEquals(0, folderSync().added.size() + folderSync().deleted.size(), "no change: nothing");
    }

    @Test
    void aMissingOrUnavailableStoreIsRetryableEverywhereAndNeverMovesAKey() throws Exception {
        String f = folderSync().added("9");
        phone.syncAll(f);
        String key = phone.key(f);
        first.put("1", "late.vcf", Phone.vcard("late", "late", null), WriteCondition.create());

        first.available = false;
        assertEquals(16, syncStatus(f), "Sync: retry");
        assertEquals("8", pingStatus(60, f), "Ping: server error, retried by the phone");
        RawResponse fs = rig.post("FolderSync", phone.version, phone.id, phone.policyKey,
                new Element(FH, "FolderSync").addText(FH, "SyncKey", hierarchyKey));
        assertEquals(503, fs.status());
        assertNotNull(fs.header("Retry-After"));

        first.available = true;
        rig.stores.remove("default");
        assertEquals(16, syncStatus(f), "a store that is not there: retry, not hierarchy changed");
        assertEquals("8", pingStatus(60, f));
        assertEquals(503, rig.post("FolderSync", phone.version, phone.id, phone.policyKey,
                new Element(FH, "FolderSync").addText(FH, "SyncKey", hierarchyKey)).status());
        assertEquals(key, phone.key(f));

        rig.stores.put("default", first);
        assertTrue(folderSync().added.isEmpty(), "the hierarchy key still works");
        phone.syncAll(f);
        assertEquals(3, phone.items(f).size(), "the change made during the outage arrives once");
    }
}
