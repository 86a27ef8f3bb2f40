package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 9: what a phone sends is checked before it is stored. Each case failed on main
 * (stored with status 1, dropped, or answered 5) and gets its MS-ASCMD status now: 6 for an item
 * that cannot be stored as sent (a phone shows it failed and does not retry), 4 for a repeated
 * ClientId, and never an empty item in the store.
 */
class ItemValidationTest {
    static final String AS = "AirSync";
    @TempDir
    Path folder;
    MemStore store = new MemStore();
    SyncRig rig;
    Phone p;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SyncRig(folder, store);
        p = new Phone(rig, "IV", "16.1");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /** Sends the Adds in one Sync of the folder; returns the Add responses' statuses in order. */
    private List<String> addAll(String cls, Element... data) {
        String f = p.folder(cls);
        if (p.key(f).equals("0")) {
            p.syncAll(f);
        }
        for (Element d : data) {
            p.add(f, d);
        }
        p.sync(f);
        return addStatuses(f);
    }

    private List<String> addStatuses(String f) {
        List<String> out = new ArrayList<>();
        Element coll = p.lastResponse.child(AS, "Collections").orElseThrow().children(AS, "Collection").stream()
                .filter(c -> f.equals(c.childText(AS, "CollectionId"))).findFirst().orElseThrow();
        assertEquals("1", coll.childText(AS, "Status"), "the collection itself succeeds: " + p.lastResponse);
        coll.child(AS, "Responses").ifPresent(rs -> rs.children(AS, "Add").forEach(a -> out.add(a.childText(AS, "Status"))));
        return out;
    }

    private int stored(String collection) throws Exception {
        return store.list(collection).size();
    }

    @Test
    void controlCharactersAreRefusedNotWrittenIntoTheCard() throws Exception {
        assertEquals(List.of("6", "1"), addAll("Contacts", Phone.contact("Bell\u0007Ringer", null),
                Phone.contact("Tab\tand\r\nnewlines are text", null)));
        assertEquals(1, stored("1"), "only the valid card");
        String card = store.list("1").stream().map(r -> {
            try {
                return store.get("1", r.name()).orElseThrow().content();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow();
        assertFalse(card.chars().anyMatch(ch -> ch < 0x20 && ch != '\r' && ch != '\n' && ch != '\t'), card);
    }

    @Test
    void anEventEndingBeforeItStartsIsRefused() throws Exception {
        assertEquals(List.of("6", "1", "1"), addAll("Calendar",
                Phone.event("backwards", "20261204T120000Z", "20261204T110000Z"),
                Phone.event("forwards", "20261204T110000Z", "20261204T120000Z"),
                Phone.event("instant", "20261204T110000Z", "20261204T110000Z")));
        assertEquals(2, stored("2"));
    }

    @Test
    void anAddWithoutFieldsOfItsClassIsRefusedNeverStoredEmpty() throws Exception {
        Element empty = new Element(AS, "ApplicationData");
        Element mail = new Element(AS, "ApplicationData").addText("Email", "Subject", "not a contact")
                .addText("Email", "To", "a@example.org");
        Element event = Phone.event("an event", "20261204T110000Z", "20261204T120000Z");
        assertEquals(List.of("6", "6", "6", "1"), addAll("Contacts", empty, mail, event, Phone.contact("Real", null)));
        assertEquals(1, stored("1"));
        // a note with only a body is a note
        Element bodyOnly = new Element(AS, "ApplicationData");
        bodyOnly.add("AirSyncBase", "Body").addText("AirSyncBase", "Type", "1").addText("AirSyncBase", "Data", "text");
        assertEquals(List.of("1"), addAll("Notes", bodyOnly));
    }

    @Test
    void aRepeatedClientIdInOneRequestIsAnsweredNotDropped() throws Exception {
        String f = p.folder("Contacts");
        p.syncAll(f);
        Element sync = p.request(f);
        Element commands = sync.child(AS, "Collections").orElseThrow().child(AS, "Collection").orElseThrow().add(AS,
                "Commands");
        Element first = new Element(AS, "Add").addText(AS, "ClientId", "same");
        first.add(Phone.contact("First", null));
        commands.add(first);
        Element second = new Element(AS, "Add").addText(AS, "ClientId", "same");
        second.add(Phone.contact("Second", null));
        commands.add(second);
        p.apply(f, p.send(sync));
        assertEquals(List.of("1", "4"), addStatuses(f), "every Add answered; the repeat refused as a protocol error");
        assertEquals(1, stored("1"));
    }

    @Test
    void anItemTooLargeForTheStoreGets6Not5() throws Exception {
        store.maxChars = 2000;
        Element big = Phone.contact("Big", "x".repeat(5000));
        assertEquals(List.of("6", "1"), addAll("Contacts", big, Phone.contact("Small", null)));
        assertEquals(1, stored("1"));
        String f = p.folder("Contacts");
        String sid = p.items(f).keySet().iterator().next();
        p.change(f, sid, Phone.contact("Small", "y".repeat(5000)));
        p.sync(f);
        Element coll = p.lastResponse.child(AS, "Collections").orElseThrow().child(AS, "Collection").orElseThrow();
        assertEquals("6", coll.child(AS, "Responses").orElseThrow().child(AS, "Change").orElseThrow()
                .childText(AS, "Status"), "a too-large Change: 6 too");
    }

    @Test
    void easDateTimesCompareAsInstants() {
        assertTrue(ItemValidation.instant("20261204T110000Z") < ItemValidation.instant("2026-12-04T12:00:00.000Z"));
        assertNull(ItemValidation.instant("garbage"));
        assertNull(ItemValidation.instant(null));
    }
}
