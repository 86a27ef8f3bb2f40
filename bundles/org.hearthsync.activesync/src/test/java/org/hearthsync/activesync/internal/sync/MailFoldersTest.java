package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the default mail folders FolderSync lists behave like empty folders at every version a
 * mail client uses (12.1, 14.1, 16.1): Sync with SyncKey 0 and then a window answer Status 1,
 * GetItemEstimate 1 with 0, a Ping including them parks and wakes on a contact change, a Mailbox
 * Search succeeds; client writes into them are refused with their command's status, never with a
 * "folder hierarchy changed" status (Sync 12, Ping 7), which makes a mail client loop on FolderSync.
 */
class MailFoldersTest {
    static final String AS = "AirSync";
    static final String FH = "FolderHierarchy";
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

    /** The folders FolderSync lists, ServerId to Type. */
    private Map<String, String> hierarchy(Phone p) {
        Element r = TestRig.decode(rig.post("FolderSync", p.version, p.id, p.policyKey(),
                new Element(FH, "FolderSync").addText(FH, "SyncKey", "0")));
        Map<String, String> out = new LinkedHashMap<>();
        for (Element add : r.child(FH, "Changes").orElseThrow().children(FH, "Add")) {
            out.put(add.childText(FH, "ServerId"), add.childText(FH, "Type"));
        }
        return out;
    }

    private static List<String> mailFolders(Map<String, String> h) {
        List<String> out = new ArrayList<>();
        h.forEach((id, type) -> {
            if (List.of("1", "2", "3", "4", "5", "6", "12").contains(type)) {
                out.add(id);
            }
        });
        return out;
    }

    private String estimate(Phone p, String f) {
        Element req = new Element(GIE, "GetItemEstimate");
        Element c = req.add(GIE, "Collections").add(GIE, "Collection");
        c.addText(AS, "SyncKey", p.key(f)).addText(GIE, "CollectionId", f);
        if (!p.version.startsWith("12")) {
            c.add(AS, "Options").addText(AS, "FilterType", "3");
        }
        Element r = TestRig.decode(rig.post("GetItemEstimate", p.version, p.id, p.policyKey(), req));
        Element resp = r.child(GIE, "Response").orElseThrow();
        String status = resp.childText(GIE, "Status");
        return "1".equals(status) ? "1:" + resp.child(GIE, "Collection").get().childText(GIE, "Estimate") : status;
    }

    private CompletableFuture<RawResponse> ping(Phone p, List<String> folders) {
        Element ping = new Element("Ping", "Ping").addText("Ping", "HeartbeatInterval", "300");
        Element fs = ping.add("Ping", "Folders");
        for (String f : folders) {
            fs.add("Ping", "Folder").addText("Ping", "Id", f).addText("Ping", "Class",
                    f.equals(p.folder("Contacts")) ? "Contacts" : "Email");
        }
        return rig.postAsync("Ping", p.version, p.id, p.policyKey(), TestRig.encode(ping)).toCompletableFuture();
    }

    @ParameterizedTest
    @ValueSource(strings = { "12.1", "14.1", "16.1" })
    void everyListedFolderSyncsEstimatesPingsAndSearches(String version) throws Exception {
        Phone p = new Phone(rig, "MF" + version.replace(".", ""), version);
        Map<String, String> listed = hierarchy(p);
        List<String> mail = mailFolders(listed);
        assertEquals(5, mail.size(), "Inbox, Drafts, Deleted Items, Sent Items, Outbox");
        assertEquals(9, listed.size(), "and Contacts, Calendar, Tasks, Notes: " + listed);
        for (String f : listed.keySet()) { // every folder FolderSync lists, mail or not
            assertFalse(p.sync(f));
            assertEquals(1, (int) p.statuses.getOrDefault(1, 0), f + ": SyncKey 0 answers Status 1 " + p.statuses);
            assertNotEquals("0", p.key(f), f + ": a SyncKey");
            p.statuses.clear();
            String key = p.key(f);
            assertFalse(p.sync(f), f + ": nothing more");
            assertEquals(Map.of(1, 1), p.statuses, f + ": the window answers Status 1");
            assertTrue(p.items(f).isEmpty());
            assertEquals(key, p.key(f), "nothing changed: the same key");
            p.statuses.clear();
            assertEquals("1:0", estimate(p, f), f + ": GetItemEstimate");
        }
        // a Ping on the mail folders and Contacts parks, and wakes on a contact change
        String contacts = p.folder("Contacts");
        List<String> watched = new ArrayList<>(mail);
        watched.add(contacts);
        CompletableFuture<RawResponse> parked = ping(p, watched);
        Thread.sleep(100);
        assertFalse(parked.isDone(), "parked: " + (parked.isDone() ? TestRig.decode(parked.join()) : ""));
        Phone other = new Phone(rig, "MO" + version.replace(".", ""), "16.1");
        other.syncAll(contacts);
        other.add(contacts, Phone.contact("Woken", null));
        other.syncAll(contacts);
        Element woke = TestRig.decode(parked.get(5, TimeUnit.SECONDS));
        assertEquals("2", woke.childText("Ping", "Status"));
        assertEquals(contacts, woke.child("Ping", "Folders").orElseThrow().childText("Ping", "Folder"));
        // a Ping on the mail folders alone parks too (it ends at its heartbeat, status 1)
        CompletableFuture<RawResponse> mailOnly = ping(p, mail);
        Thread.sleep(100);
        assertFalse(mailOnly.isDone(), "a Ping on mail folders alone parks");
        rig.hub.close();
        assertEquals("1", TestRig.decode(mailOnly.get(5, TimeUnit.SECONDS)).childText("Ping", "Status"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "12.1", "14.1", "16.1" })
    void writesIntoMailFoldersAreRefusedWithTheirCommandsStatuses(String version) throws Exception {
        Phone p = new Phone(rig, "MW" + version.replace(".", ""), version);
        String inbox = "inbox";
        assertTrue(mailFolders(hierarchy(p)).contains(inbox));
        p.sync(inbox);
        Element mail = new Element(AS, "ApplicationData").addText("Email", "Subject", "hello")
                .addText("Email", "To", "a@example.org");
        p.add(inbox, mail);
        p.delete(inbox, "m1");
        p.statuses.clear();
        p.sync(inbox);
        assertEquals(1, (int) p.statuses.getOrDefault(1, 0), "the collection answers 1: " + p.statuses);
        assertEquals(1, (int) p.statuses.getOrDefault(Phone.ITEM + 6, 0), "the Add: 6, not stored " + p.lastResponse);
        assertFalse(p.statuses.containsKey(12), "never 'hierarchy changed'");
        assertTrue(p.items(inbox).isEmpty());
        assertEquals(0, stored(), "nothing stored");
        p.statuses.clear();
        p.sync(inbox);
        assertEquals(Map.of(1, 1), p.statuses, "the next window is empty again");

        // MoveItems into and out of mail folders
        String contacts = p.folder("Contacts");
        p.syncAll(contacts);
        p.add(contacts, Phone.contact("Movable", null));
        p.syncAll(contacts);
        assertEquals(1, p.items(contacts).size(), p.statuses + " " + p.lastResponse);
        String sid = p.items(contacts).keySet().iterator().next();
        assertEquals("2", move(p, sid, contacts, inbox), "into a mail folder: invalid destination");
        assertEquals("1", move(p, "m1", inbox, "deleted"), "out of a mail folder: invalid source");
        assertEquals(1, stored(), "the contact stays");

        // SendMail, SmartReply, SmartForward
        for (String cmd : List.of("SendMail", "SmartReply", "SmartForward")) {
            Element send = new Element("ComposeMail", cmd).addText("ComposeMail", "ClientId", "1");
            RawResponse r = rig.post(cmd, version, p.id, p.policyKey(), version.startsWith("12") ? null : TestRig.encode(send));
            if (version.startsWith("12")) {
                assertEquals(501, r.status(), cmd + " before 14.0: HTTP status only");
            } else {
                assertEquals("137", TestRig.decode(r).childText("ComposeMail", "Status"), cmd + ": command not supported");
            }
        }

        // Search of the Mailbox: success, no results
        Element search = new Element("Search", "Search");
        Element st = search.add("Search", "Store").addText("Search", "Name", "Mailbox");
        st.add("Search", "Query").add("Search", "And").addText(AS, "CollectionId", inbox).addText(AS, "Class", "Email")
                .addText("Search", "FreeText", "hello");
        st.add("Search", "Options").addText("Search", "Range", "0-24");
        Element found = TestRig.decode(rig.post("Search", version, p.id, p.policyKey(), search));
        assertEquals("1", found.childText("Search", "Status"));
        Element storeResp = found.child("Search", "Response").orElseThrow().child("Search", "Store").orElseThrow();
        assertEquals("1", storeResp.childText("Search", "Status"));
        assertEquals("0", storeResp.childText("Search", "Total"));
        assertNotNull(storeResp.child("Search", "Result").orElse(null));
    }

    private int stored() throws Exception {
        int n = 0;
        for (var c : store.collections()) {
            n += store.list(c.id()).size();
        }
        return n;
    }

    private String move(Phone p, String sid, String from, String to) {
        String ns = "Move";
        Element req = new Element(ns, "MoveItems");
        req.add(ns, "Move").addText(ns, "SrcMsgId", sid).addText(ns, "SrcFldId", from).addText(ns, "DstFldId", to);
        Element r = TestRig.decode(rig.post("MoveItems", p.version, p.id, p.policyKey(), req));
        return r.child(ns, "Response").orElseThrow().childText(ns, "Status");
    }
}
