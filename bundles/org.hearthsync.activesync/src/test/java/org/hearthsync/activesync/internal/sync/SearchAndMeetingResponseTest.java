package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search of the GAL (the account's contacts) and MeetingResponse on stored events. */
class SearchAndMeetingResponseTest {
    static final String S = "Search";
    static final String GAL = "GAL";
    static final String M = "MeetingResponse";
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

    static String card(String uid, String first, String last, String email, String mobile, String org) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + first + " " + last + "\r\nN:" + last + ";" + first
                + ";;;\r\n" + (email == null ? "" : "EMAIL;TYPE=INTERNET:" + email + "\r\n")
                + (mobile == null ? "" : "TEL;TYPE=CELL:" + mobile + "\r\n") + (org == null ? "" : "ORG:" + org + "\r\n")
                + "END:VCARD\r\n";
    }

    Element search(Phone p, String storeName, String query, String range) {
        Element req = new Element(S, "Search");
        Element st = req.add(S, "Store");
        if (storeName != null) {
            st.addText(S, "Name", storeName);
        }
        if (query != null) {
            st.addText(S, "Query", query);
        }
        if (range != null) {
            st.add(S, "Options").addText(S, "Range", range);
        }
        return TestRig.decode(rig.post("Search", p.version, p.id, p.policyKey, req));
    }

    static Element storeOf(Element r) {
        return r.child(S, "Response").orElseThrow().child(S, "Store").orElseThrow();
    }

    @Test
    void galSearchFindsTheAccountsContacts() throws Exception {
        store.put("1", "a.vcf", card("a", "Alice", "Archer", "alice@example.org", "+4917012345", "Acme"), WriteCondition.create());
        store.put("1", "b.vcf", card("b", "Bob", "Baker", "bob@alison.example", null, null), WriteCondition.create());
        store.put("1", "c.vcf", card("c", "Carol", "Cook", "carol@example.org", null, null), WriteCondition.create());
        Phone p = new Phone(rig, "PS", "14.1");

        Element r = search(p, "GAL", "ali", "0-49");
        assertEquals("1", r.childText(S, "Status"));
        Element st = storeOf(r);
        assertEquals("1", st.childText(S, "Status"));
        assertEquals("0-1", st.childText(S, "Range"));
        assertEquals("2", st.childText(S, "Total"));
        List<Element> results = st.children(S, "Result");
        Element alice = results.get(0).child(S, "Properties").orElseThrow();
        assertEquals("Alice Archer", alice.childText(GAL, "DisplayName"));
        assertEquals("Alice", alice.childText(GAL, "FirstName"));
        assertEquals("Archer", alice.childText(GAL, "LastName"));
        assertEquals("alice@example.org", alice.childText(GAL, "EmailAddress"));
        assertEquals("+4917012345", alice.childText(GAL, "MobilePhone"));
        assertEquals("Acme", alice.childText(GAL, "Company"));
        assertEquals("Bob Baker", results.get(1).child(S, "Properties").orElseThrow().childText(GAL, "DisplayName"));

        Element one = storeOf(search(p, "gal", "ALI", "0-0"));
        assertEquals("0-0", one.childText(S, "Range"));
        assertEquals("2", one.childText(S, "Total"));
        assertEquals(1, one.children(S, "Result").size());

        Element none = storeOf(search(p, "GAL", "zebra", null));
        assertEquals("1", none.childText(S, "Status"));
        assertEquals("0", none.childText(S, "Total"));
        assertNull(none.childText(S, "Range"));
    }

    @Test
    void otherStoresAndBadRequestsGetStatusesNotErrors() throws Exception {
        Phone p = new Phone(rig, "PT", "16.1");
        Element mailbox = search(p, "Mailbox", "x", null);
        assertEquals("1", mailbox.childText(S, "Status"));
        assertEquals("1", storeOf(mailbox).childText(S, "Status"), "the mail folders are empty: no results (issue 14)");
        assertEquals("0", storeOf(mailbox).childText(S, "Total"));
        assertEquals("2", storeOf(search(p, "DocumentLibrary", "x", null)).childText(S, "Status"));
        assertEquals("2", storeOf(search(p, "GAL", null, null)).childText(S, "Status"));
        assertEquals("2", storeOf(search(p, "GAL", "x", "9-1")).childText(S, "Status"));
        assertEquals("2", storeOf(search(p, "GAL", "x", "a-b")).childText(S, "Status"));
        assertEquals("2", TestRig.decode(rig.post("Search", p.version, p.id, p.policyKey, new Element(S, "Search")))
                .childText(S, "Status"));
        assertEquals("2", TestRig.decode(rig.post("Search", p.version, p.id, p.policyKey, (Element) null))
                .childText(S, "Status"));
        store.available = false;
        assertEquals("3", storeOf(search(p, "GAL", "x", null)).childText(S, "Status"));
        store.available = true;
    }

    static String meeting(String uid, String organizer, String... attendees) {
        StringBuilder sb = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:")
                .append(uid).append("\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260110T100000Z\r\nDTEND:20260110T110000Z\r\n")
                .append("SUMMARY:Planning\r\n");
        if (organizer != null) {
            sb.append("ORGANIZER;CN=Boss:mailto:").append(organizer).append("\r\n");
        }
        for (String a : attendees) {
            sb.append(a).append("\r\n");
        }
        return sb.append("BEGIN:VALARM\r\nACTION:EMAIL\r\nATTENDEE:mailto:").append(TestRig.EMAIL)
                .append("\r\nTRIGGER:-PT15M\r\nSUMMARY:x\r\nDESCRIPTION:x\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").toString();
    }

    Element respond(Phone p, String folderId, String sid, String response, String instance) {
        Element req = new Element(M, "MeetingResponse");
        Element r = req.add(M, "Request");
        if (response != null) {
            r.addText(M, "UserResponse", response);
        }
        if (folderId != null) {
            r.addText(M, "CollectionId", folderId);
        }
        if (sid != null) {
            r.addText(M, "RequestId", sid);
        }
        if (instance != null) {
            r.addText(M, "InstanceId", instance);
        }
        return TestRig.decode(rig.post("MeetingResponse", p.version, p.id, p.policyKey, req))
                .child(M, "Result").orElseThrow();
    }

    String sidOf(Phone p, String f, String subject) {
        return p.items(f).entrySet().stream().filter(e -> subject.equals(e.getValue().childText("Calendar", "Subject")))
                .findFirst().orElseThrow().getKey();
    }

    @Test
    void meetingResponseSetsTheUsersParticipationStatus() throws Exception {
        store.put("2", "m.ics", meeting("m1", "boss@example.org",
                "ATTENDEE;CN=Tester;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:" + TestRig.EMAIL.toUpperCase(),
                "ATTENDEE;CN=Other;PARTSTAT=ACCEPTED:mailto:other@example.org"), WriteCondition.create());
        Phone p = new Phone(rig, "PM", "16.1");
        String cal = p.folder("Calendar");
        p.syncAll(cal);
        String sid = p.items(cal).keySet().iterator().next();

        Element r = respond(p, cal, sid, "1", null);
        assertEquals("1", r.childText(M, "Status"));
        assertEquals(sid, r.childText(M, "RequestId"));
        assertEquals(sid, r.childText(M, "CalendarId"));
        String stored = store.snapshot("2").get("m.ics").content();
        assertTrue(stored.contains("ATTENDEE;CN=Tester;RSVP=TRUE;PARTSTAT=ACCEPTED:mailto:"), stored);
        assertTrue(stored.contains("ATTENDEE;CN=Other;PARTSTAT=ACCEPTED:mailto:other@example.org"), stored);
        assertTrue(stored.contains("ACTION:EMAIL\r\nATTENDEE:mailto:" + TestRig.EMAIL + "\r\n"), "alarms untouched");

        Element declined = respond(p, cal, sid, "3", null);
        assertEquals("1", declined.childText(M, "Status"));
        assertNull(declined.childText(M, "CalendarId"));
        assertTrue(store.snapshot("2").get("m.ics").content().contains("PARTSTAT=DECLINED:mailto:"));

        // the phone then gets the event with the user's status
        p.syncAll(cal);
        assertEquals(1, p.items(cal).size());
    }

    @Test
    void anAttendeeNotListedIsAddedAndOneOccurrenceAnswersTheSeries() throws Exception {
        store.put("2", "m.ics", meeting("m2", "boss@example.org", "ATTENDEE:mailto:other@example.org"), WriteCondition.create());
        Phone p = new Phone(rig, "PN", "16.0");
        String cal = p.folder("Calendar");
        p.syncAll(cal);
        String sid = p.items(cal).keySet().iterator().next();
        assertEquals("1", respond(p, cal, sid, "2", "2026-01-10T10:00:00.000Z").childText(M, "Status"));
        assertTrue(store.snapshot("2").get("m.ics").content().contains("ATTENDEE;PARTSTAT=TENTATIVE:mailto:" + TestRig.EMAIL));
    }

    @Test
    void meetingResponseStatuses() throws Exception {
        store.put("2", "own.ics", meeting("o", TestRig.EMAIL, "ATTENDEE:mailto:other@example.org"), WriteCondition.create());
        store.put("2", "appt.ics", meeting("a", null).replace("SUMMARY:Planning", "SUMMARY:Dentist"), WriteCondition.create());
        store.put("1", "c.vcf", card("c", "Carol", "Cook", null, null, null), WriteCondition.create());
        Phone p = new Phone(rig, "PO", "14.0");
        String cal = p.folder("Calendar");
        String contacts = p.folder("Contacts");
        p.syncAll(cal);
        p.syncAll(contacts);
        String own = sidOf(p, cal, "Planning");
        String appt = sidOf(p, cal, "Dentist");
        String before = store.snapshot("2").get("own.ics").etag();
        assertEquals("2", respond(p, cal, own, "1", null).childText(M, "Status"), "the user organizes it");
        assertEquals("2", respond(p, cal, appt, "1", null).childText(M, "Status"), "not a meeting");
        assertEquals("2", respond(p, cal, cal + ":999", "1", null).childText(M, "Status"), "unknown item");
        assertEquals("2", respond(p, "nope", own, "1", null).childText(M, "Status"), "unknown folder");
        assertEquals("2", respond(p, "inbox", own, "1", null).childText(M, "Status"), "mail folder");
        assertEquals("2", respond(p, contacts, p.items(contacts).keySet().iterator().next(), "1", null)
                .childText(M, "Status"), "not a calendar");
        assertEquals("2", respond(p, cal, own, "7", null).childText(M, "Status"));
        assertEquals("2", respond(p, cal, own, null, null).childText(M, "Status"));
        assertEquals("2", respond(p, cal, appt, "1", "2026-01-10T10:00:00.000Z").childText(M, "Status"),
                "no InstanceId before 14.1");
        assertEquals(before, store.snapshot("2").get("own.ics").etag(), "nothing written");
        Element bad = TestRig.decode(rig.post("MeetingResponse", p.version, p.id, p.policyKey, (Element) null));
        assertEquals("2", bad.child(M, "Result").orElseThrow().childText(M, "Status"));
        store.available = false;
        assertEquals("3", respond(p, cal, own, "1", null).childText(M, "Status"));
        store.available = true;
        assertFalse(store.snapshot("2").get("own.ics").content().contains("PARTSTAT"));
    }
}
