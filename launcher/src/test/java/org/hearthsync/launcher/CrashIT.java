package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.hearthsync.launcher.EasTestClient.Result;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server killed with SIGKILL in the middle of two-way sync, then started again on the same data
 * folder: nothing a phone was told is stored is lost, and nothing is stored twice.
 *
 * <p>Two phones keep syncing one Contacts folder at the same time: each adds batches of contacts
 * (with ClientIds), changes and deletes some of its own, and pulls the other's in small windows. In
 * each round the server process (the JVM itself, not a script) is killed either after a seeded delay
 * (so the kill lands inside whatever request is running, often a Sync writing dozens of items) or
 * right after it answered a Sync whose response the phone then "loses". After the restart each phone
 * goes on exactly as a phone does: it sends the unanswered request again with the same sync key (the
 * lost response comes back byte for byte); in the last round it first adds more, so the retry is a
 * different request with the old key. Then both phones and a fresh phone must hold exactly the
 * items the phones meant to have, each once. Round {@value #CALENDAR_ROUND} does the same in a
 * Calendar folder, with weekly series among the events (their recurrence must survive as well).
 * The seed is {@code -Dhearth.crash.seed}.
 */
class CrashIT {
    static final String USER = "crasher";
    static final String PASSWORD = "kill dash nine, then again";
    static final long SEED = Long.getLong("hearth.crash.seed", 20261122L);

    enum Kill {
        /** after a seeded delay, whatever is running then */
        TIMED,
        /** right after the server answered phone A's Sync, whose response A never sees */
        LOST_A,
        /** the same for phone B */
        LOST_B,
        /** A's response lost, and A adds more before retrying with the old key */
        LOST_A_THEN_MORE
    }

    static final List<Kill> ROUNDS = List.of(Kill.TIMED, Kill.LOST_A, Kill.TIMED, Kill.LOST_B, Kill.TIMED,
            Kill.LOST_A_THEN_MORE);
    /** The round (a timed kill) the phones spend in their Calendar folder instead of Contacts. */
    static final int CALENDAR_ROUND = 2;

    private SSLContext tls;
    private int port;

    @Test
    void sigkillDuringTwoWaySyncLosesAndDuplicatesNothing(@TempDir Path tmp) throws Exception {
        System.out.println("CrashIT seed " + SEED);
        Random random = new Random(SEED);
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.account-" + USER + ".cfg"), "user.name = " + USER
                + "\nemail.address = crasher@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray())
                + "\n", StandardCharsets.UTF_8);
        RunningHearth hearth = startOn(data);
        List<String> logs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int interruptedInFlight = 0;
        try {
            Actor a = new Actor("A", new EasPhone(client("CRASHA")).setUp(), 20, new Random(random.nextLong()));
            Actor b = new Actor("B", new EasPhone(client("CRASHB")).setUp(), 7, new Random(random.nextLong()));
            String contacts = a.phone.folder("Contacts");
            assertEquals(contacts, b.phone.folder("Contacts"));
            String calendar = a.phone.folder("Calendar");
            assertEquals(calendar, b.phone.folder("Calendar"));
            List<String> folders = List.of(contacts, calendar);
            for (String f : folders) {
                a.phone.syncAll(f);
                b.phone.syncAll(f);
            }

            for (int round = 0; round < ROUNDS.size(); round++) {
                Kill kill = ROUNDS.get(round);
                String folder = round == CALENDAR_ROUND ? calendar : contacts;
                for (Actor x : List.of(a, b)) {
                    x.folder = folder;
                    x.events = folder.equals(calendar);
                }
                Actor loser = kill == Kill.LOST_B ? b : kill == Kill.TIMED ? null : a;
                a.prepare(loser == a ? 2 + random.nextInt(6) : -1);
                b.prepare(loser == b ? 2 + random.nextInt(6) : -1);
                Future<?> fa = pool.submit(() -> {
                    a.run();
                    return null;
                });
                Future<?> fb = pool.submit(() -> {
                    b.run();
                    return null;
                });
                long delay = 0;
                if (loser == null) {
                    delay = 300 + random.nextInt(2200);
                    Thread.sleep(delay);
                } else {
                    assertTrue(loser.lost.await(120, TimeUnit.SECONDS), "phone " + loser.name + " did not reach its step");
                }
                assertEquals(137, hearth.kill(), "killed by SIGKILL");
                logs.add(hearth.output());
                a.stop = true;
                b.stop = true;
                fa.get(90, TimeUnit.SECONDS);
                fb.get(90, TimeUnit.SECONDS);
                for (Actor x : List.of(a, b)) {
                    if (x.interrupted != null && !(x.interrupted instanceof ConnectException)) {
                        interruptedInFlight++;
                    }
                }
                System.out.printf("CrashIT round %d %s in %s (%d ms): A %d steps%s, B %d steps%s, %d items meant%n", round,
                        kill, folder.equals(calendar) ? "Calendar" : "Contacts", delay, a.steps, a.how(), b.steps, b.how(),
                        a.model().size() + b.model().size());

                hearth = startOn(data);
                a.phone = a.phone.reconnect(client("CRASHA"));
                b.phone = b.phone.reconnect(client("CRASHB"));
                if (kill == Kill.LOST_A_THEN_MORE) {
                    a.queueBatch();
                }
                for (Actor x : List.of(a, b)) {
                    if (x.lostResponse != null && kill != Kill.LOST_A_THEN_MORE) {
                        // the same request again, with the same key: the answer the phone never saw, unchanged
                        Result again = x.phone.client.post("Sync", x.phone.request(x.folder));
                        assertNotNull(again.document(), "a Sync response");
                        assertEquals(x.lostResponse.toString(), again.document().toString(),
                                "the retried Sync gets the lost response again");
                        x.phone.apply(x.folder, again);
                    }
                }
                EasPhone fresh = new EasPhone(client("CRASHZ" + round)).setUp();
                fresh.window = 200;
                converge(a, b, folders);
                for (String f : folders) {
                    Map<String, String> meant = new TreeMap<>(a.model(f));
                    meant.putAll(b.model(f));
                    fresh.syncAll(f);
                    String what = "round " + round + (f.equals(calendar) ? ", Calendar" : ", Contacts");
                    assertEquals(meant, view(fresh, f), what + ": what the server holds");
                    assertEquals(meant, view(a.phone, f), what + ": phone A");
                    assertEquals(meant, view(b.phone, f), what + ": phone B");
                }
            }
            assertTrue(a.model(calendar).values().stream().anyMatch(v -> v.endsWith(WEEKLY))
                    && a.model(calendar).values().stream().anyMatch(v -> !v.endsWith(WEEKLY)), "series and single events");
            assertTrue(interruptedInFlight > 0, "no kill landed inside a request");
        } finally {
            pool.shutdownNow();
            logs.add(hearth.output()); // before close(), which closes the output stream under the reader
            hearth.close();
        }
        for (String out : logs) {
            out.lines().filter(l -> l.contains("WARN")).forEach(l -> System.out.println("CrashIT server: " + l));
            assertTrue(!out.contains(PASSWORD), "a password reached the log");
            // a restart after SIGKILL is an ordinary start: nothing to repair, nothing failing
            assertTrue(!out.contains("Exception") && !out.contains("ERROR"), out);
        }
    }

    private int[] ports; // of the first start, kept by every restart

    private RunningHearth startOn(Path data) throws Exception {
        // A restart after a crash keeps its ports, as a user's does. On other ports, Felix HTTP 1.1.8 first starts
        // its Jetty instances on the saved configuration and restarts them when the transport writes the new one; its
        // stop unregisters the runtime before closing the whiteboard trackers, and a servlet SCR registers in that gap
        // gets a NullPointerException logged (harmless: the restarted instance takes the servlet). Not this test's path.
        RunningHearth h = (ports == null ? RunningHearth.start(data) : RunningHearth.startOnPorts(data, ports)).awaitRunning();
        ports = new int[] { h.easPort, h.setupPort, h.consolePort };
        tls = h.trustingHearth();
        port = h.easPort;
        EasTestClient probe = client("PROBE");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (probe.options().status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("EAS not ready:\n" + h.output());
            }
            Thread.sleep(100);
        }
        return h;
    }

    private EasTestClient client(String deviceId) {
        return EasTestClient.of(tls, port, USER, PASSWORD, deviceId, "CrashPhone", "16.1", false);
    }

    /** Both phones send what they still have and take everything the other sent, in every folder. */
    private static void converge(Actor a, Actor b, List<String> folders) throws Exception {
        a.phone.window = 100;
        b.phone.window = 100;
        for (String folder : folders) {
            a.phone.syncAll(folder);
            b.phone.syncAll(folder);
            a.phone.syncAll(folder);
        }
        assertTrue(a.phone.pendingAdds.isEmpty() && b.phone.pendingAdds.isEmpty(), "every Add acknowledged");
    }

    /** What a weekly series adds to an event's detail in the model and the views. */
    static final String WEEKLY = " weekly x10";

    /**
     * A phone's items as label → detail (a contact's job title; an event's subject after the label,
     * and {@value #WEEKLY} for a series); fails on a label held twice (a duplicate).
     */
    static Map<String, String> view(EasPhone phone, String folder) {
        Map<String, String> out = new TreeMap<>();
        for (Element d : phone.items(folder).values()) {
            String label = label(d);
            String detail = d.childText("Contacts", "JobTitle");
            if (detail == null && d.childText("Calendar", "Subject") != null) {
                String subject = d.childText("Calendar", "Subject");
                detail = subject.substring(label.length()).strip();
                var r = d.child("Calendar", "Recurrence");
                if (r.isPresent()) {
                    detail += " weekly x" + r.get().childText("Calendar", "Occurrences");
                }
            }
            String was = out.put(label, detail == null ? "" : detail);
            if (was != null) {
                throw new AssertionError("a duplicate on " + phone.client.deviceId + ": " + label);
            }
        }
        return out;
    }

    /** An item's label: a contact's FileAs, the first word of an event's subject. */
    static String label(Element d) {
        String l = EasPhone.label(d);
        int space = l.indexOf(' ');
        return space < 0 ? l : l.substring(0, space);
    }

    /** An event of the crash round; every other one is a weekly series (Mondays from 4 Nov 2030, ten times). */
    static Element event(String label, int number, String detail) {
        Element d = new Element("AirSync", "ApplicationData");
        d.addText("Calendar", "Subject", detail == null ? label : label + " " + detail)
                .addText("Calendar", "StartTime", "20301104T080000Z").addText("Calendar", "EndTime", "20301104T090000Z");
        if (number % 2 == 1) {
            d.add("Calendar", "Recurrence").addText("Calendar", "Type", "1").addText("Calendar", "Interval", "1")
                    .addText("Calendar", "DayOfWeek", "2").addText("Calendar", "Occurrences", "10");
        }
        return d;
    }

    /** One phone syncing continuously until the server dies under it. */
    static final class Actor {
        final String name;
        final Random random;
        final int pullWindow;
        /** What this phone means the server to hold of its own items, per folder: label → detail (see {@link #view}). */
        final Map<String, Map<String, String>> models = new TreeMap<>();
        EasPhone phone;
        String folder;
        int labels;
        int changes;
        volatile boolean stop;
        int steps;
        int lostAt;
        CountDownLatch lost;
        Element lostResponse;
        IOException interrupted;
        boolean interruptedWithCommands;

        Actor(String name, EasPhone phone, int pullWindow, Random random) {
            this.name = name;
            this.phone = phone;
            this.pullWindow = pullWindow;
            this.random = random;
        }

        void prepare(int lostAt) {
            this.lostAt = lostAt;
            this.lost = new CountDownLatch(1);
            this.lostResponse = null;
            this.interrupted = null;
            this.interruptedWithCommands = false;
            this.stop = false;
            this.steps = 0;
            phone.window = pullWindow;
        }

        Map<String, String> model(String f) {
            return models.computeIfAbsent(f, k -> new TreeMap<>());
        }

        Map<String, String> model() {
            return model(folder);
        }

        /** Whether {@link #folder} is the Calendar folder (set with it by the test). */
        boolean events;

        String how() {
            if (lostResponse != null) {
                return " (lost a response)";
            }
            if (interrupted != null) {
                return " (" + (interrupted instanceof ConnectException ? "refused" : "cut mid-request")
                        + (interruptedWithCommands ? " carrying commands" : "") + ")";
            }
            return "";
        }

        void run() throws Exception {
            while (!stop) {
                if (phone.outbox.getOrDefault(folder, List.of()).isEmpty() && (random.nextInt(3) > 0 || steps + 1 == lostAt)) {
                    // the response to be lost moves the key: a quiet one would simply be built again
                    queueBatch();
                }
                boolean carrying = !phone.outbox.getOrDefault(folder, List.of()).isEmpty();
                steps++;
                try {
                    if (steps == lostAt) {
                        Result r = phone.client.post("Sync", phone.request(folder));
                        assertEquals(200, r.status());
                        lostResponse = r.document();
                        lost.countDown();
                        return;
                    }
                    phone.sync(folder);
                } catch (IOException e) {
                    interrupted = e;
                    interruptedWithCommands = carrying;
                    return;
                }
            }
        }

        /** Adds 1 to 40 contacts, changes up to 3 and deletes up to 2 of this phone's own acknowledged ones. */
        void queueBatch() {
            List<String> own = new ArrayList<>();
            phone.items(folder).forEach((sid, d) -> {
                if (label(d).startsWith(name + "-")) {
                    own.add(sid);
                }
            });
            int adds = 1 + random.nextInt(40);
            for (int i = 0; i < adds; i++) {
                String label = name + "-" + ++labels;
                phone.add(folder, item(label, null));
                model().put(label, expected(label, ""));
            }
            int touched = Math.min(own.size(), random.nextInt(4) + random.nextInt(3));
            for (int i = 0; i < touched; i++) {
                String sid = own.remove(random.nextInt(own.size()));
                String label = label(phone.items(folder).get(sid));
                if (i % 3 == 2) {
                    phone.delete(folder, sid);
                    model().remove(label);
                } else {
                    String detail = name + "-change-" + ++changes;
                    phone.change(folder, sid, item(label, detail));
                    model().put(label, expected(label, detail));
                }
            }
        }

        private Element item(String label, String detail) {
            return events ? event(label, number(label), detail) : EasPhone.item("Contacts", label, detail);
        }

        /** What {@link #view} shows for the item: an odd-numbered event is a series. */
        private String expected(String label, String detail) {
            return events && number(label) % 2 == 1 ? detail + WEEKLY : detail;
        }

        private static int number(String label) {
            return Integer.parseInt(label.substring(label.lastIndexOf('-') + 1));
        }
    }
}
