package org.hearthsync.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;

/**
 * A hostile-client soak against the launched distribution: slow clients, dropped clients, bodies
 * declared huge, wrong passwords from many source addresses (127.0.x.y, all loopback), all at once,
 * while one phone keeps adding a contact and syncing. Reports the load held, the server's resident
 * memory and the phone's Sync latency during the attack. Not a test: run it by hand,
 *
 * <pre>mvn -B -q -pl launcher exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.hearthsync.launcher.HostileBenchmark -Dexec.args="300"</pre>
 *
 * (argument: seconds of attack) and record its output in launcher/BENCHMARK-hostile.md.
 * {@code HostileClientsIT} runs the same soak for 20 s.
 */
public final class HostileBenchmark {
    static final String USER = "bench";
    static final String PASSWORD = "benchmark password";
    /** Trickling clients kept connected at any time, and how many addresses they come from. */
    static final int TRICKLERS = 150;
    static final int TRICKLER_ADDRESSES = 30;

    /** What a soak measured. */
    record Figures(long seconds, long trickling, long oversized, long dropped, long wrongPasswords, long idleRssMb,
            long peakRssMb, long heapAfterGcMb, int phoneSyncs, int phoneFailures, double p50Millis, double p99Millis, double maxMillis,
            String firstFailure) {
        @Override
        public String toString() {
            return String.format("attack %d s: %d trickling clients kept connected (from %d addresses; %d started in all, as the server cut them off), %d bodies declared 32 MB"
                    + " (4 bytes sent), %d clients dropped mid-body, %d wrong passwords from %d addresses%n"
                    + "server RSS: idle %d MB, peak %d MB during the attack; live heap after a full GC once it ended: %d MB%n"
                    + "phone: %d Syncs (each adds one contact), %d failed; latency p50 %.0f ms, p99 %.0f ms, max %.0f ms%s",
                    seconds, TRICKLERS, TRICKLER_ADDRESSES, trickling, oversized, dropped, wrongPasswords, WRONG_PASSWORD_ADDRESSES,
                    idleRssMb, peakRssMb, heapAfterGcMb, phoneSyncs, phoneFailures, p50Millis, p99Millis, maxMillis,
                    firstFailure == null ? "" : "\nfirst failure: " + firstFailure);
        }
    }

    static final int WRONG_PASSWORD_ADDRESSES = 500;

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 300;
        Path data = Files.createTempDirectory("hearth-hostile-bench").resolve("data");
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.account-" + USER + ".cfg"), "user.name = " + USER
                + "\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n", StandardCharsets.UTF_8);
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            SSLContext tls = hearth.trustingHearth();
            System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.println(soak(hearth, tls, USER, PASSWORD, Duration.ofSeconds(seconds)));
            System.out.println(serverWarnings(hearth));
        }
    }

    /** Runs the attack for {@code length} while a phone syncs; the phone's account must exist. */
    static Figures soak(RunningHearth hearth, SSLContext tls, String user, String password, Duration length)
            throws Exception {
        EasPhone phone = new EasPhone(EasTestClient.of(tls, hearth.easPort, user, password, "SOAKPHONE", "SoakPhone",
                "16.1", false));
        long deadline0 = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) { // the account file is read a moment after the start
            try {
                phone.setUp();
                break;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline0) {
                    throw e;
                }
                Thread.sleep(300);
            }
        }
        String contacts = phone.folder("Contacts");
        phone.syncAll(contacts);
        long pid = hearth.process.pid();
        long idle = HostileClients.rssMb(pid);
        AtomicLong peak = new AtomicLong(idle);
        AtomicLong oversized = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        AtomicInteger tricklersStarted = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        int failures = 0;
        String firstFailure = null;
        try (HostileClients attack = new HostileClients(tls, hearth.easPort, hearth.setupPort)) {
            long end = System.nanoTime() + length.toNanos();
            // slow clients: kept at TRICKLERS; one that the server cuts off is replaced
            attack.spawn(() -> {
                while (!attack.stop.get()) {
                    int missing = TRICKLERS - (tricklersStarted.get() - (int) attack.trickleEnded.get());
                    if (missing > 0) {
                        attack.trickle(1_000 + tricklersStarted.get() % TRICKLER_ADDRESSES, Math.min(missing, 10), 1,
                                null, null, 2_000);
                        tricklersStarted.addAndGet(Math.min(missing, 10));
                    }
                    Thread.sleep(200);
                }
            });
            for (int t = 0; t < 2; t++) {
                attack.spawn(() -> {
                    for (int i = 0; !attack.stop.get(); i++) {
                        attack.oversized(HostileClients.source(2_000, i % 40));
                        oversized.incrementAndGet();
                    }
                });
            }
            attack.spawn(() -> {
                for (int i = 0; !attack.stop.get(); i++) {
                    boolean signedIn = i % 2 == 0;
                    attack.dropped(HostileClients.source(3_000, i % 40), signedIn ? user : null, signedIn ? password : null);
                    dropped.incrementAndGet();
                }
            });
            attack.spawn(() -> {
                for (int i = 0; !attack.stop.get(); i++) {
                    attack.wrongPassword(HostileClients.source(4_000, i % WRONG_PASSWORD_ADDRESSES), user);
                    wrong.incrementAndGet();
                }
            });
            attack.spawn(() -> {
                while (!attack.stop.get()) {
                    peak.accumulateAndGet(HostileClients.rssMb(pid), Math::max);
                    Thread.sleep(250);
                }
            });
            int n = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                try {
                    phone.add(contacts, EasPhone.item("Contacts", "Soak " + n++, "during the attack"));
                    phone.syncAll(contacts);
                    latencies.add((System.nanoTime() - t0) / 1e6);
                } catch (Exception | AssertionError e) {
                    failures++;
                    if (firstFailure == null) {
                        firstFailure = e.toString();
                    }
                    phone = phone.reconnect(phone.client);
                }
                Thread.sleep(500);
            }
        }
        Thread.sleep(2_000); // the last attackers' connections close
        long heapAfterGc = heapAfterGcMb(pid);
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Figures(length.toSeconds(), tricklersStarted.get(), oversized.get(), dropped.get(), wrong.get(), idle,
                peak.get(), heapAfterGc, sorted.size(), failures, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), firstFailure);
    }

    /**
     * The server's used heap after a full GC, through jcmd: what the attack left behind, as opposed to
     * resident memory, which also counts the garbage the JVM let the heap grow for.
     */
    static long heapAfterGcMb(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        Process info = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
                .start();
        String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }

    /** What the server logged at WARN or ERROR meanwhile: the first lines of each. */
    static String serverWarnings(RunningHearth hearth) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < hearth.output.size(); i++) {
            String line = hearth.output.get(i);
            if (line.contains("[WARN]") || line.contains("[ERROR]") || line.startsWith("WARNING")) {
                lines.add(line);
                for (int j = i + 1; j < Math.min(hearth.output.size(), i + 12) && hearth.output.get(j).startsWith("\t"); j++) {
                    lines.add(hearth.output.get(j));
                }
            }
        }
        return "server WARN/ERROR lines: " + lines.size() + (lines.isEmpty() ? "" : "\n" + String.join("\n",
                lines.subList(0, Math.min(lines.size(), 60))));
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
