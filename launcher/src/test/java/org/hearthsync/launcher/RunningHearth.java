package org.hearthsync.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Hearth distribution started as a separate process, as a user starts it, on free ports and a
 * fresh data folder. Closing it sends SIGTERM and waits for the process to end.
 */
public final class RunningHearth implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final Path data;
    final int easPort;
    final int setupPort;
    final int consolePort;
    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    private volatile boolean outputEnded;

    private RunningHearth(Path data, int[] ports, Process process) {
        this.data = data;
        this.easPort = ports[0];
        this.setupPort = ports[1];
        this.consolePort = ports[2];
        this.process = process;
        Thread reader = new Thread(() -> pump(process.getInputStream()), "hearth-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path dist() {
        String d = System.getProperty("hearth.dist");
        Path p = d != null ? Path.of(d) : Path.of("target", "hearth");
        if (!Files.isRegularFile(p.resolve("hearth.jar"))) {
            throw new IllegalStateException("no distribution at " + p.toAbsolutePath() + "; run mvn package first");
        }
        return p;
    }

    /**
     * How the tests start Hearth: {@code java -jar hearth.jar} of the distribution, or the packaged launcher named by
     * the system property {@code hearth.launcher} (benchmarks of the installed package: {@code
     * -Dhearth.launcher=launcher/target/installer/image/hearth/bin/hearth}).
     */
    static List<String> launcher() {
        String packaged = System.getProperty("hearth.launcher");
        if (packaged != null && !packaged.isBlank()) {
            return List.of(Path.of(packaged).toAbsolutePath().toString());
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // JVM options to compare in benchmarks (-Dhearth.javaOpts="-XX:+UseSerialGC -Xmx192m")
        String opts = System.getProperty("hearth.javaOpts", "").strip();
        if (!opts.isEmpty()) {
            cmd.addAll(List.of(opts.split("\\s+")));
        }
        cmd.addAll(List.of("-jar", dist().resolve("hearth.jar").toString()));
        return cmd;
    }

    static RunningHearth start(Path data, String... extraArgs) throws IOException {
        return start(launcher(), java.util.Map.of(), data, extraArgs);
    }

    /** Starts {@code launcher} (the command and its first words) with {@code env} as the whole environment when not empty. */
    static RunningHearth start(List<String> launcher, java.util.Map<String, String> env, Path data, String... extraArgs)
            throws IOException {
        return start(launcher, env, data, freePorts(3), extraArgs);
    }

    /** Starts on the given EAS, setup and console ports: a restart as a user's, on the ports of the last run. */
    static RunningHearth startOnPorts(Path data, int[] ports, String... extraArgs) throws IOException {
        return start(launcher(), java.util.Map.of(), data, ports.clone(), extraArgs);
    }

    private static RunningHearth start(List<String> launcher, java.util.Map<String, String> env, Path data, int[] ports,
            String... extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of("--data", data.toString(),
                "--eas-port", Integer.toString(ports[0]), "--setup-port", Integer.toString(ports[1]),
                "--console-port", Integer.toString(ports[2])));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        // tests and benchmarks never look for a router on the machine's network
        pb.environment().put("HEARTH_UPNP", "off");
        pb.environment().put("HEARTH_MDNS", "off"); // nor announce themselves on it
        Process p = pb.start();
        return new RunningHearth(data, ports, p);
    }

    private void pump(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("<output closed: " + e + ">");
        } finally {
            outputEnded = true;
        }
    }

    /** Waits until the banner is printed; fails with the output so far when it is not. */
    RunningHearth awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (output.stream().anyMatch(l -> l.startsWith("  Console (this computer):"))) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("Hearth exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Hearth did not start within " + START_TIMEOUT + ":\n" + output());
    }

    String output() {
        return String.join("\n", output);
    }

    /** The console password printed at first start. */
    String consolePassword() {
        Pattern p = Pattern.compile("user admin, password (\\S+)");
        for (String line : output) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no console password printed:\n" + output());
    }

    /** A TLS context that trusts only this Hearth's own root certificate. */
    SSLContext trustingHearth() throws Exception {
        X509Certificate root;
        try (InputStream in = Files.newInputStream(data.resolve("certs").resolve("ca.pem"))) {
            root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hearth", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Sends SIGTERM and returns the exit code. */
    int stop() throws InterruptedException {
        // through the handle: Process.destroy() would also close our end of its output
        process.toHandle().destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("Hearth did not stop within 40 s of SIGTERM:\n" + output());
        }
        awaitOutputEnd();
        return process.exitValue();
    }

    /**
     * Kills the server with SIGKILL, as a power cut or the OOM killer would: no shutdown hook, no
     * component deactivation, no file closed. Checks first that the process is the JVM itself (the
     * tests start {@code java -jar hearth.jar}, not the {@code hearth} script) and has no children
     * that would survive it. Returns the exit code (137 = 128 + SIGKILL on Linux).
     */
    int kill() throws InterruptedException {
        ProcessHandle h = process.toHandle();
        String command = h.info().command().orElse("");
        if (!Path.of(command).getFileName().toString().startsWith("java")) {
            throw new AssertionError("not the JVM: " + command);
        }
        if (h.children().findAny().isPresent()) {
            throw new AssertionError("the server has child processes a kill would leave behind");
        }
        // through the handle: Process.destroyForcibly() would also close our end of its output
        h.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("Hearth survived SIGKILL");
        }
        awaitOutputEnd();
        return process.exitValue();
    }

    private void awaitOutputEnd() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !outputEnded) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }
}
