package org.hearthsync.launcher;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hearthsync.auth.PasswordHash;

/**
 * Push for the DAV store adapter: a card written straight into Radicale (a PUT by another DAV client,
 * not through Hearth) while a phone's Ping is parked on the address book Hearth serves from it; the
 * time from the write to the Ping's answer, over N trials. The DAV store's full poll is an hour
 * apart here, so every answer comes from the quick look at watched collections. Not a test: run it by hand,
 *
 * <pre>mvn -B -q -pl launcher exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.hearthsync.launcher.DavPushBenchmark -Dexec.args="50"</pre>
 *
 * and record its output in launcher/BENCHMARK-sync.md. {@link DavPushIT} runs one trial as a test.
 */
public final class DavPushBenchmark {

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        try (Rig rig = Rig.start(Files.createTempDirectory("hearth-davpush-bench"))) {
            System.out.printf("machine: %d cores, Java %s; Radicale, DAV store poll.seconds = 3600%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                millis.add(rig.trial(i));
            }
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            System.out.printf("write in Radicale -> Ping answer over %d trials: p50 %d ms, p99 %d ms, max %d ms%n", trials,
                    percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
            System.out.println("all (ms, in order): " + millis);
            List<Long> puts = new ArrayList<>(rig.putMillis);
            Collections.sort(puts);
            System.out.printf("of which Radicale's answer to the PUT: p50 %d ms, p99 %d ms%n", percentile(puts, 50),
                    percentile(puts, 99));
        }
    }

    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** A Radicale, a Hearth whose account is served from it, and a phone with the address book synced. */
    static final class Rig implements AutoCloseable {
        static final String PASSWORD = "dav push pass phrase";
        final Radicale radicale;
        final RunningHearth hearth;
        final EasPhone phone;
        final String folder;
        final HttpClient http;
        /** How long each trial's PUT took Radicale to answer: part of the latency, not Hearth's. */
        final List<Long> putMillis = new ArrayList<>();

        private Rig(Radicale radicale, RunningHearth hearth, EasPhone phone, HttpClient http) {
            this.radicale = radicale;
            this.hearth = hearth;
            this.phone = phone;
            this.http = http;
            this.folder = phone.folder("Contacts");
        }

        static Rig start(Path tmp) throws Exception {
            Radicale.require();
            Radicale radicale = Radicale.start(tmp.resolve("radicale"));
            RunningHearth hearth = null;
            try {
                radicale.createCollections();
                Path etc = tmp.resolve("data").resolve("etc");
                Files.createDirectories(etc);
                Files.writeString(etc.resolve("org.hearthsync.account-pusher.cfg"), "user.name = pusher\n"
                        + "email.address = pusher@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray())
                        + "\nstore.name = pushdav\n", StandardCharsets.UTF_8);
                // an hour between full polls: only the quick look at watched collections can answer in time
                Files.writeString(etc.resolve("org.hearthsync.store.dav-pushdav.cfg"), "store.name = pushdav\nurl = "
                        + radicale.url() + "\nuser = " + Radicale.USER + "\n.password = " + Radicale.PASSWORD
                        + "\npoll.seconds = 3600\n", StandardCharsets.UTF_8);
                hearth = RunningHearth.start(tmp.resolve("data")).awaitRunning();
                HttpClient http = HttpClient.newBuilder().sslContext(hearth.trustingHearth())
                        .connectTimeout(Duration.ofSeconds(10)).build();
                EasTestClient client = new EasTestClient(http, "https://localhost:" + hearth.easPort
                        + "/Microsoft-Server-ActiveSync", "pusher", PASSWORD, "DAVPUSH", "PushPhone", "16.1", false);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (client.options().status() != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                EasPhone phone = new EasPhone(client).setUp();
                String f = phone.folder("Contacts");
                if (f == null) {
                    throw new AssertionError("the phone has no Contacts folder from Radicale: " + phone.folderByClass);
                }
                phone.sync(f);
                phone.syncAll(f);
                return new Rig(radicale, hearth, phone, http);
            } catch (Exception | Error e) {
                if (hearth != null) {
                    hearth.close();
                }
                radicale.close();
                throw e;
            }
        }

        /**
         * Parks a Ping on the address book, lets it settle, PUTs a card into Radicale directly, and returns
         * the milliseconds from the start of the PUT to the Ping's answer, which must say "changes" for the
         * folder (fails otherwise). The phone then syncs the card, so the next trial starts level.
         */
        long trial(int i) throws Exception {
            CompletableFuture<HttpResponse<byte[]>> ping = http.sendAsync(
                    phone.client.request("Ping", EasPhone.ping(300, folder), Duration.ofSeconds(330)),
                    HttpResponse.BodyHandlers.ofByteArray());
            // parked, and the store has had a look at the watched book; a random part so that the writes fall at
            // any point of the store's one-second cycle, not at one phase of it
            Thread.sleep(1500 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1000));
            if (ping.isDone()) {
                throw new AssertionError("the Ping was answered before anything changed: "
                        + EasTestClient.result(ping.get()).document());
            }
            String uid = "davpush-" + i + "-" + System.nanoTime();
            String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:Push " + i + "\r\nN:Push;" + i
                    + ";;;\r\nEND:VCARD\r\n";
            long start = System.nanoTime();
            int s = radicale.send("PUT", "/" + Radicale.USER + "/contacts/" + uid + ".vcf", "text/vcard", card).statusCode();
            putMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            if (s != 201 && s != 204) {
                throw new AssertionError("Radicale refused the card: HTTP " + s);
            }
            HttpResponse<byte[]> answer = ping.get(330, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            EasTestClient.Result r = EasTestClient.result(answer);
            String status = r.document() == null ? null : r.document().childText("Ping", "Status");
            if (!"2".equals(status)) {
                throw new AssertionError("the Ping ended without the change (status " + status + ") after " + millis + " ms");
            }
            phone.syncAll(folder);
            if (phone.items.getOrDefault(folder, java.util.Map.of()).values().stream()
                    .noneMatch(d -> ("Push " + i).equals(d.childText("Contacts", "FileAs"))
                            || String.valueOf(i).equals(d.childText("Contacts", "FirstName")))) {
                throw new AssertionError("the phone did not get the card after the Ping: " + phone.items.get(folder));
            }
            return millis;
        }

        @Override
        public void close() throws Exception {
            try {
                hearth.close();
            } finally {
                radicale.close();
            }
        }
    }
}
