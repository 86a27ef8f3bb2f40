package org.hearthsync.upnp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hearth's UPnP client against a real IGD: Debian's miniupnpd in a router namespace, the client in a
 * "home PC" namespace, a fake Internet host in a third (see {@code netns/igd-lab.sh}). Every packet
 * stays inside the namespaces this test creates. Needs root and iproute2, nftables, miniupnpd
 * (nftables backend) and miniupnpc; without them it skips, except with CI=true, where it fails.
 */
class RealIgdTest {
    static final String LAB = "hl" + (ProcessHandle.current().pid() % 100000);
    static final String HOME = "192.168.77.20";
    static final int EAS_PORT = 18443;
    static final int SETUP_PORT = 15432;

    static Path script;
    static boolean labUp;

    @TempDir
    Path dir;
    Process client;
    final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUpLab() throws Exception {
        script = Path.of(System.getProperty("upnp.lab.script", "src/test/resources/netns/igd-lab.sh"));
        String why = missing();
        if (why != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but the UPnP namespace lab cannot run: " + why);
            }
            Assumptions.abort("skipping the miniupnpd namespace test: " + why);
        }
        run(60, "bash", script.toString(), LAB, "up");
        labUp = true;
    }

    @AfterAll
    static void tearDownLab() throws Exception {
        if (labUp) {
            run(60, "bash", script.toString(), LAB, "down");
        }
    }

    @AfterEach
    void stopClientAndRouter() throws Exception {
        if (client != null && client.isAlive()) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (labUp) {
            lab("igd-stop");
        }
    }

    static String missing() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            if (!"0".equals(uid)) {
                return "network namespaces need root (uid " + uid + ")";
            }
        } catch (IOException e) {
            return "cannot tell the user id: " + e;
        }
        List<String> absent = new ArrayList<>();
        for (String tool : List.of("ip", "nft", "miniupnpd", "upnpc")) {
            if (!onPath(tool)) {
                absent.add(tool);
            }
        }
        return absent.isEmpty() ? null
                : "missing " + absent + "; install the Debian packages iproute2 nftables miniupnpd miniupnpd-nftables miniupnpc";
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    static String run(int seconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    static String lab(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), LAB));
        cmd.addAll(List.of(args));
        return run(60, cmd.toArray(String[]::new));
    }

    /** {@code upnpc -l} as the home PC sees the router's table. */
    static String upnpcList() throws IOException, InterruptedException {
        return run(30, "ip", "netns", "exec", LAB + "-home", "upnpc", "-l");
    }

    /** Opens a TCP connection from the fake Internet to the router's public side; the first line or the error. */
    static String fromInternet(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", LAB + "-inet", "timeout", "5", "bash", "-c",
                "exec 3<>/dev/tcp/11.22.33.1/" + port + " && head -1 <&3").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return (p.exitValue() == 0 ? "" : "FAILED ") + out;
    }

    void startClient(int leaseSeconds) throws IOException {
        List<String> cmd = List.of("ip", "netns", "exec", LAB + "-home",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                LabClient.class.getName(), Integer.toString(EAS_PORT), Integer.toString(SETUP_PORT),
                Integer.toString(leaseSeconds), dir.resolve("gateway.properties").toString());
        client = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("<closed " + e + ">");
            }
        }, "lab-client-output");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for the n-th report and returns its ENTRY/ADVICE/EXTERNAL lines. */
    List<String> awaitReport(int n, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            List<String> lines = new ArrayList<>(output);
            int seen = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("REPORTED ") && ++seen == n) {
                    List<String> report = new ArrayList<>();
                    for (int j = i - 1; j >= 0 && !lines.get(j).startsWith("REPORTED "); j--) {
                        if (lines.get(j).matches("^(ENTRY|ADVICE|EXTERNAL|SUMMARY) .*")) {
                            report.add(0, lines.get(j));
                        }
                    }
                    return report;
                }
            }
            Thread.sleep(100);
        }
        fail("no report " + n + " within " + seconds + " s:\n" + String.join("\n", output));
        return List.of();
    }

    void stopClient() throws Exception {
        try (Writer w = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8)) {
            w.write("stop\n");
        }
        assertTrue(client.waitFor(30, TimeUnit.SECONDS), "client stops");
        assertTrue(output.contains("STOPPED"), String.join("\n", output));
    }

    static void awaitTable(Predicate<String> p, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String list = "";
        while (System.nanoTime() < deadline) {
            list = upnpcList();
            if (p.test(list)) {
                return;
            }
            Thread.sleep(500);
        }
        fail(what + "; upnpc -l says:\n" + list);
    }

    static String entry(List<String> report, String description) {
        return report.stream().filter(l -> l.startsWith("ENTRY " + description + "|")).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + description + " in " + report));
    }

    @Test
    void mapsReachesFromTheInternetRenewsAfterARebootAndRemovesOnStop() throws Exception {
        lab("igd-start", "open", "v2");
        assertTrue(fromInternet(443).startsWith("FAILED"), "closed before mapping");
        startClient(3600);
        List<String> report = awaitReport(1, 30);
        assertTrue(entry(report, "Hearth EAS").startsWith("ENTRY Hearth EAS|MAPPED|443|https://11.22.33.1/Microsoft-Server-ActiveSync|"),
                String.join("\n", report));
        assertTrue(entry(report, "Hearth setup").startsWith("ENTRY Hearth setup|MAPPED|54321|http://11.22.33.1:54321/|"));
        assertTrue(report.contains("EXTERNAL 11.22.33.1 shared=false gateway=Lab router"), report.toString());

        String list = upnpcList();
        System.out.println("upnpc -l after mapping:\n" + list);
        assertTrue(list.contains(" 443->" + HOME + ":" + EAS_PORT + " 'Hearth EAS'"), list);
        assertTrue(list.contains(" 54321->" + HOME + ":" + SETUP_PORT + " 'Hearth setup'"), list);

        String answer = fromInternet(443);
        System.out.println("from the Internet to 11.22.33.1:443: " + answer);
        assertEquals("hearth-lab " + EAS_PORT + " from 11.22.33.2", answer);
        assertEquals("hearth-lab " + SETUP_PORT + " from 11.22.33.2", fromInternet(54321));

        // the router restarts and forgets everything; its new announcement brings the forwardings back
        lab("igd-restart", "open", "v2");
        assertFalse(upnpcList().contains("Hearth EAS"), "the restart emptied the table");
        awaitTable(l -> l.contains("'Hearth EAS'") && l.contains("'Hearth setup'"), 30,
                "the forwardings come back after the router's restart");
        assertEquals("hearth-lab " + EAS_PORT + " from 11.22.33.2", fromInternet(443));

        stopClient();
        list = upnpcList();
        System.out.println("upnpc -l after stop:\n" + list);
        assertFalse(list.contains("Hearth"), list);
        assertTrue(fromInternet(443).startsWith("FAILED"), "closed again after stop");
    }

    @Test
    void privilegedPortRefused606FallsBackToTheNextPortOnAnIgdV1() throws Exception {
        lab("igd-start", "strict", "v1");
        startClient(3600);
        List<String> report = awaitReport(1, 30);
        String eas = entry(report, "Hearth EAS");
        assertTrue(eas.startsWith("ENTRY Hearth EAS|MAPPED|8443|https://11.22.33.1:8443/Microsoft-Server-ActiveSync|"), eas);
        assertTrue(eas.contains("606"), eas);
        String list = upnpcList();
        assertTrue(list.contains(" 8443->" + HOME + ":" + EAS_PORT + " 'Hearth EAS'"), list);
        assertEquals("hearth-lab " + EAS_PORT + " from 11.22.33.2", fromInternet(8443));
        stopClient();
        assertFalse(upnpcList().contains("Hearth"));
    }

    @Test
    void portOwnedByAnotherComputerIsAConflict718AndTheNextPortIsUsed() throws Exception {
        lab("igd-start", "open", "v2");
        run(30, "ip", "netns", "exec", LAB + "-other", "upnpc", "-e", "NAS", "-a", "192.168.77.33", "80", "443", "TCP");
        startClient(3600);
        List<String> report = awaitReport(1, 30);
        String eas = entry(report, "Hearth EAS");
        assertTrue(eas.startsWith("ENTRY Hearth EAS|MAPPED|8443|"), eas);
        assertTrue(eas.contains("718") && eas.contains("another computer"), eas);
        stopClient();
        String list = upnpcList();
        assertTrue(list.contains("443->192.168.77.33:80"), "the other computer's forwarding stays:\n" + list);
        assertFalse(list.contains("Hearth"), list);
        run(30, "ip", "netns", "exec", LAB + "-other", "upnpc", "-d", "443", "TCP");
    }

    @Test
    void noRouterGivesManualInstructions() throws Exception {
        startClient(3600);
        List<String> report = awaitReport(1, 40);
        assertTrue(entry(report, "Hearth EAS").startsWith("ENTRY Hearth EAS|NO_GATEWAY|"), report.toString());
        String advice = report.stream().filter(l -> l.startsWith("ADVICE ")).findFirst().orElseThrow();
        assertTrue(advice.contains("TCP 443 to " + HOME + " port " + EAS_PORT + " (Hearth EAS)"), advice);
        assertTrue(advice.contains("TCP 54321 to " + HOME + " port " + SETUP_PORT + " (Hearth setup)"), advice);
        stopClient();
    }
}
