package org.hearthsync.store.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;

import javax.xml.stream.XMLStreamException;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the DAV store does beyond the contract, against Radicale: discovery, polling, component views, failures. */
class DavStoreTest {

    @TempDir
    static Path dir;
    static DavServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = DavServer.radicale(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static final class Recorder implements DavStore.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void collectionChanged(String collectionId) {
            events.add("changed:" + collectionId);
        }

        @Override
        public void hierarchyChanged() {
            events.add("hierarchy");
        }
    }

    /** Another client writing to the server directly. */
    private static int raw(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (DavServer.USER + ":" + DavServer.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String vcard(String uid) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:Someone Else\r\nN:Else;Someone;;;\r\nEND:VCARD\r\n";
    }

    private static String ics(String component, String uid) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:" + component + "\r\nUID:" + uid
                + "\r\nDTSTAMP:20250101T120000Z\r\nDTSTART:20250102T090000Z\r\nSUMMARY:x\r\nEND:" + component + "\r\nEND:VCALENDAR\r\n";
    }

    /** Issue 13 item 9: a PUT the server refuses as too large (413) is TooLarge, which phones get as 6, not 5. */
    @Test
    void aPutTheServerRefusesAsTooLargeIsTooLarge(@TempDir Path small) throws Exception {
        DavServer tight = DavServer.radicale(small, 4000);
        try (DavStore store = DavStore.create(RadicaleContractTest.options(tight, true), null)) {
            CollectionInfo book = store.createCollection("Small", DataClass.CONTACTS);
            String big = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:big\r\nFN:Big\r\nN:Big;;;;\r\nNOTE:" + "x".repeat(8000)
                    + "\r\nEND:VCARD\r\n";
            org.junit.jupiter.api.Assertions.assertThrows(org.hearthsync.api.store.StoreException.TooLarge.class,
                    () -> store.put(book.id(), "big.vcf", big, org.hearthsync.api.store.WriteCondition.create()));
        } finally {
            tight.close();
        }
    }

    @Test
    void discoveryWorksFromTheWellKnownUrlAndFromAPrincipalUrl() throws Exception {
        for (URI url : List.of(server.url(), server.url().resolve("/.well-known/carddav"),
                server.url().resolve("/" + DavServer.USER + "/"))) {
            try (DavStore store = DavStore.create(options(url), null)) {
                store.collections(); // discovery succeeded
            }
        }
    }

    @Test
    void pollingAnnouncesChangesMadeByOtherClients() throws Exception {
        Recorder recorder = new Recorder();
        try (DavStore store = DavStore.create(RadicaleContractTest.options(server, true), recorder)) {
            CollectionInfo book = store.createCollection("Polled", DataClass.CONTACTS);
            store.poll(); // the first poll only records
            recorder.events.clear();
            assertEquals(201, raw("PUT", book.id() + "other.vcf", vcard("other"), "text/vcard"));
            store.poll();
            assertEquals("changed:" + book.id(), recorder.events.poll());
            store.poll();
            assertTrue(recorder.events.isEmpty(), "no change, no event: " + recorder.events);
            String elsewhere = "/" + DavServer.USER + "/made-elsewhere-" + System.nanoTime() + "/";
            assertEquals(201, raw("MKCALENDAR", elsewhere, null, null));
            store.poll();
            assertTrue(recorder.events.contains("hierarchy"), "a calendar made by another client: " + recorder.events);
            store.deleteCollection(elsewhere);
            store.deleteCollection(book.id());
        }
    }

    @Test
    void theCollectionListIsReusedBetweenPollsAndDroppedWhenAPollFails() throws Exception {
        DavServer own = DavServer.radicale(dir.resolve("own-" + System.nanoTime()));
        try (DavStore store = DavStore.create(RadicaleContractTest.options(own, true), null)) {
            store.reuseCollectionsFor(Duration.ofMinutes(5));
            store.poll();
            int before = store.collections().size();
            String elsewhere = "/" + DavServer.USER + "/made-elsewhere/";
            HttpRequest mk = HttpRequest.newBuilder(own.url().resolve(elsewhere)).method("MKCALENDAR",
                    HttpRequest.BodyPublishers.noBody()).header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((DavServer.USER + ":" + DavServer.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .build();
            assertEquals(201, HttpClient.newHttpClient().send(mk, HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(before, store.collections().size(), "between polls the phones' requests do not ask the server");
            store.poll();
            assertTrue(store.collections().size() > before, "the poll refreshed the list"); // one view per component
            own.close();
            assertThrows(StoreException.Unavailable.class, store::poll);
            assertThrows(StoreException.Unavailable.class, store::collections,
                    "after a failed poll a request asks the server and sees the outage");
        } finally {
            own.close();
        }
    }

    @Test
    void calendarWithSeveralComponentsIsOneCollectionPerComponent() throws Exception {
        String path = "/" + DavServer.USER + "/mixed-" + System.nanoTime() + "/";
        assertEquals(201, raw("MKCALENDAR", path, null, null)); // no component set: any component
        assertEquals(201, raw("PUT", path + "e1.ics", ics("VEVENT", "e1"), "text/calendar"));
        assertEquals(201, raw("PUT", path + "t1.ics", ics("VTODO", "t1"), "text/calendar"));
        try (DavStore store = DavStore.create(RadicaleContractTest.options(server, true), null)) {
            Map<String, DataClass> views = store.collections().stream().filter(c -> c.id().startsWith(path))
                    .collect(Collectors.toMap(CollectionInfo::id, CollectionInfo::dataClass));
            assertEquals(Map.of(path, DataClass.CALENDAR, path + "#tasks", DataClass.TASKS, path + "#notes", DataClass.NOTES),
                    views);
            assertEquals(Set.of("e1.ics"), names(store.list(path)));
            assertEquals(Set.of("t1.ics"), names(store.list(path + "#tasks")));
            assertTrue(store.get(path, "t1.ics").isEmpty(), "a task is not in the events view");

            String taskToken = store.syncToken(path + "#tasks");
            String eventToken = store.syncToken(path);
            store.put(path + "#tasks", "t2.ics", ics("VTODO", "t2"), WriteCondition.create());
            assertEquals(Set.of("t2.ics"), names(store.changesSince(path + "#tasks", taskToken).changed()));
            assertTrue(store.changesSince(path, eventToken).isEmpty());
            store.deleteCollection(path);
        }
    }

    @Test
    void serverDownIsUnavailable() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:1/");
        try (DavStore store = DavStore.create(options(nowhere), null)) {
            assertThrows(StoreException.Unavailable.class, store::collections);
            assertThrows(StoreException.Unavailable.class, store::poll);
        }
    }

    @Test
    void wrongPasswordIsAPlainFailureAndNeverShown() throws Exception {
        DavStore.Options wrong = new DavStore.Options(server.url(), DavServer.USER, "not-the-password",
                Duration.ofSeconds(10), 1 << 20, true, "test");
        assertFalse(wrong.toString().contains("not-the-password"));
        try (DavStore store = DavStore.create(wrong, null)) {
            StoreException e = assertThrows(StoreException.class, store::collections);
            assertFalse(e instanceof StoreException.Unavailable);
            assertFalse(e.getMessage().contains("not-the-password"));
        }
    }

    @Test
    void xmlWithEntitiesIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<D:multistatus xmlns:D=\"DAV:\">&x;</D:multistatus>";
        assertThrows(XMLStreamException.class, () -> Xml.parse(xxe.getBytes(StandardCharsets.UTF_8)));
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            deep.append("<a>");
        }
        assertThrows(XMLStreamException.class, () -> Xml.parse(deep.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The component's configuration: the annotation's defaults, except for {@code values} (keyed by method name). */
    static DavStoreConfig config(Map<String, Object> values) {
        return (DavStoreConfig) java.lang.reflect.Proxy.newProxyInstance(DavStoreConfig.class.getClassLoader(),
                new Class<?>[] { DavStoreConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aFallbackTokenOfTheComponentSurvivesARestart() throws Exception {
        Path data = dir.resolve("data-" + System.nanoTime());
        DavStoreConfig config = config(Map.of("store_name", "cloud", "url", server.url().toString(), "user",
                DavServer.USER, "_password", DavServer.PASSWORD, "sync_collection", false, "poll_seconds", 3600));
        DavPimStore first = new DavPimStore(data, config);
        String book;
        String token;
        String kept;
        try {
            book = first.createCollection("Restart Book", DataClass.CONTACTS).id();
            kept = first.put(book, "kept.vcf", vcard("kept"), WriteCondition.create());
            String gone = first.put(book, "gone.vcf", vcard("gone"), WriteCondition.create());
            token = first.syncToken(book);
            assertTrue(token.startsWith("F"), "the etag fallback, not the server's token: " + token);
            first.delete(book, "gone.vcf", WriteCondition.ifMatch(gone));
        } finally {
            first.deactivate();
        }
        assertTrue(java.nio.file.Files.isRegularFile(data.resolve("store/dav/cloud.tokens.mv.db")));

        DavPimStore second = new DavPimStore(data, config);
        try {
            String added = second.put(book, "added.vcf", vcard("added"), WriteCondition.create());
            org.hearthsync.api.store.ChangeSet cs = second.changesSince(book, token);
            assertEquals(List.of("gone.vcf"), cs.deleted(), "what changed since the token, across the restart");
            assertEquals(Map.of("added.vcf", added), cs.changed().stream()
                    .collect(Collectors.toMap(ResourceRef::name, ResourceRef::etag)));
            assertFalse(names(cs.changed()).contains("kept.vcf"));
            assertEquals(kept, second.get(book, "kept.vcf").orElseThrow().etag());
            second.deleteCollection(book);
        } finally {
            second.deactivate();
        }
    }

    @Test
    void namesAreEncodedInUrls() {
        assertEquals("a%20b%2Fc%C3%A9.vcf", DavStore.encodeSegment("a b/cé.vcf"));
    }

    private static Set<String> names(List<ResourceRef> refs) {
        return refs.stream().map(ResourceRef::name).collect(Collectors.toSet());
    }

    private static DavStore.Options options(URI url) {
        return new DavStore.Options(url, DavServer.USER, DavServer.PASSWORD, Duration.ofSeconds(10), 1 << 24, true, "test");
    }
}
