package org.hearthsync.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.store.embedded.internal.MvPimStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DAV engine over the real embedded store, request by request as clients send them. */
class EngineTest {
    @TempDir
    Path tmp;
    private MvPimStore store;
    private Space space;
    private final Engine engine = new Engine();
    private String cal;
    private String book;

    @BeforeEach
    void open() throws Exception {
        store = MvPimStore.openHandle(tmp.resolve("store.mv.db"));
        space = new Space(new Account("ann", "ann@home.test", "embedded", List.of()), "embedded", store,
                new Aliases(tmp.resolve("aliases.properties")));
        for (CollectionInfo c : store.collections()) {
            if (c.dataClass() == DataClass.CALENDAR) {
                cal = space.href(c);
            } else if (c.dataClass() == DataClass.CONTACTS) {
                book = space.href(c);
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    private DavResponse send(String method, String path, String body, String... headers) {
        Map<String, String> h = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i].toLowerCase(java.util.Locale.ROOT), headers[i + 1]);
        }
        return engine.handle(new DavRequest(method, path, h, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)),
                space);
    }

    private static String text(DavResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static String event(String uid, String start, String rrule) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\n"
                + "DTSTART:" + start + "\r\nDURATION:PT1H\r\nSUMMARY:" + uid + "\r\n" + (rrule == null ? "" : "RRULE:" + rrule + "\r\n")
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    @Test
    void discoveryLeadsFromTheRootToTheHomeAndItsCollections() {
        DavResponse root = send("PROPFIND", "/dav/", "<d:propfind xmlns:d='DAV:'><d:prop><d:current-user-principal/></d:prop></d:propfind>",
                "Depth", "0");
        assertEquals(207, root.status());
        assertTrue(text(root).contains("<d:href>/dav/principals/ann/</d:href>"), text(root));
        DavResponse principal = send("PROPFIND", "/dav/principals/ann/", "<d:propfind xmlns:d='DAV:' "
                + "xmlns:c='urn:ietf:params:xml:ns:caldav' xmlns:r='urn:ietf:params:xml:ns:carddav'><d:prop><c:calendar-home-set/>"
                + "<r:addressbook-home-set/><x:unknown xmlns:x='urn:x'/></d:prop></d:propfind>", "Depth", "0");
        String p = text(principal);
        assertTrue(p.contains("<c:calendar-home-set><d:href>/dav/home/ann/</d:href>"), p);
        assertTrue(p.contains("<card:addressbook-home-set><d:href>/dav/home/ann/</d:href>"), p);
        assertTrue(p.contains("<x:unknown xmlns:x=\"urn:x\"/></d:prop><d:status>HTTP/1.1 404 Not Found"), p);
        DavResponse home = send("PROPFIND", "/dav/home/ann/", "<d:propfind xmlns:d='DAV:'><d:prop><d:resourcetype/><d:displayname/>"
                + "</d:prop></d:propfind>", "Depth", "1");
        String h = text(home);
        assertTrue(h.contains("<c:calendar/>") && h.contains("<card:addressbook/>"), h);
        assertEquals(403, send("PROPFIND", "/dav/home/ann/", null).status(), "Depth: infinity is refused");
        assertEquals(403, send("PROPFIND", "/dav/home/bob/", null, "Depth", "0").status(), "another account's home");
    }

    @Test
    void putHonoursPreconditionsAndNeverOverwritesAStaleVersion() {
        DavResponse created = send("PUT", cal + "e1.ics", event("e1", "20260301T100000Z", null), "If-None-Match", "*");
        assertEquals(201, created.status());
        String etag = created.headers().get("ETag");
        assertNotNull(etag);
        assertEquals(412, send("PUT", cal + "e1.ics", event("e1", "20260301T100000Z", null), "If-None-Match", "*").status());
        DavResponse changed = send("PUT", cal + "e1.ics", event("e1", "20260301T110000Z", null), "If-Match", etag);
        assertEquals(204, changed.status());
        assertEquals(412, send("PUT", cal + "e1.ics", event("e1", "20260301T120000Z", null), "If-Match", etag).status(),
                "the stale etag");
        DavResponse got = send("GET", cal + "e1.ics", null);
        assertTrue(text(got).contains("DTSTART:20260301T110000Z"));
        assertEquals(changed.headers().get("ETag"), got.headers().get("ETag"));
        assertEquals(412, send("DELETE", cal + "e1.ics", null, "If-Match", etag).status());
        assertEquals(204, send("DELETE", cal + "e1.ics", null, "If-Match", got.headers().get("ETag")).status());
        assertEquals(404, send("GET", cal + "e1.ics", null).status());
        DavResponse vcard = send("PUT", cal + "c.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n");
        assertEquals(403, vcard.status());
        assertTrue(text(vcard).contains("valid-calendar-data"));
    }

    @Test
    void aSecondItemWithAUidTheCollectionHasIsAConflictNamingTheFirst() throws Exception {
        assertEquals(201, send("PUT", cal + "a.ics", event("same", "20260301T100000Z", null)).status());
        DavResponse clash = send("PUT", cal + "b.ics", event("same", "20260302T100000Z", null), "If-None-Match", "*");
        assertEquals(409, clash.status(), text(clash));
        assertTrue(text(clash).matches("(?s).*<c:no-uid-conflict><d:href>" + Pattern.quote(cal + "a.ics") + "</d:href></c:no-uid-conflict>.*"),
                text(clash));
        assertEquals(404, send("GET", cal + "b.ics", null).status(), "nothing was stored");
        assertEquals(204, send("PUT", cal + "a.ics", event("same", "20260303T100000Z", null)).status(), "the holder itself may change");

        // written by a phone (straight into the store, under a name of its own): the index follows the store's changes
        String calId = space.collection(cal.substring(cal.lastIndexOf('/', cal.length() - 2) + 1, cal.length() - 1)).orElseThrow().id();
        store.put(calId, "phone-1.ics", event("from-phone", "20260304T100000Z", null), org.hearthsync.api.store.WriteCondition.create());
        DavResponse phone = send("PUT", cal + "mine.ics", event("from-phone", "20260304T100000Z", null));
        assertEquals(409, phone.status(), text(phone));
        assertTrue(text(phone).contains("<d:href>" + cal + "phone-1.ics</d:href>"), text(phone));

        // once the holder is deleted the UID is free again
        assertEquals(204, send("DELETE", cal + "a.ics", null).status());
        assertEquals(201, send("PUT", cal + "b.ics", event("same", "20260302T100000Z", null)).status());

        // an override and an alarm's own UID (RFC 9074) are one object; two events with different UIDs are not
        String override = event("series", "20260310T100000Z", "FREQ=DAILY;COUNT=5").replace("END:VCALENDAR\r\n",
                "BEGIN:VEVENT\r\nUID:series\r\nRECURRENCE-ID:20260311T100000Z\r\nDTSTAMP:20260101T000000Z\r\n"
                        + "DTSTART:20260311T120000Z\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nUID:alarm-1\r\nACTION:DISPLAY\r\n"
                        + "TRIGGER:-PT5M\r\nDESCRIPTION:x\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        assertEquals(201, send("PUT", cal + "series.ics", override).status());
        String two = event("one", "20260312T100000Z", null).replace("END:VCALENDAR\r\n", "")
                + event("two", "20260312T100000Z", null).substring(event("two", "20260312T100000Z", null).indexOf("BEGIN:VEVENT"));
        DavResponse bad = send("PUT", cal + "two.ics", two);
        assertEquals(403, bad.status());
        assertTrue(text(bad).contains("valid-calendar-object-resource"), text(bad));

        // CardDAV: the same precondition in its own namespace; a folded UID is the same UID
        assertEquals(201, send("PUT", book + "x.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:0123456789abcdef\r\nFN:x\r\nEND:VCARD\r\n")
                .status());
        DavResponse card = send("PUT", book + "y.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:01234\r\n 56789abcdef\r\nFN:y\r\nEND:VCARD\r\n");
        assertEquals(409, card.status(), text(card));
        assertTrue(text(card).contains("no-uid-conflict><d:href>" + book + "x.vcf</d:href>"), text(card));
    }

    /**
     * RFC 4791 5.3.2.1 / RFC 6352 6.3.2.1 under concurrency: clients racing to store one new UID under different
     * names (two devices uploading the same invitation, a sync tool retrying in parallel) leave exactly one item.
     * Several rounds, each a burst released at once, so a check that is not atomic with the write loses one of them.
     */
    @Test
    void concurrentPutsOfOneNewUidStoreExactlyOneItem() throws Exception {
        race(space, store);
    }

    /** The same over the vdir store, whose change feed comes from its own index of the files. */
    @Test
    void concurrentPutsOfOneNewUidStoreExactlyOneItemInAVdir() throws Exception {
        try (org.hearthsync.store.vdir.internal.VdirStore vdir = org.hearthsync.store.vdir.internal.VdirStore.open(tmp.resolve("vdir"),
                tmp.resolve("vdir.state"), org.hearthsync.store.vdir.internal.VdirStore.Options.defaults(), null)) {
            race(new Space(new Account("ann", "ann@home.test", "vdir", List.of()), "vdir", vdir, new Aliases(tmp.resolve(
                    "vdir-aliases.properties"))), vdir);
        }
    }

    private void race(Space s, org.hearthsync.api.store.PimStore st) throws Exception {
        String calHome = null;
        String bookHome = null;
        for (CollectionInfo c : st.collections()) {
            if (c.dataClass() == DataClass.CALENDAR && calHome == null) {
                calHome = s.href(c);
            } else if (c.dataClass() == DataClass.CONTACTS && bookHome == null) {
                bookHome = s.href(c);
            }
        }
        int threads = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 8; round++) {
                boolean calendar = round % 2 == 0;
                String uid = "race-" + round;
                String home = calendar ? calHome : bookHome;
                String body = calendar ? event(uid, "20260401T100000Z", null)
                        : "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:r\r\nEND:VCARD\r\n";
                // a server just started (no UID index read yet) each round: where an unguarded check loses most often
                Engine started = new Engine();
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                List<java.util.concurrent.Future<DavResponse>> answers = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String href = home + uid + "-" + t + (calendar ? ".ics" : ".vcf");
                    answers.add(pool.submit(() -> {
                        start.await();
                        return started.handle(new DavRequest("PUT", href, Map.of("if-none-match", "*"),
                                body.getBytes(StandardCharsets.UTF_8)), s);
                    }));
                }
                int created = 0;
                for (java.util.concurrent.Future<DavResponse> f : answers) {
                    DavResponse r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    if (r.status() == 201) {
                        created++;
                    } else {
                        assertEquals(409, r.status(), text(r));
                        assertTrue(text(r).contains("no-uid-conflict><d:href>" + home + uid + "-"), text(r));
                        assertTrue(text(r).contains(calendar ? "<c:no-uid-conflict>" : "urn:ietf:params:xml:ns:carddav"), text(r));
                    }
                }
                assertEquals(1, created, "round " + round + ": one item per UID");
                String id = s.collection(home.substring(home.lastIndexOf('/', home.length() - 2) + 1, home.length() - 1))
                        .orElseThrow().id();
                long stored = st.list(id).stream().filter(r -> r.name().startsWith(uid + "-")).count();
                assertEquals(1, stored, "round " + round + ": the store holds one item of UID " + uid);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A body over the limit the collections advertise as max-resource-size: a PUT into a calendar or an address book
     * fails that precondition (403 with the element in its own namespace), nothing is stored; another request is 413.
     */
    @Test
    void anOversizedPutFailsTheMaxResourceSizePreconditionOfItsCollection() {
        DavResponse event = engine.handle(DavRequest.oversized("PUT", cal + "big.ics", Map.of("if-none-match", "*")), space);
        assertEquals(403, event.status(), text(event));
        assertEquals(DavResponse.XML, event.contentType());
        assertTrue(text(event).matches("(?s).*<d:error [^>]*>\\s*<c:max-resource-size/>.*"), text(event));
        assertEquals(404, send("GET", cal + "big.ics", null).status(), "nothing was stored");

        DavResponse card = engine.handle(DavRequest.oversized("PUT", book + "big.vcf", Map.of()), space);
        assertEquals(403, card.status(), text(card));
        assertTrue(text(card).contains(":max-resource-size/>") && text(card).contains("urn:ietf:params:xml:ns:carddav"), text(card));
        assertFalse(text(card).contains("<c:max-resource-size/>"), "the CardDAV element, not the CalDAV one: " + text(card));

        DavResponse report = engine.handle(DavRequest.oversized("REPORT", cal, Map.of()), space);
        assertEquals(413, report.status(), text(report));
        // the property the client reads before it uploads names the same limit
        DavResponse prop = send("PROPFIND", cal, "<d:propfind xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'><d:prop>"
                + "<c:max-resource-size/></d:prop></d:propfind>", "Depth", "0");
        assertTrue(text(prop).contains(">" + Props.MAX_RESOURCE_BYTES + "</c:max-resource-size>"), text(prop));
    }

    @Test
    void uidsAreReadFromTheTopComponentsOnly() {
        assertEquals(List.of("a b"), Uids.uids("BEGIN:VCARD\nUID;VALUE=text:a\n\t b\nEND:VCARD\n"));
        assertEquals(List.of("u:1"), Uids.uids("BEGIN:VCALENDAR\r\nUID:cal-level\r\nBEGIN:VTODO\r\nUID;X-P=\"q:r\":u:1\r\n"
                + "BEGIN:VALARM\r\nUID:alarm\r\nEND:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"));
        assertEquals(List.of(), Uids.uids("BEGIN:VCARD\r\nFN:no uid\r\nEND:VCARD\r\n"));
    }

    @Test
    void calendarQueryExpandsRecurrencesForTheTimeRange() {
        send("PUT", cal + "once.ics", event("once", "20260105T100000Z", null));
        send("PUT", cal + "weekly.ics", event("weekly", "20250106T090000Z", "FREQ=WEEKLY;COUNT=100"));
        send("PUT", cal + "ended.ics", event("ended", "20250106T090000Z", "FREQ=DAILY;COUNT=3"));
        String q = "<c:calendar-query xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'><d:prop><d:getetag/></d:prop>"
                + "<c:filter><c:comp-filter name='VCALENDAR'><c:comp-filter name='VEVENT'>"
                + "<c:time-range start='20260301T000000Z' end='20260308T000000Z'/></c:comp-filter></c:comp-filter></c:filter>"
                + "</c:calendar-query>";
        String r = text(send("REPORT", cal, q, "Depth", "1"));
        assertTrue(r.contains("weekly.ics"), r);
        assertFalse(r.contains("once.ics") || r.contains("ended.ics"), r);
    }

    @Test
    void calendarDataExpandShowsTheOccurrencesInTheRangeWithTheirRecurrenceIds() {
        String series = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
                + "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
                + "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
                + "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
                + "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
                + "BEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20260105T090000\r\n"
                + "DTEND;TZID=Europe/Berlin:20260105T093000\r\nSUMMARY:Standup\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\n"
                + "EXDATE;TZID=Europe/Berlin:20260119T090000\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nUID:standup\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID;TZID=Europe/Berlin:20260112T090000\r\n"
                + "DTSTART;TZID=Europe/Berlin:20260112T110000\r\nDTEND;TZID=Europe/Berlin:20260112T113000\r\n"
                + "SUMMARY:Standup moved\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assertEquals(201, send("PUT", cal + "standup.ics", series).status());
        send("PUT", cal + "once.ics", event("once", "20260107T100000Z", null));
        send("PUT", cal + "later.ics", event("later", "20260301T100000Z", null));
        String q = "<c:calendar-query xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'><d:prop><d:getetag/>"
                + "<c:calendar-data><c:expand start='20260101T000000Z' end='20260127T000000Z'/></c:calendar-data></d:prop>"
                + "<c:filter><c:comp-filter name='VCALENDAR'><c:comp-filter name='VEVENT'>"
                + "<c:time-range start='20260101T000000Z' end='20260127T000000Z'/></c:comp-filter></c:comp-filter></c:filter>"
                + "</c:calendar-query>";
        String r = text(send("REPORT", cal, q, "Depth", "1"));
        assertFalse(r.contains("later.ics"), r);
        String standup = r.substring(r.indexOf("standup.ics"));
        standup = standup.substring(0, standup.indexOf("</d:response>"));
        // Jan 5, 12 (moved to 11:00), 19 (excluded), 26 (09:00 Berlin = 08:00Z, inside the range): three occurrences
        assertEquals(3, standup.split("BEGIN:VEVENT", -1).length - 1, standup);
        assertFalse(standup.contains("RRULE") || standup.contains("EXDATE") || standup.contains("VTIMEZONE")
                || standup.contains("TZID"), standup);
        assertTrue(standup.contains("RECURRENCE-ID:20260105T080000Z") && standup.contains("DTSTART:20260105T080000Z"), standup);
        assertTrue(standup.contains("DTEND:20260105T083000Z"), standup);
        assertTrue(standup.contains("RECURRENCE-ID:20260112T080000Z") && standup.contains("DTSTART:20260112T100000Z")
                && standup.contains("SUMMARY:Standup moved"), "the moved occurrence replaces the generated one: " + standup);
        assertFalse(standup.contains("20260119T"), "EXDATE: " + standup);
        assertTrue(standup.contains("RECURRENCE-ID:20260126T080000Z"), standup);
        assertTrue(r.contains("once.ics") && r.contains("DTSTART:20260107T100000Z"), r);
        String bad = "<c:calendar-query xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'><d:prop>"
                + "<c:calendar-data><c:expand start='20260101T000000Z'/></c:calendar-data></d:prop>"
                + "<c:filter><c:comp-filter name='VCALENDAR'/></c:filter></c:calendar-query>";
        assertEquals(400, send("REPORT", cal, bad, "Depth", "1").status(), "expand without an end");
    }

    @Test
    void syncCollectionReportsChangesAndDeletionsSinceAToken() {
        String sync = "<d:sync-collection xmlns:d='DAV:'><d:sync-token>%s</d:sync-token><d:sync-level>1</d:sync-level>"
                + "<d:prop><d:getetag/></d:prop></d:sync-collection>";
        send("PUT", cal + "a.ics", event("a", "20260105T100000Z", null));
        String first = text(send("REPORT", cal, sync.formatted(""), "Depth", "0"));
        assertTrue(first.contains("a.ics"), first);
        Matcher m = Pattern.compile("<d:sync-token>([^<]+)</d:sync-token>").matcher(first);
        assertTrue(m.find());
        String token = m.group(1);
        send("PUT", cal + "b.ics", event("b", "20260105T100000Z", null));
        send("DELETE", cal + "a.ics", null);
        String next = text(send("REPORT", cal, sync.formatted(token), "Depth", "0"));
        assertTrue(next.contains("b.ics</d:href><d:propstat>"), next);
        assertTrue(next.contains("a.ics</d:href><d:status>HTTP/1.1 404 Not Found"), next);
        DavResponse bad = send("REPORT", cal, sync.formatted("http://elsewhere/token"), "Depth", "0");
        assertEquals(403, bad.status());
        assertTrue(text(bad).contains("valid-sync-token"));
    }

    @Test
    void mkcalendarKeepsTheClientsUrlAndMultigetReadsItems() throws Exception {
        String url = "/dav/home/ann/4f1c-work/";
        assertEquals(201, send("MKCALENDAR", url, "<c:mkcalendar xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'>"
                + "<d:set><d:prop><d:displayname>Work</d:displayname></d:prop></d:set></c:mkcalendar>").status());
        assertTrue(store.collections().stream().anyMatch(c -> c.displayName().equals("Work")));
        assertEquals(405, send("MKCALENDAR", url, null).status(), "exists");
        assertEquals(201, send("PUT", url + "x.ics", event("x", "20260105T100000Z", null)).status());
        String mg = text(send("REPORT", url, "<c:calendar-multiget xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'>"
                + "<d:prop><d:getetag/><c:calendar-data/></d:prop><d:href>" + url + "x.ics</d:href><d:href>" + url
                + "gone.ics</d:href></c:calendar-multiget>", "Depth", "1"));
        assertTrue(mg.contains("UID:x"), mg);
        assertTrue(mg.contains("gone.ics</d:href><d:status>HTTP/1.1 404"), mg);
        String pp = text(send("PROPPATCH", url, "<d:propertyupdate xmlns:d='DAV:'><d:set><d:prop><d:displayname>Job"
                + "</d:displayname></d:prop></d:set></d:propertyupdate>"));
        assertTrue(pp.contains("200 OK"), pp);
        assertTrue(store.collections().stream().anyMatch(c -> c.displayName().equals("Job")));
        String color = "<d:propertyupdate xmlns:d='DAV:' xmlns:a='http://apple.com/ns/ical/'><d:set><d:prop>"
                + "<d:displayname>Work again</d:displayname><a:calendar-color>%s</a:calendar-color></d:prop></d:set></d:propertyupdate>";
        String refused = text(send("PROPPATCH", url, color.formatted("not a colour")));
        assertTrue(refused.contains("424 Failed Dependency") && refused.contains("403 Forbidden"), refused);
        assertTrue(store.collections().stream().anyMatch(c -> c.displayName().equals("Job")), "all or nothing");
        assertTrue(text(send("PROPPATCH", url, color.formatted("#FF8800FF"))).contains("200 OK"));
        assertTrue(store.collections().stream().anyMatch(c -> c.displayName().equals("Work again") && "#FF8800FF".equals(c.color())));
        String props = text(send("PROPFIND", url, "<d:propfind xmlns:d='DAV:' xmlns:a='http://apple.com/ns/ical/'><d:prop>"
                + "<a:calendar-color/></d:prop></d:propfind>", "Depth", "0"));
        assertTrue(props.contains("<ical:calendar-color>#FF8800FF</ical:calendar-color>"), props);
        assertEquals(204, send("DELETE", url, null).status());
        assertEquals(404, send("PROPFIND", url, null, "Depth", "0").status());
    }

    @Test
    void addressbookQueryMatchesText() {
        send("PUT", book + "a.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n");
        send("PUT", book + "b.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b\r\nFN:Bob\r\nEND:VCARD\r\n");
        String r = text(send("REPORT", book, "<r:addressbook-query xmlns:d='DAV:' xmlns:r='urn:ietf:params:xml:ns:carddav'>"
                + "<d:prop><d:getetag/><r:address-data/></d:prop><r:filter><r:prop-filter name='FN'>"
                + "<r:text-match match-type='contains'>lovelace</r:text-match></r:prop-filter></r:filter></r:addressbook-query>",
                "Depth", "1"));
        assertTrue(r.contains("a.vcf") && !r.contains("b.vcf"), r);
    }

    @Test
    void aStoreThatCannotBeReachedIsTryAgainLater() throws Exception {
        store.close(); // a closed store answers as an unreachable one does
        DavResponse r = send("GET", cal + "x.ics", null);
        assertEquals(503, r.status(), text(r));
        assertEquals("30", r.headers().get("Retry-After"));
    }

    @Test
    void hostileXmlIsABadRequest() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<d:propfind xmlns:d='DAV:'><d:prop><d:displayname>&x;</d:displayname></d:prop></d:propfind>";
        assertEquals(400, send("PROPFIND", "/dav/", xxe, "Depth", "0").status());
        assertEquals(400, send("PROPFIND", "/dav/", "<d:propfind xmlns:d='DAV:'>".repeat(40), "Depth", "0").status());
        assertEquals(400, send("PROPFIND", "/dav/", "<d:propfind", "Depth", "0").status());
        assertEquals(405, send("LOCK", "/dav/", null).status());
    }
}
