package org.hearthsync.launcher;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;

/**
 * Many phones with a parked Ping, as a household of servers never sees but a small office might:
 * the server's resident memory and thread count with N parked Pings (threads must not grow with
 * N: a parked Ping costs a parked request, not a thread), a Sync by another device while they are
 * parked, and whether the Pings outlive the listener's idle timeout. Not a test: run it by hand,
 *
 * <pre>mvn -B -q -pl launcher exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.hearthsync.launcher.PingScaleBenchmark -Dexec.args="2000 90"</pre>
 *
 * (devices, seconds the Pings stay parked), and record its output in launcher/BENCHMARK-sync.md.
 */
public final class PingScaleBenchmark {
    static final String USER = "bench";
    static final String PASSWORD = "benchmark password";

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int parkSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        Path data = Files.createTempDirectory("hearth-ping-bench").resolve("data");
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.account-bench.cfg"), "user.name = " + USER
                + "\nemail.address = bench@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        // Hearth admits 32 connections per client address: the phones come from several loopback addresses, at most
        // -Dhearth.bench.phonesPerAddress (default 16) each, as phones on a network would
        int perAddress = Integer.getInteger("hearth.bench.phonesPerAddress", 16);
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning();
                LoopbackSpread spread = new LoopbackSpread(Math.min(250, (devices + 1 + perAddress - 1) / perAddress), hearth.easPort)) {
            SSLContext tls = hearth.trustingHearth();
            // one client for all phones: it opens a connection per concurrent request, as many phones would
            HttpClient shared = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
            long pid = hearth.process.pid();
            System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.println("idle server: " + ProcStatus.of(pid));
            System.out.printf("phones spread over %d loopback addresses (127.0.0.2 on), at most %d each%n",
                    spread.addresses(), perAddress);

            List<EasPhone> phones = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < devices; i++) {
                EasPhone p = new EasPhone(new EasTestClient(shared, "https://localhost:" + spread.port(i)
                        + "/Microsoft-Server-ActiveSync", USER, PASSWORD, "PING" + i, "BenchPhone", "16.1", false)).setUp();
                p.sync(p.folder("Contacts"));
                p.syncAll(p.folder("Contacts"));
                phones.add(p);
            }
            System.out.printf("set up %d devices (Provision, FolderSync, Sync): %.1f s%n", devices, (System.nanoTime() - t0) / 1e9);
            System.out.println("before parking: " + ProcStatus.of(pid));

            List<CompletableFuture<HttpResponse<byte[]>>> parked = new ArrayList<>();
            // -Dhearth.bench.parkPerSecond=N: phones arrive at N per second instead of all in the same instant (2,000
            // TLS connections at once overflow the listen queue on a loaded 2-core machine: SYNs dropped, connect timeouts)
            int perSecond = Integer.getInteger("hearth.bench.parkPerSecond", 0);
            long p0 = System.nanoTime();
            for (EasPhone p : phones) {
                if (perSecond > 0) {
                    long due = p0 + (long) (parked.size() * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                parked.add(shared.sendAsync(p.client.request("Ping", EasPhone.ping(parkSeconds + 60, p.folder("Contacts")),
                        Duration.ofSeconds(parkSeconds + 120)), HttpResponse.BodyHandlers.ofByteArray()));
            }
            Thread.sleep(5000);
            long early = parked.stream().filter(CompletableFuture::isDone).count();
            System.out.printf("%d Pings parked (%d answered early)%n", devices, early);
            if (early > 0) {
                System.out.println("early outcomes: " + outcomes(parked));
                hearth.output.stream().filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(20).forEach(System.out::println);
            }
            System.out.println("with parked Pings: " + ProcStatus.of(pid));

            EasPhone other = new EasPhone(new EasTestClient(shared, "https://localhost:" + spread.port(devices)
                    + "/Microsoft-Server-ActiveSync", USER, PASSWORD, "OTHER", "BenchPhone", "16.1", false)).setUp();
            String f = other.folder("Contacts");
            other.sync(f);
            other.syncAll(f);
            long s0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                other.add(f, EasPhone.item("Contacts", "Other " + i, null));
                other.syncAll(f);
            }
            double perSync = (System.nanoTime() - s0) / 1e6 / 20;
            System.out.printf("Sync by another device while they are parked: %.1f ms per Sync with one Add%n", perSync);
            // the Adds woke every Ping (same folder): count how many answered with "changes" (status 2)
            // when the answers came (from the end of the Adds): the rate of the wake-up, not only its count
            long w0 = System.nanoTime();
            long deadline = w0 + Duration.ofSeconds(60).toNanos();
            long half = -1;
            long pending;
            while ((pending = parked.stream().filter(c -> !c.isDone()).count()) > 0 && System.nanoTime() < deadline) {
                if (half < 0 && pending <= devices / 2) {
                    half = System.nanoTime() - w0;
                }
                Thread.sleep(200);
            }
            System.out.printf("wake-up: half answered after %.1f s, %d unanswered after %.1f s%n", half < 0 ? -1 : half / 1e9,
                    pending, (System.nanoTime() - w0) / 1e9);
            System.out.println("outcomes: " + outcomes(parked));
            long changed = parked.stream().filter(CompletableFuture::isDone).filter(c -> {
                try {
                    return "2".equals(EasTestClient.result(c.get()).document().childText("Ping", "Status"));
                } catch (Exception e) {
                    return false;
                }
            }).count();
            System.out.printf("Pings woken by the change: %d of %d%n", changed, devices);
            System.out.println("after: " + ProcStatus.of(pid));
            if (Boolean.getBoolean("hearth.bench.wakeOnly")) {
                return; // comparing option sets: the long park below adds parkSeconds and measures nothing of the wake-up
            }

            // park again and wait past the listener's idle timeout: a Ping must outlive it
            List<CompletableFuture<HttpResponse<byte[]>>> longParked = new ArrayList<>();
            for (EasPhone p : phones.subList(0, Math.min(50, phones.size()))) {
                p.syncAll(p.folder("Contacts"));
                longParked.add(shared.sendAsync(p.client.request("Ping", EasPhone.ping(parkSeconds, p.folder("Contacts")),
                        Duration.ofSeconds(parkSeconds + 60)), HttpResponse.BodyHandlers.ofByteArray()));
            }
            long l0 = System.nanoTime();
            int ok = 0;
            for (CompletableFuture<HttpResponse<byte[]>> c : longParked) {
                try {
                    String status = EasTestClient.result(c.get()).document().childText("Ping", "Status");
                    ok += "1".equals(status) ? 1 : 0;
                } catch (Exception e) {
                    System.out.println("a long Ping failed: " + e);
                }
            }
            System.out.printf("%d of %d Pings parked for %d s ended with status 1 (heartbeat expired) after %.0f s%n", ok,
                    longParked.size(), parkSeconds, (System.nanoTime() - l0) / 1e9);
        }
    }

    /** How many requests got which Ping status, failed how, or are still unanswered. */
    static java.util.Map<String, Long> outcomes(List<CompletableFuture<HttpResponse<byte[]>>> requests) {
        java.util.Map<String, Long> outcomes = new java.util.TreeMap<>();
        for (CompletableFuture<HttpResponse<byte[]>> c : requests) {
            String o;
            if (!c.isDone()) {
                o = "unanswered";
            } else {
                try {
                    HttpResponse<byte[]> r = c.get();
                    o = r.statusCode() != 200 ? "HTTP " + r.statusCode()
                            : "status " + EasTestClient.result(r).document().childText("Ping", "Status");
                } catch (Exception e) {
                    o = "failed: " + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName();
                }
            }
            outcomes.merge(o, 1L, Long::sum);
        }
        return outcomes;
    }

    /** VmRSS and Threads of a process, from /proc. */
    record ProcStatus(long rssKb, int threads) {
        static ProcStatus of(long pid) throws Exception {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            return new ProcStatus(rss, threads);
        }

        @Override
        public String toString() {
            return String.format("resident %d MB, %d threads", rssKb / 1024, threads);
        }
    }
}
