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
 * A second computer finds Hearth's CalDAV/CardDAV service by itself (issue 18, RFC 6762/6763/6764): Hearth runs in
 * one network namespace, Debian's avahi-daemon and avahi-browse in another on the same LAN. Avahi must resolve
 * {@code _caldavs._tcp} and {@code _carddavs._tcp} to Hearth's LAN address, its TLS port and the TXT record
 * {@code path=/dav/}, and the setup page as {@code _http._tcp}; curl (another client Hearth's developers did not
 * write) then reaches the account's principal both from that announcement and from {@code /.well-known/caldav} on
 * the plain setup port, which must redirect to the TLS port. When Hearth stops, its goodbye packets must clear the
 * still-running Avahi's cache. Needs root, iproute2, avahi-daemon, avahi-utils, dbus and curl; skips without them,
 * fails in CI.
 */
class DavDiscoveryIT {
    /** Namespace names carry this JVM's id: parallel runs never share a lab. */
    static final String LAB = "md" + (ProcessHandle.current().pid() % 100000);
    static final String HEARTH_ADDRESS = "192.168.79.20";
    static final String PASSWORD = "discovery-pw-1234";

    static Path script;
    static boolean labUp;

    @BeforeAll
    static void setUpLab() throws Exception {
        script = Path.of(System.getProperty("dav.mdns.lab.script", "src/test/resources/dav/mdns-lab.sh"));
        PeerTools.requireRoot("mDNS namespace lab");
        PeerTools.require("ip", "iproute2");
        PeerTools.require("unshare", "util-linux");
        PeerTools.require("dbus-daemon", "dbus");
        PeerTools.require("avahi-daemon", "avahi-daemon");
        PeerTools.require("avahi-browse", "avahi-utils");
        PeerTools.require("curl", "curl");
        lab("up");
        labUp = true;
        lab("avahi-start");
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

    /** avahi-browse's resolved entries ("=" lines) for {@code type} that name Hearth. */
    static List<String[]> resolved(String type) throws IOException, InterruptedException {
        List<String[]> out = new ArrayList<>();
        for (String line : lab("browse", type).split("\n")) {
            String[] f = line.split(";", 10);
            if (f.length == 10 && f[0].equals("=") && f[3].startsWith("Hearth")) {
                out.add(f);
            }
        }
        return out;
    }

    /** Browses until Hearth's entries for {@code type} are there (or not), or {@code within} has passed. */
    static List<String[]> resolvedOnce(String type, boolean present, Duration within) throws Exception {
        List<String[]> r = resolved(type);
        for (long end = System.nanoTime() + within.toNanos(); r.isEmpty() == present && System.nanoTime() < end; r = resolved(type)) {
            Thread.sleep(500);
        }
        return r;
    }

    static PeerTools.Result curlFromLan(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", LAB + "-lan", "curl", "-sS", "--max-time", "20"));
        cmd.addAll(List.of(args));
        return PeerTools.run(Duration.ofSeconds(30), Optional.empty(), cmd);
    }

    /** The principal's href in a PROPFIND for current-user-principal at {@code url}, from the LAN computer. */
    static String principal(String url, Path ca) throws IOException, InterruptedException {
        return curlFromLan("--cacert", ca.toString(), "-u", "ann:" + PASSWORD, "-X", "PROPFIND", "-H", "Depth: 0",
                "-H", "Content-Type: application/xml; charset=utf-8", "--data",
                "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>", url)
                .assertOk("curl PROPFIND " + url).out();
    }

    @Test
    void aComputerOnTheLanFindsTheDavServiceAndTheWellKnownPathLeadsToTls(@TempDir Path data) throws Exception {
        PeerTools.createAccount(data, "ann", "ann@home.test", PASSWORD);
        int[] ports = RunningHearth.freePorts(3);
        List<String> cmd = List.of("ip", "netns", "exec", LAB + "-pc",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                RunningHearth.dist().resolve("hearth.jar").toAbsolutePath().toString(), "--data", data.toString(),
                "--eas-port", Integer.toString(ports[0]), "--setup-port", Integer.toString(ports[1]),
                "--console-port", Integer.toString(ports[2]));
        Path out = data.resolve("hearth.out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HEARTH_UPNP", "off");
        // failsafe switches announcements off for every server the tests start; this one may announce: its
        // namespace's LAN holds the lab's Avahi and nothing else
        pb.environment().remove("HEARTH_MDNS");
        Process hearth = pb.start();
        Supplier<String> log = () -> {
            try {
                return Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<cannot read " + out + ": " + e + ">";
            }
        };
        try {
            List<String[]> caldav = resolvedOnce("_caldavs._tcp", true, Duration.ofSeconds(90));
            assertEquals(1, caldav.size(), "avahi-browse resolves Hearth's _caldavs._tcp once; Hearth said:\n" + log.get());
            String[] c = caldav.get(0);
            // =;eth0;IPv4;Hearth\032on\032HOST;_caldavs._tcp;local;HOST.local;192.168.79.20;PORT;"path=/dav/"
            assertEquals(HEARTH_ADDRESS, c[7], String.join(";", c));
            assertEquals(Integer.toString(ports[0]), c[8], "the TLS port: " + String.join(";", c));
            assertEquals("\"path=/dav/\"", c[9], "RFC 6764 section 4 TXT record: " + String.join(";", c));
            List<String[]> carddav = resolved("_carddavs._tcp");
            assertEquals(1, carddav.size(), "avahi-browse resolves _carddavs._tcp");
            assertEquals(List.of(HEARTH_ADDRESS, Integer.toString(ports[0]), "\"path=/dav/\""),
                    List.of(carddav.get(0)[7], carddav.get(0)[8], carddav.get(0)[9]));
            List<String[]> setup = resolved("_http._tcp");
            assertEquals(1, setup.size(), "the setup page as _http._tcp");
            assertEquals(List.of(HEARTH_ADDRESS, Integer.toString(ports[1]), "\"path=/\""),
                    List.of(setup.get(0)[7], setup.get(0)[8], setup.get(0)[9]));

            // the console's status page says so, with the address announced from (issue: it did not show it at all)
            java.util.regex.Matcher pw = java.util.regex.Pattern.compile("user admin, password (\\S+)").matcher(log.get());
            assertTrue(pw.find(), log.get());
            String status = PeerTools.run(Duration.ofSeconds(30), Optional.empty(), List.of("ip", "netns", "exec",
                    LAB + "-pc", "curl", "-sS", "--max-time", "20", "-u", "admin:" + pw.group(1),
                    "http://127.0.0.1:" + ports[2] + "/system/console/hearth/fragment.htm")).assertOk("curl the console").out();
            java.util.regex.Matcher mdns = java.util.regex.Pattern.compile("<tr id='mdns'>.*?</tr>").matcher(status);
            assertTrue(mdns.find(), status);
            assertTrue(mdns.group().contains("<td>on, as \u201cHearth on ") && mdns.group().contains("from " + HEARTH_ADDRESS),
                    mdns.group());

            Path ca = data.resolve("certs").resolve("ca.pem");
            String announced = "https://" + c[7] + ":" + c[8] + c[9].replace("\"", "").substring("path=".length());
            String fromAnnouncement = principal(announced, ca);
            assertTrue(fromAnnouncement.contains("<d:current-user-principal><d:href>/dav/principals/ann/</d:href>"),
                    "the announced address leads to the account's principal:\n" + fromAnnouncement);

            // a client given only the host knocks at the well-known path; the plain setup port must send it to TLS
            for (String kind : List.of("caldav", "carddav")) {
                String plain = "http://" + HEARTH_ADDRESS + ":" + ports[1] + "/.well-known/" + kind;
                String location = curlFromLan("-o", "/dev/null", "-X", "PROPFIND", "-w", "%{http_code} %{redirect_url}", plain)
                        .assertOk("curl " + plain).out().trim();
                assertEquals("301 https://" + HEARTH_ADDRESS + ":" + ports[0] + "/dav/", location, plain);
                String tls = "https://" + HEARTH_ADDRESS + ":" + ports[0] + "/.well-known/" + kind;
                String relative = curlFromLan("--cacert", ca.toString(), "-o", "/dev/null", "-X", "PROPFIND", "-w",
                        "%{http_code} %{redirect_url}", tls).assertOk("curl " + tls).out().trim();
                assertEquals("301 https://" + HEARTH_ADDRESS + ":" + ports[0] + "/dav/", relative, tls);
            }
            String followed = principal("https://" + HEARTH_ADDRESS + ":" + ports[0] + "/dav/", ca);
            assertTrue(followed.contains("/dav/principals/ann/"), followed);

            hearth.toHandle().destroy();
            assertTrue(hearth.waitFor(40, TimeUnit.SECONDS), "Hearth stops on SIGTERM:\n" + log.get());
            // Avahi keeps records for their TTL (minutes) unless the announcer says goodbye
            List<String[]> after = resolvedOnce("_caldavs._tcp", false, Duration.ofSeconds(10));
            assertTrue(after.isEmpty(), "Hearth's announcement is withdrawn when it stops: "
                    + after.stream().map(f -> String.join(";", f)).toList());
            assertTrue(resolved("_carddavs._tcp").isEmpty(), "_carddavs._tcp withdrawn too");
            String said = log.get();
            assertTrue(said.contains("Hearth stopped."), said);
            assertTrue(!said.contains("[ERROR]") && !said.contains("Exception"), "no error, no stack trace:\n" + said);
        } finally {
            if (hearth.isAlive()) {
                hearth.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
