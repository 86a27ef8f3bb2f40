package org.hearthsync.launcher;

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

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.hearthsync.launcher.EasTestClient.Result;

/**
 * The sync engine end to end over TLS on loopback against the launched distribution: (a) the
 * initial sync of N contacts by a new device (1,000 then 10,000, for the linearity ratio), items
 * per second; (b) Ping latency from a store write made by another device's Sync to the Ping's
 * answer, p50/p99. Not a test: run it by hand,
 *
 * <pre>mvn -B -q -pl launcher exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.hearthsync.launcher.SyncBenchmark -Dexec.args="10000 200"</pre>
 *
 * and record its output in launcher/BENCHMARK-sync.md.
 */
public final class SyncBenchmark {
    static final String USER = "bench";
    static final String PASSWORD = "benchmark password";

    public static void main(String[] args) throws Exception {
        int big = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int pings = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int small = Math.max(1, big / 10);
        Path data = Files.createTempDirectory("hearth-sync-bench").resolve("data");
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.account-bench.cfg"), "user.name = " + USER
                + "\nemail.address = bench@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            SSLContext tls = hearth.trustingHearth();
            EasPhone seeder = phone(tls, hearth, "SEEDER").setUp();
            String f = seeder.folder("Contacts");
            seeder.syncAll(f);
            System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            long seedStart = System.nanoTime();
            seed(seeder, f, 0, small);
            initialSync(tls, hearth, "WARMUP", small); // JIT warm-up of client and server, not reported as a result
            double smallRate = initialSync(tls, hearth, "NEW1K", small);
            seed(seeder, f, small, big);
            System.out.printf("seeding %d contacts through Sync Adds (batches of 200): %.1f s%n", big,
                    (System.nanoTime() - seedStart) / 1e9);
            double bigRate = initialSync(tls, hearth, "NEW10K", big);
            System.out.printf("linearity: items/s at %d ÷ items/s at %d = %.2f (1.00 = linear)%n", big, small,
                    bigRate / smallRate);
            pingLatency(tls, hearth, pings);
        }
    }

    static EasPhone phone(SSLContext tls, RunningHearth hearth, String id) {
        return new EasPhone(EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, id, "BenchPhone", "16.1", false));
    }

    static void seed(EasPhone seeder, String f, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            seeder.add(f, EasPhone.item("Contacts", "Contact " + i, "Title " + i));
            if ((i + 1 - from) % 200 == 0 || i == to - 1) {
                seeder.window = 512;
                seeder.syncAll(f);
            }
        }
    }

    /** A new device's initial sync, WindowSize 512; returns items per second. */
    static double initialSync(SSLContext tls, RunningHearth hearth, String id, int expected) throws Exception {
        EasPhone p = phone(tls, hearth, id).setUp();
        String f = p.folder("Contacts");
        p.window = 512;
        long t0 = System.nanoTime();
        p.sync(f); // SyncKey 0
        int estimate = p.estimate(f);
        int trips = p.syncAll(f);
        double s = (System.nanoTime() - t0) / 1e9;
        int got = p.items(f).size();
        if (got != expected || estimate != expected) {
            throw new IllegalStateException("expected " + expected + " items, estimate " + estimate + ", got " + got);
        }
        double rate = got / s;
        System.out.printf("initial sync of %d contacts by a new device (16.1, WindowSize 512, %d round trips): "
                + "%.2f s, %.0f items/s%n", got, trips + 1, s, rate);
        return rate;
    }

    static void pingLatency(SSLContext tls, RunningHearth hearth, int n) throws Exception {
        EasPhone watcher = phone(tls, hearth, "WATCHER").setUp();
        EasPhone writer = phone(tls, hearth, "WRITER").setUp();
        String f = watcher.folder("Contacts");
        watcher.window = 512;
        writer.window = 512;
        watcher.syncAll(f);
        writer.syncAll(f);
        List<Double> fromRequest = new ArrayList<>();
        List<Double> fromResponse = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<HttpResponse<byte[]>> ping = watcher.client.http().sendAsync(
                    watcher.client.request("Ping", EasPhone.ping(300, f), Duration.ofSeconds(330)),
                    HttpResponse.BodyHandlers.ofByteArray());
            Thread.sleep(20); // let the Ping park
            writer.add(f, EasPhone.item("Contacts", "Ping " + i, null));
            long sent = System.nanoTime();
            long[] answered = new long[1];
            CompletableFuture<Void> mark = ping.thenAccept(r -> answered[0] = System.nanoTime());
            writer.sync(f);
            long responded = System.nanoTime();
            mark.get(10, TimeUnit.SECONDS);
            Result r = EasTestClient.result(ping.get());
            if (!"2".equals(r.document().childText("Ping", "Status"))) {
                throw new IllegalStateException("Ping answered " + r.document());
            }
            fromRequest.add((answered[0] - sent) / 1e6);
            fromResponse.add((answered[0] - responded) / 1e6);
            watcher.syncAll(f);
        }
        report("Ping answer after the writing device's Sync request was sent", fromRequest);
        report("Ping answer after that Sync's response arrived (negative: before it)", fromResponse);
    }

    static void report(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("%s (%d samples): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, s.size(),
                s.get(s.size() / 2), s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1)),
                s.get(s.size() - 1));
    }
}
