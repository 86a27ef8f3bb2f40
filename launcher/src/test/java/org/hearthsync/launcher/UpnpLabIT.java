package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
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
        PeerTools.requireRoot("UPnP namespace lab");
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
        return PeerTools.lab(script, LAB, args);
    }

    static String upnpcList() throws IOException, InterruptedException {
        return PeerTools.run(Duration.ofSeconds(30), "ip", "netns", "exec", LAB + "-home", "upnpc", "-l").out();
    }

    /** The router's table once it satisfies {@code wanted}, or as it is when {@code within} has passed. */
    static String tableOnceTrue(Predicate<String> wanted, Duration within) throws Exception {
        String table = upnpcList();
        for (long end = System.nanoTime() + within.toNanos(); !wanted.test(table) && System.nanoTime() < end; table = upnpcList()) {
            Thread.sleep(500);
        }
        return table;
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
        Path out = data.resolve("hearth.out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        // failsafe switches UPnP off for every server the tests start; this one may look: its namespace holds
        // the lab's router and nothing else
        pb.environment().remove("HEARTH_UPNP");
        Process hearth = pb.start();
        Supplier<List<String>> log = () -> {
            try {
                return Files.readAllLines(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return List.of("<cannot read " + out + ": " + e + ">");
            }
        };
        try {
            Predicate<String> both = l -> l.contains(" 443->192.168.77.20:" + EAS_PORT + " 'Hearth EAS'")
                    && l.contains(" 54321->192.168.77.20:" + SETUP_PORT + " 'Hearth setup'");
            String table = tableOnceTrue(both, Duration.ofSeconds(90));
            assertTrue(both.test(table), "Hearth forwards the EAS and setup ports; upnpc -l says:\n" + table
                    + "\nHearth said:\n" + String.join("\n", log.get()));
            long started = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (log.get().stream().noneMatch(l -> l.startsWith("  Console (this computer):")) && System.nanoTime() < started) {
                Thread.sleep(100);
            }
            PeerTools.run(Duration.ofSeconds(10), "ip", "netns", "exec", LAB + "-inet", "timeout", "5", "bash", "-c",
                    "exec 3<>/dev/tcp/11.22.33.1/443").assertOk("a TCP connection from the Internet through the router's port 443 to the running Hearth");

            hearth.toHandle().destroy();
            assertTrue(hearth.waitFor(40, TimeUnit.SECONDS), "Hearth stops on SIGTERM:\n" + String.join("\n", log.get()));
            String list = upnpcList();
            assertFalse(list.contains("Hearth"), "the forwardings are gone after stop:\n" + list);
            int code = hearth.exitValue();
            List<String> said = log.get();
            assertTrue(code == 0 || code == 143, "exit code " + code + "\n" + String.join("\n", said)); // 143: SIGTERM
            assertTrue(said.contains("Hearth stopped."), String.join("\n", said));
            assertTrue(said.stream().noneMatch(l -> l.contains("[ERROR]") || l.contains("Exception") || l.contains("Error:")),
                    "no error, no stack trace (a class jUPnP misses inside OSGi would show here):\n" + String.join("\n", said));
        } finally {
            if (hearth.isAlive()) {
                hearth.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
