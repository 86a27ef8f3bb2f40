package org.hearthsync.store.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.StoreEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Push for the DAV store: with the full poll an hour away, a card PUT straight into a real Radicale (not
 * through Hearth) is announced within seconds while a collection is watched, and not while it is not.
 */
class DavPushTest {

    @TempDir
    static Path dir;
    static DavServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

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

    @Test
    void aWriteInTheServerIsAnnouncedWithinSecondsOnlyWhileWatched() throws Exception {
        DavPimStore pim = new DavPimStore(dir.resolve("data"), DavStoreTest.config(Map.of("store_name", "cloud", "url",
                server.url().toString(), "user", DavServer.USER, "_password", DavServer.PASSWORD, "poll_seconds", 3600)));
        BlockingQueue<String> changed = new LinkedBlockingQueue<>();
        pim.setEventAdmin(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                sendEvent(event);
            }

            @Override
            public void sendEvent(Event event) {
                if (StoreEvents.TOPIC_CHANGED.equals(event.getTopic()) && "cloud".equals(event.getProperty(StoreEvents.STORE))) {
                    changed.add(event.getProperty(StoreEvents.COLLECTION).toString());
                }
            }
        });
        AtomicReference<Set<String>> watched = new AtomicReference<>(Set.of());
        pim.setWatchedCollections(store -> "cloud".equals(store) ? watched.get() : Set.of());
        try {
            String book = pim.createCollection("Push Book", DataClass.CONTACTS).id();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!pim.delegate().polled() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(pim.delegate().polled(), "the first full poll ran");
            changed.clear();

            watched.set(Set.of(book));
            Thread.sleep(2 * DavPimStore.WATCH_MILLIS + 500); // a first look at the collection made after the poll
            assertEquals(null, changed.poll(), "nothing changed yet, nothing announced");
            long start = System.nanoTime();
            put(book, "direct-1.vcf", "direct-1");
            String first = changed.poll(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(book, first, "the write made in Radicale is announced while the book is watched");
            assertTrue(millis < 5000, millis + " ms");

            watched.set(Set.of());
            Thread.sleep(DavPimStore.WATCH_MILLIS + 500);
            changed.clear();
            put(book, "direct-2.vcf", "direct-2");
            assertEquals(null, changed.poll(3, TimeUnit.SECONDS),
                    "not watched: left to the full poll (an hour away here), no quick look");

            watched.set(Set.of(book));
            assertEquals(book, changed.poll(5, TimeUnit.SECONDS), "watched again: the change waiting is found");
        } finally {
            pim.deactivate();
        }
    }

    /** A PUT made by another DAV client, straight to the server. */
    private static void put(String collectionPath, String name, String uid) throws Exception {
        String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + uid + "\r\nN:" + uid + ";;;;\r\nEND:VCARD\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + collectionPath.substring(1) + name))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (DavServer.USER + ":" + DavServer.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "text/vcard").header("If-None-Match", "*")
                .PUT(HttpRequest.BodyPublishers.ofString(card)).timeout(Duration.ofSeconds(10)).build();
        int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        assertTrue(status == 201 || status == 204, "Radicale took the card: HTTP " + status);
    }
}
