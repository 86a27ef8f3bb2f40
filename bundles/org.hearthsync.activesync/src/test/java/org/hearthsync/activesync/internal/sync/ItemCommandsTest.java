package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemCommandsTest {
    @TempDir
    Path folder;
    MemStore store = new MemStore();
    SyncRig rig;

    @BeforeEach
    void setUp() throws Exception {
        store.collections.add(new CollectionInfo("5", "Work contacts", DataClass.CONTACTS, null, false));
        rig = new SyncRig(folder, store);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void itemOperationsFetchesAnItemWithItsFields() throws Exception {
        store.put("1", "a.vcf", Phone.vcard("a", "Alice", "Boss"), WriteCondition.create());
        Phone p = new Phone(rig, "PI", "14.1");
        String f = p.folder("Contacts");
        p.syncAll(f);
        String sid = p.items(f).keySet().iterator().next();
        String ns = "ItemOperations";
        Element req = new Element(ns, "ItemOperations");
        req.add(ns, "Fetch").addText(ns, "Store", "Mailbox").addText("AirSync", "CollectionId", f)
                .addText("AirSync", "ServerId", sid);
        req.add(ns, "Fetch").addText(ns, "Store", "Mailbox").addText("AirSync", "CollectionId", f)
                .addText("AirSync", "ServerId", f + ":77");
        Element r = TestRig.decode(rig.post("ItemOperations", "14.1", "PI", p.policyKey, req));
        assertEquals("1", r.childText(ns, "Status"));
        var fetches = r.child(ns, "Response").get().children(ns, "Fetch");
        assertEquals("1", fetches.get(0).childText(ns, "Status"));
        assertEquals("Boss", fetches.get(0).child(ns, "Properties").get().childText("Contacts", "JobTitle"));
        assertEquals("6", fetches.get(1).childText(ns, "Status"));
    }

    /** Issue 14: a fetch of an attachment reference Hearth never gave out: 15, with the reference echoed. */
    @Test
    void anUnknownFileReferenceGetsStatus15WithTheReferenceEchoed() throws Exception {
        Phone p = new Phone(rig, "PF", "16.1");
        String ns = "ItemOperations";
        Element req = new Element(ns, "ItemOperations");
        req.add(ns, "Fetch").addText(ns, "Store", "Mailbox").addText("AirSyncBase", "FileReference", "sgw-f7ecd1f1")
                .add(ns, "Options").addText("RightsManagement", "RightsManagementSupport", "1");
        Element r = TestRig.decode(rig.post("ItemOperations", "16.1", "PF", p.policyKey, req));
        assertEquals("1", r.childText(ns, "Status"));
        Element fetch = r.child(ns, "Response").get().child(ns, "Fetch").orElseThrow();
        assertEquals("15", fetch.childText(ns, "Status"));
        assertEquals("sgw-f7ecd1f1", fetch.childText("AirSyncBase", "FileReference"));
    }

    @Test
    void moveItemsMovesBetweenFoldersOfAClassKeepingTheUidWithoutEchoes() throws Exception {
        store.put("1", "a.vcf", Phone.vcard("uid-a", "Alice", null), WriteCondition.create());
        Phone p = new Phone(rig, "PM", "16.1");
        String home = p.folder("Contacts");
        String work = null;
        // the second contacts folder: the one that is not the default
        for (String id : new String[] { "c1", "c2", "c3", "c4", "c5", "c6" }) {
            if (!id.equals(home) && rig.syncState != null
                    && org.hearthsync.activesync.internal.command.foldersync.FolderIds
                            .collectionOf(rig.devices.registry(), SyncRig.USER, "PM", id).orElse("").equals("5")) {
                work = id;
            }
        }
        p.syncAll(home);
        p.syncAll(work);
        String sid = p.items(home).keySet().iterator().next();
        String ns = "Move";
        Element req = new Element(ns, "MoveItems");
        req.add(ns, "Move").addText(ns, "SrcMsgId", sid).addText(ns, "SrcFldId", home).addText(ns, "DstFldId", work);
        req.add(ns, "Move").addText(ns, "SrcMsgId", sid).addText(ns, "SrcFldId", home).addText(ns, "DstFldId", "nope");
        Element r = TestRig.decode(rig.post("MoveItems", "16.1", "PM", p.policyKey, req));
        var responses = r.children(ns, "Response");
        assertEquals("3", responses.get(0).childText(ns, "Status"));
        String dst = responses.get(0).childText(ns, "DstMsgId");
        assertEquals("2", responses.get(1).childText(ns, "Status"));
        p.items(work).put(dst, p.items(home).remove(sid));
        assertTrue(store.snapshot("1").isEmpty());
        assertEquals(1, store.snapshot("5").size());
        assertTrue(store.snapshot("5").values().iterator().next().content().contains("UID:uid-a"));
        p.syncAll(home);
        p.syncAll(work);
        assertTrue(p.lastResponse.child("AirSync", "Collections").get().child("AirSync", "Collection").get()
                .child("AirSync", "Commands").isEmpty(), "the move is not echoed");
        assertEquals(0, p.items(home).size());
        assertEquals(1, p.items(work).size());
    }
}
