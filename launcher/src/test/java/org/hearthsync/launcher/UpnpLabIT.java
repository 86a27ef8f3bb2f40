package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as users run it (Felix, the resolved assembly, the upnp bundle with jUPnP embedded),
 * inside the router lab of the upnp bundle's tests: Debian's miniupnpd in a router namespace, Hearth in
 * the "home PC" namespace with port forwarding switched on. It forwards both ports, the Internet side
 * reaches the EAS listener through them, and SIGTERM removes them again. This is what the bundle's own
 * tests (on a flat class path) cannot show: that the embedded jUPnP finds every class it needs inside
 * OSGi. Needs root and iproute2, nftables, miniupnpd, miniupnpc; skips without them, fails in CI.
 */
class UpnpLabIT {
    /** Namespace names carry "upnp" and this JVM's id: parallel runs never share a lab. */
    static final String LAB = "upnp" + (ProcessHandle.current().pid() % 10000);
    static final int EAS_PORT = 18443;
    static final int SETUP_PORT = 15432;
    static final int CONSOLE_PORT = 15433;

    static Path script;
    static boolean labUp;

    @BeforeAll
    static void setUpLab() throws Exception {
        script = Path.of(System.getProperty("upnp.lab.script", "../bundles/org.hearthsync.upnp/src/test/resources/netns/igd-lab.sh"));
        String uid = PeerTools.run(Duration.ofSeconds(10), "id", "-u").out().trim();
        if (!"0".equals(uid)) {
            if (PeerTools.inCi()) {
                fail("CI=true but the UPnP namespace lab needs root (uid " + uid + ")");
            }
            Assumptions.abort("the UPnP namespace lab needs root (uid " + uid + ")");
        }
        PeerTools.require("ip", "iproute2");
        PeerTools.require("nft", "nftables");
        PeerTools.require("miniupnpd", "miniupnpd-nftables");
        PeerTools.require("upnpc", "miniupnpc");
        lab("up");
        labUp = true;
        lab("igd-start", "open", "v2");
    }

    @AfterAll
    static void tearDownLab() throws Exception {
        if (labUp) {
            lab("down");
        }
    }

    static String lab(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), LAB));
        cmd.addAll(List.of(args));
        return PeerTools.run(Duration.ofSeconds(60), Optional.empty(), cmd).assertOk(String.join(" ", cmd)).out();
    }

    static String upnpcList() throws IOException, InterruptedException {
        return PeerTools.run(Duration.ofSeconds(30), "ip", "netns", "exec", LAB + "-home", "upnpc", "-l").out();
    }

    static void awaitTable(Predicate<String> p, Duration within, String what, List<String> log) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String list = "";
        while (System.nanoTime() < deadline) {
            list = upnpcList();
            if (p.test(list)) {
                return;
            }
            Thread.sleep(500);
        }
        fail(what + "; upnpc -l says:\n" + list + "\nHearth said:\n" + String.join("\n", log));
    }

    @Test
    void forwardsBothPortsWhileRunningAndRemovesThemOnSigterm(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.upnp.cfg"), "enabled=true\n");
        List<String> cmd = List.of("ip", "netns", "exec", LAB + "-home",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                RunningHearth.dist().resolve("hearth.jar").toAbsolutePath().toString(), "--data", data.toString(),
                "--eas-port", Integer.toString(EAS_PORT), "--setup-port", Integer.toString(SETUP_PORT),
                "--console-port", Integer.toString(CONSOLE_PORT));
        // `ip netns exec` execs java in its own process: SIGTERM reaches Hearth itself
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // failsafe switches UPnP off for every server the tests start; this one may look: its namespace holds
        // the lab's router and nothing else
        pb.environment().remove("HEARTH_UPNP");
        Process hearth = pb.start();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(hearth.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add(line);
                }
            } catch (IOException e) {
                log.add("<closed " + e + ">");
            }
        }, "upnp-lab-hearth");
        reader.setDaemon(true);
        reader.start();
        try {
            awaitTable(l -> l.contains(" 443->192.168.77.20:" + EAS_PORT + " 'Hearth EAS'")
                    && l.contains(" 54321->192.168.77.20:" + SETUP_PORT + " 'Hearth setup'"), Duration.ofSeconds(90),
                    "Hearth forwards the EAS and setup ports", log);
            long started = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (log.stream().noneMatch(l -> l.startsWith("  Console (this computer):")) && System.nanoTime() < started) {
                Thread.sleep(100);
            }
            PeerTools.run(Duration.ofSeconds(10), "ip", "netns", "exec", LAB + "-inet", "timeout", "5", "bash", "-c",
                    "exec 3<>/dev/tcp/11.22.33.1/443").assertOk("a TCP connection from the Internet through the router's port 443 to the running Hearth");

            hearth.toHandle().destroy();
            assertTrue(hearth.waitFor(40, TimeUnit.SECONDS), "Hearth stops on SIGTERM:\n" + String.join("\n", log));
            reader.join(5000);
            String list = upnpcList();
            assertFalse(list.contains("Hearth"), "the forwardings are gone after stop:\n" + list);
            int code = hearth.exitValue();
            assertTrue(code == 0 || code == 143, "exit code " + code + "\n" + String.join("\n", log)); // 143: SIGTERM
            assertTrue(log.contains("Hearth stopped."), String.join("\n", log));
            assertTrue(log.stream().noneMatch(l -> l.contains("[ERROR]") || l.contains("Exception") || l.contains("Error:")),
                    "no error, no stack trace (a class jUPnP misses inside OSGi would show here):\n" + String.join("\n", log));
        } finally {
            if (hearth.isAlive()) {
                hearth.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
