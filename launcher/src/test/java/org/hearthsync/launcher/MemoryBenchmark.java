package org.hearthsync.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;

/**
 * Resident memory of the server as a household runs it: idle after start, and the peak while a new phone makes its
 * initial sync of N contacts (sampled every 50 ms from /proc). Run it against the packaged launcher (its JVM options
 * are the installed ones) or the development jar (-Dhearth.launcher unset):
 *
 * <pre>mvn -B -q -o -f launcher/pom.xml exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.hearthsync.launcher.MemoryBenchmark -Dexec.args="5000 30" \
 *     -Dhearth.launcher=launcher/target/installer/image/hearth/bin/hearth</pre>
 *
 * Arguments: contacts, seconds of idleness before the idle figure. Results in launcher/BENCHMARK-memory.md.
 */
public final class MemoryBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path data = Files.createTempDirectory("hearth-memory-bench").resolve("data");
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.account-bench.cfg"), "user.name = " + SyncBenchmark.USER
                + "\nemail.address = bench@hearth.test\npassword.hash = " + PasswordHash.hash(SyncBenchmark.PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        System.out.printf("launcher: %s; load average %.1f%n", String.join(" ", RunningHearth.launcher()),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            long pid = hearth.process.pid();
            Thread.sleep(idleSeconds * 1000L);
            System.out.printf("idle %d s after start: %s%n", idleSeconds, PingScaleBenchmark.ProcStatus.of(pid));

            SSLContext tls = hearth.trustingHearth();
            EasPhone seeder = SyncBenchmark.phone(tls, hearth, "SEEDER").setUp();
            String f = seeder.folder("Contacts");
            seeder.syncAll(f);
            long t0 = System.nanoTime();
            SyncBenchmark.seed(seeder, f, 0, n);
            System.out.printf("seeded %d contacts through Sync Adds in %.1f s: %s%n", n, (System.nanoTime() - t0) / 1e9,
                    PingScaleBenchmark.ProcStatus.of(pid));
            Thread.sleep(idleSeconds * 1000L);
            System.out.printf("idle %d s after seeding: %s%n", idleSeconds, PingScaleBenchmark.ProcStatus.of(pid));

            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        peak.accumulateAndGet(PingScaleBenchmark.ProcStatus.of(pid).rssKb(), Math::max);
                        Thread.sleep(50);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            SyncBenchmark.initialSync(tls, hearth, "NEWPHONE", n);
            sampler.interrupt();
            sampler.join();
            System.out.printf("peak resident during the new phone's initial sync of %d contacts: %d MB%n", n, peak.get() / 1024);
            Thread.sleep(idleSeconds * 1000L);
            System.out.printf("idle %d s after the sync: %s%n", idleSeconds, PingScaleBenchmark.ProcStatus.of(pid));
        }
    }
}
