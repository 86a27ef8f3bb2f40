package org.hearthsync.launcher;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLSocket;

/**
 * Measures the time from starting the distribution to the EAS port completing a TLS handshake
 * with a client that trusts only Hearth's own root: first start (a new data folder, so the CA and
 * server certificate are made) and restart (the same folder). Not a test: run it by hand,
 *
 * <pre>mvn -B -q -pl launcher exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.hearthsync.launcher.StartupBenchmark -Dexec.args="7"</pre>
 *
 * and record its output in launcher/BENCHMARK.md. It also times {@code java -version} as the
 * floor any Java program pays on this machine, so runs on noisy machines compare as ratios.
 */
public final class StartupBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        // launchers to compare, taken in turn in every run so they share the machine's load: "jar" (java -jar of
        // hearth.dist) or the path of a packaged launcher (bin/hearth)
        List<String> launchers = args.length > 1 ? List.of(args[1].split(",")) : List.of(System.getProperty("hearth.launcher", "jar"));
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        java.util.Map<String, List<Long>> first = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<Long>> restart = new java.util.LinkedHashMap<>();
        // CPU time the server used until its first handshake: on a shared machine it varies far less than the wall time
        java.util.Map<String, List<Long>> restartCpu = new java.util.LinkedHashMap<>();
        // a restart on the ports of the last run, as a user's restart is: the saved listener configuration still holds
        java.util.Map<String, List<Long>> samePorts = new java.util.LinkedHashMap<>();
        List<Long> jvm = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            jvm.add(jvmFloor());
            for (String l : launchers) {
                if (l.equals("jar")) {
                    System.clearProperty("hearth.launcher");
                } else {
                    System.setProperty("hearth.launcher", l);
                }
                Path data = Files.createTempDirectory("hearth-bench");
                first.computeIfAbsent(l, k -> new ArrayList<>()).add(timeToTls(data)[0]);
                long[] again = timeToTls(data);
                restart.computeIfAbsent(l, k -> new ArrayList<>()).add(again[0]);
                restartCpu.computeIfAbsent(l, k -> new ArrayList<>()).add(again[1]);
                samePorts.computeIfAbsent(l, k -> new ArrayList<>()).add(timeToTls(data, lastPorts)[0]);
            }
        }
        System.out.printf("runs: %d (%d cores), load average %.1f before, %.1f after%n", runs,
                Runtime.getRuntime().availableProcessors(), loadBefore,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report("java -version (floor)", jvm);
        for (String l : launchers) {
            System.out.println(l.equals("jar") ? "java -jar hearth.jar:" : l + ":");
            report("first start to EAS TLS handshake", first.get(l));
            report("restart to EAS TLS handshake", restart.get(l));
            report("restart: server CPU until handshake", restartCpu.get(l));
            report("restart on the same ports", samePorts.get(l));
            System.out.printf("ratio restart/floor (median): %.1f%n", (double) median(restart.get(l)) / median(jvm));
        }
    }

    private static long jvmFloor() throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Milliseconds from the start to the first TLS handshake, and the CPU milliseconds the server had used by then. */
    private static long[] timeToTls(Path data) throws Exception {
        return timeToTls(data, null);
    }

    /** The EAS, setup and console ports of the last start. */
    private static int[] lastPorts;

    /** As {@link #timeToTls(Path)}, on the given ports (null: free ones). */
    private static long[] timeToTls(Path data, int[] ports) throws Exception {
        long t0 = System.nanoTime();
        try (RunningHearth h = ports == null ? RunningHearth.start(data) : RunningHearth.startOnPorts(data, ports)) {
            lastPorts = new int[] { h.easPort, h.setupPort, h.consolePort };
            while (true) {
                if (!h.process.isAlive()) {
                    throw new IllegalStateException("Hearth exited:\n" + h.output());
                }
                if (handshake(h)) {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    long cpu = h.process.toHandle().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
                    h.stop();
                    return new long[] {ms, cpu};
                }
                Thread.sleep(10);
            }
        }
    }

    private static boolean handshake(RunningHearth h) {
        if (!Files.exists(h.data.resolve("certs").resolve("ca.pem"))) {
            return false;
        }
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", h.easPort), 200);
            try (SSLSocket s = (SSLSocket) h.trustingHearth().getSocketFactory().createSocket(raw, "localhost", h.easPort, false)) {
                s.startHandshake();
                return true;
            }
        } catch (Exception e) {
            return false;
        }
    }

    private static void report(String what, List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("%-36s median %5d ms   min %5d ms   max %5d ms   all %s%n", what, median(ms), sorted.get(0),
                sorted.get(sorted.size() - 1), ms);
    }

    private static long median(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
