package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.hearthsync.launcher.EasTestClient.Result;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two phones syncing Contacts, Calendar, Tasks and Notes through the launched server over TLS, at
 * 12.1, 14.1 and 16.1: bootstrap, estimate equal to what arrives, windowed initial sync, client
 * Add/Change/Delete, own changes not echoed, the other phone getting exactly those changes, and a
 * parked Ping woken by the other phone's change within a second, and the same for a Sync with HeartbeatInterval;
 * EAS 16 occurrence edits seen by a 14.1 phone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncIT {
    static final String USER = "syncer";
    static final String PASSWORD = "correct horse battery staple";

    private RunningHearth hearth;
    private SSLContext tls;
    /** Printed at the first start only; the server is restarted by test 2. */
    private String consolePassword;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path etc = data.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("org.hearthsync.account-syncer.cfg"), "user.name = " + USER + "\n"
                + "email.address = syncer@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        hearth = RunningHearth.start(data).awaitRunning();
        consolePassword = hearth.consolePassword();
        tls = hearth.trustingHearth();
        EasTestClient probe = client("PROBE", "14.1");
        awaitEngine(probe);
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            String out = hearth.output();
            hearth.close();
            assertFalse(out.contains(PASSWORD), "a password reached the log");
            // the engine is stopped and started under running requests (test 2): the transport's servlet stays
            // registered and answers 503 meanwhile, so no request races a servlet being unregistered
            assertFalse(out.contains("Exception"), out);
        }
    }

    EasTestClient client(String deviceId, String version) {
        return EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, deviceId, "TestPhone", version, false);
    }

    static List<String> labels(Map<String, Element> items) {
        List<String> out = new ArrayList<>();
        items.values().forEach(d -> out.add(EasPhone.label(d)));
        Collections.sort(out);
        return out;
    }

    @ParameterizedTest(name = "EAS {0}")
    @Order(1)
    @ValueSource(strings = { "12.1", "14.1", "16.1" })
    void twoPhonesSyncEveryClass(String version) throws Exception {
        String v = version.replace(".", "");
        EasPhone a = new EasPhone(client("SA" + v, version)).setUp();
        EasPhone b = new EasPhone(client("SB" + v, version)).setUp();
        List<String> classes = version.equals("12.1") ? List.of("Contacts", "Calendar", "Tasks")
                : List.of("Contacts", "Calendar", "Tasks", "Notes");
        for (String cls : classes) {
            String f = a.folder(cls);
            assertEquals(f, b.folder(cls), "folder ids are stable per collection");
            // bootstrap, estimate, windowed initial sync
            a.sync(f);
            int estimate = a.estimate(f);
            a.window = 3;
            a.syncAll(f);
            assertEquals(estimate, a.items(f).size(), cls + ": the estimate is what arrives");
            b.syncAll(f);
            assertEquals(labels(a.items(f)), labels(b.items(f)));

            // client adds: not echoed to a, exactly these three on b
            for (int i = 0; i < 3; i++) {
                a.add(f, EasPhone.item(cls, cls + "-" + v + "-" + i, null));
            }
            a.syncAll(f);
            assertTrue(a.lastCommands.isEmpty(), cls + ": own adds echoed: " + a.lastCommands);
            assertEquals(0, a.estimate(f));
            assertEquals(3, b.estimate(f));
            b.syncAll(f);
            assertEquals(Map.of("Add", 3), b.lastCommands, cls);
            assertEquals(labels(a.items(f)), labels(b.items(f)));

            // a change and a delete from b reach a, not echoed to b
            List<String> mine = new ArrayList<>();
            b.items(f).forEach((sid, d) -> {
                if (EasPhone.label(d).startsWith(cls + "-" + v + "-")) {
                    mine.add(sid);
                }
            });
            String changed = mine.get(0);
            b.change(f, changed, EasPhone.item(cls, cls + "-" + v + "-0", "changed"));
            b.delete(f, mine.get(1));
            b.syncAll(f);
            assertTrue(b.lastCommands.isEmpty(), cls + ": own changes echoed: " + b.lastCommands);
            a.syncAll(f);
            assertEquals(Map.of("Change", 1, "Delete", 1), a.lastCommands, cls);
            assertEquals(labels(a.items(f)), labels(b.items(f)));
            if (cls.equals("Contacts")) {
                assertTrue(a.items(f).values().stream().anyMatch(d -> "changed".equals(d.childText("Contacts", "JobTitle"))));
            }
        }

        // push: a's parked Ping answers within a second of b's change
        String contacts = a.folder("Contacts");
        a.syncAll(contacts);
        b.syncAll(contacts);
        CompletableFuture<HttpResponse<byte[]>> ping = a.client.http().sendAsync(
                a.client.request("Ping", EasPhone.ping(120, contacts), Duration.ofSeconds(150)),
                HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(500);
        assertFalse(ping.isDone(), "the Ping is parked");
        b.add(contacts, EasPhone.item("Contacts", "push-" + v, null));
        long t0 = System.nanoTime();
        b.syncAll(contacts);
        Result r = EasTestClient.result(ping.get(5, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("2", r.document().childText("Ping", "Status"));
        assertTrue(ms < 1000, "Ping answered " + ms + " ms after the change");
        a.syncAll(contacts);
        assertEquals(Map.of("Add", 1), a.lastCommands);

        // Sync-based push: a's Sync with HeartbeatInterval 60 is parked and answered within a second of b's change
        Element waiting = a.request(contacts);
        waiting.addText("AirSync", "HeartbeatInterval", "60");
        CompletableFuture<HttpResponse<byte[]>> sync = a.client.http().sendAsync(
                a.client.request("Sync", waiting, Duration.ofSeconds(90)), HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(500);
        assertFalse(sync.isDone(), "the Sync is parked");
        b.add(contacts, EasPhone.item("Contacts", "syncpush-" + v, null));
        long s0 = System.nanoTime();
        b.syncAll(contacts);
        Result sr = EasTestClient.result(sync.get(5, TimeUnit.SECONDS));
        long sms = (System.nanoTime() - s0) / 1_000_000;
        assertEquals(200, sr.status());
        assertTrue(sms < 1000, "Sync answered " + sms + " ms after the change");
        Element coll = sr.document().child("AirSync", "Collections").orElseThrow().child("AirSync", "Collection")
                .orElseThrow();
        assertEquals("1", coll.childText("AirSync", "Status"));
        assertEquals(1, coll.child("AirSync", "Commands").orElseThrow().children("AirSync", "Add").size(), coll.toString());
        a.keys.put(contacts, coll.childText("AirSync", "SyncKey"));
        a.syncAll(contacts);
        assertTrue(a.lastCommands.isEmpty(), "the pushed Add counted as sent: " + a.lastCommands);
    }

    /** Stopping the engine answers a parked Ping at once; after a restart of the server a phone goes on with its key. */
    @Test
    @Order(2)
    void stoppingTheEngineAnswersParkedPingsAndStateSurvivesARestart() throws Exception {
        EasPhone a = new EasPhone(client("SR161", "16.1")).setUp();
        EasPhone b = new EasPhone(client("SR161B", "16.1")).setUp();
        String f = a.folder("Contacts");
        a.syncAll(f);
        b.syncAll(f);
        CompletableFuture<HttpResponse<byte[]>> ping = a.client.http().sendAsync(
                a.client.request("Ping", EasPhone.ping(600, f), Duration.ofSeconds(650)),
                HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(500);
        assertFalse(ping.isDone());
        assertEquals(200, console("stop").statusCode());
        try {
            HttpResponse<byte[]> answer = ping.get(10, TimeUnit.SECONDS);
            Result r = EasTestClient.result(answer);
            assertTrue(answer.statusCode() == 503 || "1".equals(r.document().childText("Ping", "Status")),
                    "a clean answer: " + answer.statusCode());
        } finally {
            assertEquals(200, console("start").statusCode());
        }
        awaitEngine(a.client);

        b.add(f, EasPhone.item("Contacts", "before-restart", null));
        b.syncAll(f);
        String keyBefore = a.key(f);
        int itemsBefore = a.items(f).size();
        Path data = hearth.data;
        hearth.close();
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        EasPhone resumed = a.reconnect(client("SR161", "16.1"));
        awaitEngine(resumed.client);
        assertEquals(keyBefore, resumed.key(f));
        resumed.syncAll(f);
        assertEquals(Map.of("Add", 1), resumed.lastCommands, "the key still valid after a restart, nothing resent");
        assertEquals(itemsBefore + 1, resumed.items(f).size());
    }

    private static Map<String, Element> exceptions(Element data) {
        Map<String, Element> out = new TreeMap<>();
        data.child("Calendar", "Exceptions").ifPresent(exs -> exs.children("Calendar", "Exception").forEach(ex -> out.put(
                ex.childText("Calendar", "ExceptionStartTime") != null ? ex.childText("Calendar", "ExceptionStartTime")
                        : ex.childText("AirSyncBase", "InstanceId"), ex)));
        return out;
    }

    private static Element series(EasPhone p, String f) {
        return p.items(f).values().stream().filter(d -> "Weekly review".equals(d.childText("Calendar", "Subject"))).findFirst()
                .orElseThrow(() -> new AssertionError("no series on the phone: " + p.items(f)));
    }

    /**
     * EAS 16 occurrence edits: a 16.1 phone creates a weekly series, changes one occurrence and deletes another with
     * {@code AirSyncBase:InstanceId} (Sync Change/Delete); a 14.1 phone sees both as Exceptions of the series, and
     * another 16.1 phone sees them named by InstanceId.
     */
    @Test
    @Order(3)
    void a161PhoneEditsAndDeletesOneOccurrenceAndA141PhoneSeesTheExceptions() throws Exception {
        EasPhone editor = new EasPhone(client("OCC161", "16.1")).setUp();
        EasPhone old = new EasPhone(client("OCC141", "14.1")).setUp();
        EasPhone other = new EasPhone(client("OCC161B", "16.1")).setUp();
        String f = editor.folder("Calendar");
        editor.syncAll(f);
        old.syncAll(f);
        other.syncAll(f);

        // Mondays 08:00 UTC from 4 Nov 2030, ten times
        Element data = new Element("AirSync", "ApplicationData");
        data.addText("Calendar", "Subject", "Weekly review").addText("Calendar", "StartTime", "20301104T080000Z")
                .addText("Calendar", "EndTime", "20301104T090000Z");
        data.add("Calendar", "Recurrence").addText("Calendar", "Type", "1").addText("Calendar", "Interval", "1").addText("Calendar", "DayOfWeek", "2")
                .addText("Calendar", "Occurrences", "10");
        editor.add(f, data);
        editor.syncAll(f);
        String sid = editor.items(f).entrySet().stream().filter(e -> e.getValue() == data).findFirst().orElseThrow().getKey();
        old.syncAll(f);
        assertTrue(exceptions(series(old, f)).isEmpty());

        Element moved = new Element("AirSync", "ApplicationData").addText("Calendar", "Subject", "Review (moved)")
                .addText("Calendar", "StartTime", "20301111T130000Z").addText("Calendar", "EndTime", "20301111T140000Z");
        editor.changeInstance(f, sid, "20301111T080000Z", moved);
        editor.deleteInstance(f, sid, "20301118T080000Z");
        editor.syncAll(f);
        // no error responses (a failed Change/Delete is answered with its status)
        editor.lastCollection.child("AirSync", "Responses").ifPresent(rs -> rs.children().forEach(
                r -> assertEquals("1", r.childText("AirSync", "Status"), rs.toString())));
        assertTrue(editor.items(f).containsKey(sid), "an occurrence delete leaves the series");

        old.syncAll(f);
        assertEquals(Map.of("Change", 1), old.lastCommands);
        Map<String, Element> ex = exceptions(series(old, f));
        assertEquals(2, ex.size(), ex::toString);
        Element changed = ex.get("20301111T080000Z");
        assertEquals("Review (moved)", changed.childText("Calendar", "Subject"), changed::toString);
        assertEquals("20301111T130000Z", changed.childText("Calendar", "StartTime"));
        assertEquals("1", ex.get("20301118T080000Z").childText("Calendar", "Deleted"));
        assertEquals("1", series(old, f).child("Calendar", "Recurrence").orElseThrow().childText("Calendar", "Type"));

        other.syncAll(f);
        Map<String, Element> ex16 = exceptions(series(other, f));
        assertEquals(ex.keySet(), ex16.keySet());
        assertFalse(series(other, f).toString().contains("ExceptionStartTime"), "16.1 names exceptions by InstanceId");
        assertEquals("Review (moved)", ex16.get("20301111T080000Z").childText("Calendar", "Subject"));
    }

    /**
     * The engine stopped and started five times under phones' steady OPTIONS and Sync requests: each
     * answer is the engine's or 503 with Retry-After (the transport's servlet stays, the engine lets the
     * requests in progress finish), never an error; afterwards the phone goes on with its sync key.
     */
    @Test
    @Order(4)
    void restartingTheEngineUnderRequestsOnlyEverSaysRetryLater() throws Exception {
        EasPhone p = new EasPhone(client("SL161", "16.1")).setUp();
        String f = p.folder("Contacts");
        p.syncAll(f);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> bad = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable steady = () -> {
            for (int i = 0; !done.get(); i++) {
                try {
                    Result r = i % 2 == 0 ? p.client.options() : p.client.post("Sync", p.request(f));
                    statuses.merge(r.status(), 1, Integer::sum);
                    if (r.status() == 503 && r.header("Retry-After") == null) {
                        bad.add("503 without Retry-After");
                    } else if (r.status() != 200 && r.status() != 503) {
                        bad.add("HTTP " + r.status());
                    } else if (r.status() == 200 && r.document() != null) {
                        p.apply(f, r);
                    }
                } catch (Exception | AssertionError e) {
                    bad.add(e.toString());
                }
            }
        };
        // OPTIONS of other phones as well: more requests in flight when the engine goes and comes
        List<Thread> load = new ArrayList<>(List.of(new Thread(steady, "steady-phone")));
        for (int t = 0; t < 2; t++) {
            EasTestClient other = client("SLO" + t, "16.1");
            load.add(new Thread(() -> {
                while (!done.get()) {
                    try {
                        Result r = other.options();
                        statuses.merge(r.status(), 1, Integer::sum);
                        if (r.status() != 200 && (r.status() != 503 || r.header("Retry-After") == null)) {
                            bad.add("OPTIONS: HTTP " + r.status());
                        }
                    } catch (Exception e) {
                        bad.add(e.toString());
                    }
                }
            }, "steady-options-" + t));
        }
        load.forEach(Thread::start);
        try {
            EasPhone pinger = new EasPhone(client("SLP", "16.1")).setUp();
            pinger.syncAll(pinger.folder("Contacts"));
            for (int i = 0; i < 5; i++) {
                // a parked Ping too: it is answered when the engine stops, through the servlet that stays
                CompletableFuture<HttpResponse<byte[]>> ping = pinger.client.http().sendAsync(pinger.client.request("Ping",
                        EasPhone.ping(300, pinger.folder("Contacts")), Duration.ofSeconds(60)),
                        HttpResponse.BodyHandlers.ofByteArray());
                Thread.sleep(300);
                assertEquals(200, console("stop").statusCode());
                int answered = ping.get(20, TimeUnit.SECONDS).statusCode();
                if (answered != 200 && answered != 503) {
                    bad.add("Ping: HTTP " + answered);
                }
                Thread.sleep(300);
                assertEquals(200, console("start").statusCode());
                Thread.sleep(1200);
            }
        } finally {
            done.set(true);
            for (Thread t : load) {
                t.join(60_000);
            }
        }
        assertTrue(bad.isEmpty(), bad + " " + statuses);
        assertTrue(statuses.getOrDefault(503, 0) > 0 && statuses.getOrDefault(200, 0) > 0, statuses.toString());
        awaitEngine(p.client);
        p.syncAll(f);
    }

    /**
     * Removing a phone on the console's Phones page forgets its folders' sync state: when it comes back
     * (provisioned again, as a new device) its old sync key is unknown and it starts over; another
     * phone of the same account keeps its key.
     */
    @Test
    @Order(5)
    void removingAPhoneOnThePhonesPageForgetsItsSyncState() throws Exception {
        EasPhone gone = new EasPhone(client("SRM161", "16.1")).setUp();
        EasPhone stays = new EasPhone(client("SRM161B", "16.1")).setUp();
        String f = gone.folder("Contacts");
        gone.syncAll(f);
        stays.syncAll(f);
        java.net.http.HttpClient browser = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + hearth.consolePort + "/system/console/hearth-devices";
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + consolePassword)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name='csrf' value='([^']+)'").matcher(page.body());
        assertTrue(token.find(), "a form token on the page");
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hearth-console="))
                .findFirst().orElseThrow().split(";")[0];
        HttpResponse<String> removed = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base))
                .header("Authorization", auth).header("Cookie", cookie)
                .header("Origin", "http://127.0.0.1:" + hearth.consolePort)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + java.net.URLEncoder.encode(token.group(1),
                        StandardCharsets.UTF_8) + "&action=remove&confirmed=yes&user=" + USER + "&device=SRM161"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, removed.statusCode(), removed.body());

        EasPhone back = new EasPhone(client("SRM161", "16.1")).setUp();
        Result r = back.client.post("Sync", gone.request(f));
        Element coll = r.document().child("AirSync", "Collections").orElseThrow().child("AirSync", "Collection").orElseThrow();
        assertEquals("3", coll.childText("AirSync", "Status"), "the removed phone's key is forgotten: " + coll);
        back.syncAll(f);
        assertEquals(labels(stays.items(f)), labels(back.items(f)));
        stays.syncAll(f); // its key still good
    }

    /** Waits (up to 30 s) until the engine answers this phone's OPTIONS with 200. */
    static void awaitEngine(EasTestClient phone) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (phone.options().status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    private HttpResponse<String> console(String action) throws Exception {
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + consolePassword)
                .getBytes(StandardCharsets.UTF_8));
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + hearth.consolePort + "/system/console/bundles/org.hearthsync.activesync"))
                .header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
                // a state-changing console request is taken only from the console's own origin (CSRF)
                .header("Origin", "http://127.0.0.1:" + hearth.consolePort)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("action=" + action)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
