package org.hearthsync.activesync.internal.command.foldersync;

import static org.hearthsync.activesync.internal.TestRig.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSyncHandlerTest {
    private static final String NS = "FolderHierarchy";
    @TempDir
    Path folder;
    private TestRig rig;
    private String key;

    @BeforeEach
    void setUp() throws Exception {
        rig = new TestRig(folder);
        key = rig.provision("14.1", "F1");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private Element sync(String syncKey) {
        RawResponse r = rig.post("FolderSync", "14.1", "F1", key, new Element(NS, "FolderSync").addText(NS, "SyncKey", syncKey));
        assertEquals(200, r.status());
        return decode(r);
    }

    private static Map<String, Element> byServerId(List<Element> es) {
        Map<String, Element> m = new LinkedHashMap<>();
        es.forEach(e -> m.put(e.childText(NS, "ServerId"), e));
        return m;
    }

    private static Element changes(Element r) {
        return r.child(NS, "Changes").orElseThrow();
    }

    @Test
    void theInitialSyncListsMailFoldersAndEveryCollectionWithDefaultTypes() {
        Element r = sync("0");
        assertEquals("1", r.childText(NS, "Status"));
        assertEquals("1", r.childText(NS, "SyncKey"));
        List<Element> adds = changes(r).children(NS, "Add");
        assertEquals("9", changes(r).childText(NS, "Count"));
        Map<String, String> typeByName = new LinkedHashMap<>();
        adds.forEach(a -> typeByName.put(a.childText(NS, "DisplayName"), a.childText(NS, "Type")));
        assertEquals(Map.of("Inbox", "2", "Drafts", "3", "Deleted Items", "4", "Sent Items", "5", "Outbox", "6",
                "Contacts", "9", "Calendar", "8", "Tasks", "7", "Notes", "10"), typeByName);
    }

    @Test
    void hierarchyChangesComeAsAddUpdateAndDelete() {
        Element first = sync("0");
        String contactsId = byServerId(changes(first).children(NS, "Add")).entrySet().stream()
                .filter(e -> "Contacts".equals(e.getValue().childText(NS, "DisplayName"))).findFirst().orElseThrow().getKey();
        String notesId = byServerId(changes(first).children(NS, "Add")).entrySet().stream()
                .filter(e -> "Notes".equals(e.getValue().childText(NS, "DisplayName"))).findFirst().orElseThrow().getKey();

        Element none = sync("1");
        assertEquals("1", none.childText(NS, "SyncKey"), "no change keeps the key");
        assertEquals("0", changes(none).childText(NS, "Count"));

        rig.store.collections.set(0, new CollectionInfo("1", "Family", DataClass.CONTACTS, null, true));
        rig.store.collections.remove(3);
        rig.store.collections.add(new CollectionInfo("9", "Work", DataClass.CALENDAR, null, false));
        Element diff = sync("1");
        assertEquals("2", diff.childText(NS, "SyncKey"));
        assertEquals("3", changes(diff).childText(NS, "Count"));
        Element update = changes(diff).child(NS, "Update").orElseThrow();
        assertEquals(contactsId, update.childText(NS, "ServerId"), "a rename keeps the ServerId");
        assertEquals("Family", update.childText(NS, "DisplayName"));
        assertEquals(notesId, changes(diff).child(NS, "Delete").orElseThrow().childText(NS, "ServerId"));
        Element add = changes(diff).child(NS, "Add").orElseThrow();
        assertEquals("Work", add.childText(NS, "DisplayName"));
        assertEquals("13", add.childText(NS, "Type"), "a second calendar is a user calendar");
    }

    @Test
    void aPhoneThatLostTheResponseRepeatsItsKeyAndStillGetsTheChanges() {
        sync("0");
        rig.store.collections.add(new CollectionInfo("7", "Shopping", DataClass.TASKS, null, false));
        Element lost = sync("1");
        assertEquals("2", lost.childText(NS, "SyncKey"));
        Element retry = sync("1");
        assertEquals("1", changes(retry).childText(NS, "Count"));
        assertEquals("Shopping", changes(retry).child(NS, "Add").orElseThrow().childText(NS, "DisplayName"));
        String newKey = retry.childText(NS, "SyncKey");
        assertEquals("0", changes(sync(newKey)).childText(NS, "Count"));
    }

    @Test
    void serverIdsSurviveAResetAndUnknownKeysAreStatusNine() {
        Map<String, Element> before = byServerId(changes(sync("0")).children(NS, "Add"));
        assertEquals("9", sync("77").childText(NS, "Status"));
        Map<String, Element> after = byServerId(changes(sync("0")).children(NS, "Add"));
        assertEquals(before.keySet(), after.keySet());
    }

    @Test
    void aMissingOrUnavailableStoreIsRetryableAndKeepsTheSyncKey() {
        sync("0");
        rig.store.available = false;
        RawResponse r = rig.post("FolderSync", "14.1", "F1", key, new Element(NS, "FolderSync").addText(NS, "SyncKey", "1"));
        assertEquals(503, r.status());
        assertNotNull(r.header("Retry-After"));
        rig.stores.remove("default");
        assertEquals(503, rig.post("FolderSync", "14.1", "F1", key,
                new Element(NS, "FolderSync").addText(NS, "SyncKey", "1")).status());
        rig.store.available = true;
        rig.stores.put("default", rig.store);
        Element back = sync("1");
        assertEquals("1", back.childText(NS, "Status"), "the key still works");
        assertEquals("0", changes(back).childText(NS, "Count"));
    }

    @Test
    void onlyTheAccountsCollectionsAreShownAndTheFirstOfAClassIsItsDefault() {
        rig.accounts.put(TestRig.USER, new Account(TestRig.USER, TestRig.EMAIL, "default", List.of("2", "9")));
        rig.store.collections.clear();
        rig.store.collections.add(new CollectionInfo("2", "Home", DataClass.CALENDAR, null, false));
        rig.store.collections.add(new CollectionInfo("9", "Work", DataClass.CALENDAR, null, false));
        rig.store.collections.add(new CollectionInfo("5", "Hidden", DataClass.CONTACTS, null, true));
        List<Element> adds = changes(sync("0")).children(NS, "Add");
        assertEquals(7, adds.size());
        assertTrue(adds.stream().anyMatch(a -> "Home".equals(a.childText(NS, "DisplayName")) && "8".equals(a.childText(NS, "Type"))));
        assertTrue(adds.stream().anyMatch(a -> "Work".equals(a.childText(NS, "DisplayName")) && "13".equals(a.childText(NS, "Type"))));
    }

    @Test
    void aRequestWithoutSyncKeyIsStatusTen() {
        RawResponse r = rig.post("FolderSync", "14.1", "F1", key, new Element(NS, "FolderSync"));
        assertEquals("10", decode(r).childText(NS, "Status"));
    }

    @Test
    void stateEncodingRoundTrips() {
        FolderSyncState s = new FolderSyncState();
        s.serverIdOf("vdir-1", "a b/ü");
        s.sent(3, List.of(new Folder("c1", "0", "Name with spaces & ünïcode", 14), new Folder("inbox", "0", "", 2)), null);
        FolderSyncState back = FolderSyncState.decode(s.encode());
        assertEquals(s.serverIds, back.serverIds);
        assertEquals(s.snapshots, back.snapshots);
        assertEquals(3, back.lastKey);
        assertEquals(2, back.nextId);
    }
}
