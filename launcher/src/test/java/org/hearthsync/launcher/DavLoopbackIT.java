package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the plain-HTTP CalDAV/CardDAV port for programs on the same computer. Hearth runs in one network
 * namespace of a two-computer LAN (the mDNS lab's script, without its Avahi), with {@code --dav-loopback-port}; curl
 * (a client Hearth's developers did not write) must get a PROPFIND answered on {@code 127.0.0.1} and {@code [::1]}
 * of that computer, and must not reach the port at all through the computer's LAN address, neither from the other
 * computer nor from the same one, while the TLS port on that address answers (the path is there, the port is not).
 * Needs root, iproute2 and curl; skips without them, fails in CI.
 */
class DavLoopbackIT {
    static final String LAB = "lb" + (ProcessHandle.current().pid() % 100000);
    static final String HEARTH_ADDRESS = "192.168.79.20";
    static final String PASSWORD = "loopback-pw-1234";
    /** curl's exit code for "Failed to connect to host": nothing listens there. */
    static final int COULD_NOT_CONNECT = 7;

    static Path script;
    static boolean labUp;

    @BeforeAll
    static void setUpLab() throws Exception {
        script = Path.of(System.getProperty("dav.mdns.lab.script", "src/test/resources/dav/mdns-lab.sh"));
        PeerTools.requireRoot("DAV loopback namespace lab");
        PeerTools.require("ip", "iproute2");
        PeerTools.require("curl", "curl");
        PeerTools.lab(script, LAB, "up");
        labUp = true;
    }

    @AfterAll
    static void tearDownLab() throws Exception {
        if (labUp) {
            PeerTools.lab(script, LAB, "down");
        }
    }

    static PeerTools.Result curl(String namespace, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", LAB + "-" + namespace, "curl", "-sS",
                "--max-time", "20", "-u", "ann:" + PASSWORD, "-X", "PROPFIND", "-H", "Depth: 0", "-H",
                "Content-Type: application/xml; charset=utf-8", "--data",
                "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>",
                "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        return PeerTools.run(Duration.ofSeconds(30), Optional.empty(), cmd);
    }

    @Test
    void theLoopbackPortServesThisComputerOnlyAndNoOtherAddress(@TempDir Path data) throws Exception {
        PeerTools.createAccount(data, "ann", "ann@home.test", PASSWORD);
        int[] ports = RunningHearth.freePorts(4);
        int dav = ports[3];
        List<String> cmd = List.of("ip", "netns", "exec", LAB + "-pc",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                RunningHearth.dist().resolve("hearth.jar").toAbsolutePath().toString(), "--data", data.toString(),
                "--eas-port", Integer.toString(ports[0]), "--setup-port", Integer.toString(ports[1]),
                "--console-port", Integer.toString(ports[2]), "--dav-loopback-port", Integer.toString(dav));
        Path out = data.resolve("hearth.out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HEARTH_UPNP", "off");
        pb.environment().put("HEARTH_MDNS", "off");
        Process hearth = pb.start();
        Supplier<String> log = () -> {
            try {
                return Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<cannot read " + out + ": " + e + ">";
            }
        };
        try {
            long deadline = System.nanoTime() + RunningHearth.START_TIMEOUT.toNanos();
            while (!log.get().contains("Console (this computer)")) {
                assertTrue(System.nanoTime() < deadline && hearth.isAlive(), "Hearth starts:\n" + log.get());
                Thread.sleep(100);
            }
            String banner = log.get();
            assertTrue(banner.contains("http://127.0.0.1:" + dav + "/dav/"), "the banner names the loopback address:\n" + banner);

            for (String url : List.of("http://127.0.0.1:" + dav + "/dav/", "http://[::1]:" + dav + "/dav/",
                    "http://localhost:" + dav + "/dav/")) {
                String answer = served(url);
                assertTrue(answer.endsWith("\n207"), url + ":\n" + answer + "\n" + log.get());
                assertTrue(answer.contains("<d:current-user-principal><d:href>/dav/principals/ann/</d:href>"), answer);
            }
            // the console's listeners section shows the address while the port is on
            java.util.regex.Matcher pw = java.util.regex.Pattern.compile("user admin, password (\\S+)").matcher(banner);
            assertTrue(pw.find(), banner);
            String status = PeerTools.run(Duration.ofSeconds(30), Optional.empty(), List.of("ip", "netns", "exec",
                    LAB + "-pc", "curl", "-sS", "--max-time", "20", "-u", "admin:" + pw.group(1),
                    "http://127.0.0.1:" + ports[2] + "/system/console/hearth/fragment.htm")).assertOk("curl the console").out();
            assertTrue(status.contains("http://127.0.0.1:" + dav + "/dav/"), "the console names the loopback address:\n" + status);

            String wrong = curl("pc", "-u", "ann:not-the-password", "http://127.0.0.1:" + dav + "/dav/")
                    .assertOk("curl with a wrong password").out();
            assertTrue(wrong.endsWith("\n401"), "the same accounts: " + wrong);

            String lanUrl = "http://" + HEARTH_ADDRESS + ":" + dav + "/dav/";
            for (String from : List.of("lan", "pc")) {
                PeerTools.Result r = curl(from, lanUrl);
                assertEquals(COULD_NOT_CONNECT, r.exitCode(), "from " + from + ", " + lanUrl + " must not be reachable: "
                        + r.out() + r.err());
            }
            // the LAN path itself works: the TLS port on the same address answers the other computer
            Path ca = data.resolve("certs").resolve("ca.pem");
            String tls = curl("lan", "--cacert", ca.toString(), "https://" + HEARTH_ADDRESS + ":" + ports[0] + "/dav/")
                    .assertOk("curl over TLS from the LAN").out();
            assertTrue(tls.endsWith("\n207"), tls);
            // and the plain setup port on the LAN address still refuses DAV
            String setup = curl("lan", "http://" + HEARTH_ADDRESS + ":" + ports[1] + "/dav/")
                    .assertOk("curl on the setup port").out();
            assertTrue(setup.endsWith("\n403"), setup);
        } finally {
            hearth.destroy();
            if (!hearth.waitFor(40, TimeUnit.SECONDS)) {
                hearth.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        String said = log.get();
        assertTrue(!said.contains("[ERROR]") && !said.contains("Exception"), "no error, no stack trace:\n" + said);
    }

    /**
     * The answer to a PROPFIND on this computer, once the servlet is on the runtime: Felix registers whiteboard
     * servlets shortly after the port accepts connections, so a 404 in the first moments is retried.
     */
    private static String served(String url) throws Exception {
        String answer = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); System.nanoTime() < end; Thread.sleep(250)) {
            answer = curl("pc", url).assertOk("curl " + url).out();
            if (!answer.endsWith("\n404")) {
                return answer;
            }
        }
        return answer;
    }
}
