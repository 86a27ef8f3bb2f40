package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FolderCreate, FolderUpdate and FolderDelete on the rig's store, with the hierarchy keys FolderSync keeps. */
class FolderCommandsTest {
    static final String NS = "FolderHierarchy";
    @TempDir
    Path folder;
    MemStore store = new MemStore();
    SyncRig rig;
    Phone phone;
    String key;

    @BeforeEach
    void setUp() throws Exception {
        store.editableCollections = true;
        rig = new SyncRig(folder, store);
        phone = new Phone(rig, "PF", "16.1");
        key = folderSync(phone, "0").childText(NS, "SyncKey");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    Element folderSync(Phone p, String k) {
        return TestRig.decode(rig.post("FolderSync", p.version, p.id, p.policyKey,
                new Element(NS, "FolderSync").addText(NS, "SyncKey", k)));
    }

    /** ServerId → [name, type] of a FolderSync's changes, "-" for deletions. */
    static Map<String, String> changes(Element r) {
        Map<String, String> out = new LinkedHashMap<>();
        Element c = r.child(NS, "Changes").orElseThrow();
        for (String kind : List.of("Add", "Update")) {
            for (Element e : c.children(NS, kind)) {
                out.put(e.childText(NS, "ServerId"), kind + ":" + e.childText(NS, "DisplayName") + ":" + e.childText(NS, "Type"));
            }
        }
        for (Element e : c.children(NS, "Delete")) {
            out.put(e.childText(NS, "ServerId"), "Delete");
        }
        return out;
    }

    Element create(String k, String name, String type, String parent) {
        Element req = new Element(NS, "FolderCreate");
        if (k != null) {
            req.addText(NS, "SyncKey", k);
        }
        if (parent != null) {
            req.addText(NS, "ParentId", parent);
        }
        if (name != null) {
            req.addText(NS, "DisplayName", name);
        }
        if (type != null) {
            req.addText(NS, "Type", type);
        }
        return TestRig.decode(rig.post("FolderCreate", phone.version, phone.id, phone.policyKey, req));
    }

    Element update(String k, String sid, String name, String parent) {
        Element req = new Element(NS, "FolderUpdate").addText(NS, "SyncKey", k).addText(NS, "ServerId", sid)
                .addText(NS, "ParentId", parent).addText(NS, "DisplayName", name);
        return TestRig.decode(rig.post("FolderUpdate", phone.version, phone.id, phone.policyKey, req));
    }

    Element delete(String k, String sid) {
        Element req = new Element(NS, "FolderDelete").addText(NS, "SyncKey", k).addText(NS, "ServerId", sid);
        return TestRig.decode(rig.post("FolderDelete", phone.version, phone.id, phone.policyKey, req));
    }

    @Test
    void createdFolderIsACollectionOtherDevicesSeeAndTheCreatorIsNotEchoed() throws Exception {
        Element r = create(key, "Work", "13", "0");
        assertEquals("1", r.childText(NS, "Status"));
        String sid = r.childText(NS, "ServerId");
        String newKey = r.childText(NS, "SyncKey");
        assertNotNull(sid);
        assertEquals(Integer.parseInt(key) + 1, Integer.parseInt(newKey));
        assertTrue(store.collections().stream().anyMatch(c -> c.displayName().equals("Work")
                && c.dataClass() == DataClass.CALENDAR));

        Element again = folderSync(phone, newKey);
        assertEquals("1", again.childText(NS, "Status"));
        assertEquals(Map.of(), changes(again), "the phone's own change is not echoed");

        Phone other = new Phone(rig, "PG", "14.1");
        Map<String, String> seen = changes(folderSync(other, "0"));
        assertTrue(seen.containsValue("Add:Work:13"), seen.toString());

        // items sync into the new folder
        phone.syncAll(sid);
        phone.add(sid, Phone.event("Standup", "20260105T090000Z", "20260105T093000Z"));
        phone.syncAll(sid);
        String collection = store.collections().stream().filter(c -> c.displayName().equals("Work")).findFirst()
                .orElseThrow().id();
        assertEquals(1, store.snapshot(collection).size());
    }

    @Test
    void changesMadeElsewhereStillReachThePhoneAfterItsOwnChange() throws Exception {
        store.collections.add(new CollectionInfo("77", "Shared", DataClass.CONTACTS, null, false));
        Element r = create(key, "Trips", "13", null);
        assertEquals("1", r.childText(NS, "Status"));
        Map<String, String> seen = changes(folderSync(phone, r.childText(NS, "SyncKey")));
        assertEquals(1, seen.size(), seen.toString());
        assertEquals("Add:Shared:14", seen.values().iterator().next());
    }

    @Test
    void renameAndDeleteAUserFolder() throws Exception {
        Element c = create(key, "Groceries", "15", "0");
        String sid = c.childText(NS, "ServerId");
        Phone other = new Phone(rig, "PH", "16.1");
        Element first = folderSync(other, "0");
        String otherKey = first.childText(NS, "SyncKey");
        Map<String, String> before = changes(first);
        String otherSid = before.entrySet().stream().filter(e -> e.getValue().equals("Add:Groceries:15")).findFirst()
                .orElseThrow().getKey();

        Element u = update(c.childText(NS, "SyncKey"), sid, "Shopping", "0");
        assertEquals("1", u.childText(NS, "Status"));
        assertTrue(store.collections().stream().anyMatch(x -> x.displayName().equals("Shopping")));
        assertEquals(Map.of(), changes(folderSync(phone, u.childText(NS, "SyncKey"))));

        Element d = delete(u.childText(NS, "SyncKey"), sid);
        assertEquals("1", d.childText(NS, "Status"));
        assertFalse(store.collections().stream().anyMatch(x -> x.displayName().equals("Shopping")));
        assertEquals(Map.of(), changes(folderSync(phone, d.childText(NS, "SyncKey"))));

        // the other device, still at its key, hears of the deletion
        Element o = folderSync(other, otherKey);
        assertEquals(Map.of(otherSid, "Delete"), changes(o));
    }

    @Test
    void statusesForRequestsHearthCannotDo() throws Exception {
        String cal = phone.folder("Calendar");
        assertEquals("9", create("99", "X", "13", "0").childText(NS, "Status"));
        assertEquals("9", create("0", "X", "13", "0").childText(NS, "Status"));
        assertEquals("10", create(null, "X", "13", "0").childText(NS, "Status"));
        assertEquals("10", create(key, null, "13", "0").childText(NS, "Status"));
        assertEquals("10", create(key, "X", "12", "0").childText(NS, "Status"));
        assertEquals("10", create(key, "X", "banana", "0").childText(NS, "Status"));
        assertEquals("2", create(key, "calendar", "13", "0").childText(NS, "Status"));
        assertEquals("5", create(key, "X", "13", "nope").childText(NS, "Status"));
        assertEquals("3", create(key, "X", "13", "inbox").childText(NS, "Status"));
        assertEquals("3", update(key, cal, "Renamed", "0").childText(NS, "Status"));
        assertEquals("3", update(key, "inbox", "Renamed", "0").childText(NS, "Status"));
        assertEquals("4", update(key, "c999", "Renamed", "0").childText(NS, "Status"));
        assertEquals("3", delete(key, cal).childText(NS, "Status"));
        assertEquals("3", delete(key, "deleted").childText(NS, "Status"));
        assertEquals("4", delete(key, "c999").childText(NS, "Status"));
        assertEquals("9", delete("7", cal).childText(NS, "Status"));

        Element c = create(key, "One", "17", "0");
        String k2 = c.childText(NS, "SyncKey");
        String k3 = create(k2, "Two", "17", "0").childText(NS, "SyncKey");
        assertEquals("9", update(k2, c.childText(NS, "ServerId"), "Three", "0").childText(NS, "Status"),
                "a used key is stale");

        // an empty or foreign body is malformed, never an exception
        assertEquals("10", TestRig.decode(rig.post("FolderCreate", "16.1", "PF", phone.policyKey, (Element) null))
                .childText(NS, "Status"));
        assertEquals("10", TestRig.decode(rig.post("FolderDelete", "16.1", "PF", phone.policyKey,
                new Element("AirSync", "Sync"))).childText(NS, "Status"));
        assertEquals("10", TestRig.decode(rig.post("FolderUpdate", "16.1", "PF", phone.policyKey,
                new Element(NS, "FolderUpdate").addText(NS, "SyncKey", k3))).childText(NS, "Status"));
    }

    @Test
    void nameClashesOnRename() throws Exception {
        Element a = create(key, "A", "14", "0");
        Element b = create(a.childText(NS, "SyncKey"), "B", "14", "0");
        assertEquals("2", update(b.childText(NS, "SyncKey"), b.childText(NS, "ServerId"), "a", "0").childText(NS, "Status"));
        assertEquals("1", update(b.childText(NS, "SyncKey"), b.childText(NS, "ServerId"), "B", "0").childText(NS, "Status"));
    }

    @Test
    void aStoreThatCannotEditCollectionsGetsStatus6AndTheKeyStays() throws Exception {
        store.editableCollections = false;
        assertEquals("6", create(key, "Work", "13", "0").childText(NS, "Status"));
        Element again = folderSync(phone, key);
        assertEquals("1", again.childText(NS, "Status"));
        assertEquals(Map.of(), changes(again));
        store.editableCollections = true;
        assertEquals("1", create(key, "Work", "13", "0").childText(NS, "Status"));
    }

    @Test
    void anUnavailableStoreAsksToRetryLater() throws Exception {
        store.available = false;
        var r = rig.post("FolderCreate", phone.version, phone.id, phone.policyKey,
                new Element(NS, "FolderCreate").addText(NS, "SyncKey", key).addText(NS, "ParentId", "0")
                        .addText(NS, "DisplayName", "X").addText(NS, "Type", "13"));
        assertEquals(503, r.status());
        store.available = true;
    }
}
