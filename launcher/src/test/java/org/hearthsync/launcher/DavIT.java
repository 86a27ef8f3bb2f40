package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.hearthsync.launcher.EasTestClient.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hearth's CalDAV/CardDAV server driven by real DAV clients it did not write, on the launched server: the Python
 * caldav library through every RFC area (src/test/resources/dav/caldav_client.py), litmus' WebDAV basics, and
 * vdirsyncer syncing both ways with khal and khard reading the result; and one store, two protocols: a phone's
 * contact reaches vdirsyncer, a DAV upload wakes the phone's parked Ping within a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DavIT {
    static final String USER = "davy";
    static final String PASSWORD = "dav password of davy";

    private RunningHearth hearth;
    private SSLContext tls;
    private Path tmp;
    private Path ca;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        Path data = tmp.resolve("data");
        Path etc = data.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("org.hearthsync.account-davy.cfg"), "user.name = " + USER + "\n"
                + "email.address = davy@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        ca = data.resolve("certs").resolve("ca.pem");
        SyncIT.awaitEngine(phoneClient("DAVPROBE"));
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            String out = hearth.output();
            hearth.close();
            assertFalse(out.contains(PASSWORD), "a password reached the log");
            assertFalse(out.contains("Exception"), out);
        }
    }

    private EasTestClient phoneClient(String deviceId) {
        return EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, deviceId, "TestPhone", "16.1", false);
    }

    private String base() {
        return "https://localhost:" + hearth.easPort + "/dav/";
    }

    /** Debian's python3-caldav lives in the system interpreter's path, not in a pyenv or venv one. */
    private static Path systemPython() {
        Path usr = Path.of("/usr/bin/python3");
        Path python = Files.isExecutable(usr) ? usr : PeerTools.require("python3", "python3");
        try {
            if (PeerTools.run(Duration.ofSeconds(30), python.toString(), "-c", "import caldav").exitCode() != 0) {
                PeerTools.require("python3-caldav-is-missing", "python3-caldav");
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        return python;
    }

    @Test
    @Order(1)
    void pythonCaldavDrivesDiscoveryCalendarsEventsQueriesSyncAndContacts() throws Exception {
        Path python = systemPython();
        Path script = tmp.resolve("caldav_client.py");
        try (var in = DavIT.class.getResourceAsStream("/dav/caldav_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        PeerTools.Result r = PeerTools.run(Duration.ofMinutes(3), python.toString(), script.toString(), base(), USER, PASSWORD,
                ca.toString());
        System.out.println("python caldav against Hearth:\n" + r.out());
        assertFalse(r.out().contains("FAIL"), r.out() + "\n" + r.err());
        assertTrue(r.out().lines().filter(l -> l.startsWith("PASS")).count() >= 12, r.out());
        r.assertOk("caldav_client.py");
    }

    @Test
    @Order(2)
    void litmusWebdavBasics() throws Exception {
        Path litmus = PeerTools.require("litmus", "litmus");
        PeerTools.Result r = runWithEnv(tmp, Map.of("TESTS", "basic"), litmus.toString(), "-k", base() + "home/" + USER + "/", USER,
                PASSWORD);
        System.out.println("litmus basic against Hearth:\n" + r.out());
        // a server of PIM collections passes all but four: those need arbitrary files or collections inside
        // collections, which a calendar or address book does not hold (docs/dav-conformance.md explains each)
        List<String> failed = r.out().lines().filter(l -> l.contains(" FAIL"))
                .map(l -> l.replaceAll("^.*\\d+\\. (\\w+)\\.+ FAIL.*$", "$1")).distinct().sorted().toList();
        assertEquals(List.of("delete_fragment", "mkcol", "put_get", "put_get_utf8_segment"), failed, r.out());
        assertTrue(r.out().contains("of 12 tests run: 8 passed"), r.out());
    }

    /** Runs a program in {@code dir} (litmus writes its debug.log and child.log where it runs). */
    private static PeerTools.Result runWithEnv(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "<" + e + ">";
            }
        });
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " overran");
        }
        return new PeerTools.Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), "");
    }

    private Path vdirsyncerConfig() throws Exception {
        Path dir = tmp.resolve("vdirsyncer");
        Files.createDirectories(dir);
        StringBuilder c = new StringBuilder("[general]\nstatus_path = \"" + dir.resolve("status") + "/\"\n");
        for (String[] kind : new String[][] { { "cal", "caldav", ".ics" }, { "card", "carddav", ".vcf" } }) {
            c.append("\n[pair ").append(kind[0]).append("]\na = \"hearth_").append(kind[0]).append("\"\nb = \"local_")
                    .append(kind[0]).append("\"\ncollections = [\"from a\"]\nconflict_resolution = \"a wins\"\n")
                    .append("\n[storage hearth_").append(kind[0]).append("]\ntype = \"").append(kind[1]).append("\"\nurl = \"")
                    .append(base()).append("\"\nusername = \"").append(USER).append("\"\npassword = \"").append(PASSWORD)
                    .append("\"\nverify = \"").append(ca).append("\"\n")
                    .append("\n[storage local_").append(kind[0]).append("]\ntype = \"filesystem\"\npath = \"")
                    .append(dir.resolve(kind[0])).append("/\"\nfileext = \"").append(kind[2]).append("\"\n");
        }
        Path config = dir.resolve("config");
        Files.writeString(config, c.toString());
        return config;
    }

    private static void vdirsyncer(Path vdirsyncer, Path config, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(vdirsyncer.toString(), "-c", config.toString()));
        cmd.addAll(List.of(args));
        PeerTools.run(Duration.ofMinutes(2), Optional.of("y\ny\ny\ny\ny\ny\ny\ny\n".getBytes(StandardCharsets.UTF_8)), cmd)
                .assertOk("vdirsyncer " + String.join(" ", args));
    }

    /** The local folder of the collection that holds a file containing {@code text}. */
    private static Optional<Path> folderWith(Path root, String text) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (Files.readString(f).contains(text)) {
                    return Optional.of(f.getParent());
                }
            }
        }
        return Optional.empty();
    }

    @Test
    @Order(3)
    void phoneAndVdirsyncerShareTheStoreAndADavUploadWakesAParkedPing() throws Exception {
        Path vdirsyncer = PeerTools.require("vdirsyncer", "vdirsyncer");
        Path khal = PeerTools.require("khal", "khal");
        Path khard = PeerTools.require("khard", "khard");
        EasPhone phone = new EasPhone(phoneClient("DAVPHONE")).setUp();
        String contacts = phone.folder("Contacts");
        String calendar = phone.folder("Calendar");
        phone.syncAll(contacts);
        phone.syncAll(calendar);

        // a phone's contact and event reach vdirsyncer, and khal and khard read them
        phone.add(contacts, EasPhone.item("Contacts", "Phoneadded", null));
        phone.syncAll(contacts);
        phone.add(calendar, EasPhone.item("Calendar", "Phone meeting", null));
        phone.syncAll(calendar);
        Path config = vdirsyncerConfig();
        vdirsyncer(vdirsyncer, config, "discover");
        vdirsyncer(vdirsyncer, config, "sync");
        Path root = config.getParent();
        Path book = folderWith(root.resolve("card"), "Phoneadded").orElseThrow(() -> new AssertionError("no vCard from the phone"));
        Path cal = folderWith(root.resolve("cal"), "Phone meeting").orElseThrow(() -> new AssertionError("no event from the phone"));
        Path khardConf = root.resolve("khard.conf");
        Files.writeString(khardConf, "[addressbooks]\n[[hearth]]\npath = " + book + "\n[general]\ndebug = no\n"
                + "default_action = list\neditor = true\nmerge_editor = true\n");
        String listed = PeerTools.run(Duration.ofSeconds(60), khard.toString(), "-c", khardConf.toString(), "list").assertOk("khard")
                .out();
        assertTrue(listed.contains("Phoneadded"), listed);
        Path khalConf = root.resolve("khal.conf");
        Files.writeString(khalConf, "[calendars]\n[[hearth]]\npath = " + cal + "\ntype = calendar\n[locale]\n"
                + "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
                + "longdatetimeformat = %Y-%m-%d %H:%M\ndefault_timezone = UTC\nlocal_timezone = UTC\n");
        String agenda = PeerTools.run(Duration.ofSeconds(60), khal.toString(), "-c", khalConf.toString(), "list", "2030-01-05",
                "2030-01-06").assertOk("khal").out();
        assertTrue(agenda.contains("Phone meeting"), agenda);

        // vdirsyncer uploads an event: the phone's parked Ping on the calendar is answered, and the phone gets it
        CompletableFuture<HttpResponse<byte[]>> ping = parkPing(phone, calendar);
        Files.writeString(cal.resolve("from-vdir.ics"), event("from-vdir", "Planned on the computer"));
        vdirsyncer(vdirsyncer, config, "sync");
        Result woken = EasTestClient.result(ping.get(5, TimeUnit.SECONDS));
        assertEquals("2", woken.document().childText("Ping", "Status"));
        phone.syncAll(calendar);
        assertTrue(phone.items(calendar).values().stream().anyMatch(d -> "Planned on the computer".equals(d.childText("Calendar",
                "Subject"))), "the phone has the computer's event");

        // the same for one DAV PUT, timed: the Ping answers within a second of the upload
        String href = "/dav/home/" + USER + "/" + cal.getFileName() + "/timed.ics";
        ping = parkPing(phone, calendar);
        long t0 = System.nanoTime();
        HttpResponse<String> put = HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + hearth.easPort + href)).header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "text/calendar").header("If-None-Match", "*")
                .PUT(HttpRequest.BodyPublishers.ofString(event("timed", "Timed upload"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        Result r = EasTestClient.result(ping.get(5, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("2", r.document().childText("Ping", "Status"));
        assertTrue(ms < 1000, "Ping answered " + ms + " ms after the DAV upload began");
    }

    private HttpResponse<String> dav(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + hearth.easPort + path))
                .header("Authorization", basic(USER, PASSWORD))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newBuilder().sslContext(tls).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One item, two protocols: what a DAV client wrote survives a phone's edit (the phone cannot express an X-
     * property or GEO, and its change is merged onto the stored card), and the DAV client's stale copy is refused
     * with 412 instead of overwriting the phone's change.
     */
    @Test
    @Order(4)
    void aPhonesEditKeepsWhatTheDavClientWroteAndAStaleDavWriteIsRefused() throws Exception {
        HttpResponse<String> home = dav("PROPFIND", "/dav/home/" + USER + "/",
                "<d:propfind xmlns:d='DAV:'><d:prop><d:resourcetype/></d:prop></d:propfind>", "Depth", "1");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "<d:href>([^<]+)</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><card:addressbook/>").matcher(home.body());
        assertTrue(m.find(), home.body());
        String href = m.group(1) + "keep.vcf";
        HttpResponse<String> put = dav("PUT", href, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:keep-1\r\nFN:Keep Me\r\nN:Me;Keep;;;\r\n"
                + "TITLE:Old title\r\nGEO:37.386013;-122.082932\r\nX-HEARTH-TEST:kept across phones\r\nEND:VCARD\r\n",
                "Content-Type", "text/vcard", "If-None-Match", "*");
        assertEquals(201, put.statusCode(), put.body());
        String davEtag = put.headers().firstValue("ETag").orElseThrow();

        EasPhone phone = new EasPhone(phoneClient("DAVKEEP")).setUp();
        String contacts = phone.folder("Contacts");
        phone.syncAll(contacts);
        String sid = phone.items(contacts).entrySet().stream().filter(e -> "Keep".equals(e.getValue().childText("Contacts",
                "FirstName"))).map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("the phone lacks the card"));
        org.hearthsync.wbxml.Element changed = new org.hearthsync.wbxml.Element(EasPhone.AS, "ApplicationData");
        changed.addText("Contacts", "FirstName", "Keep").addText("Contacts", "LastName", "Me").addText("Contacts", "FileAs", "Me, Keep")
                .addText("Contacts", "JobTitle", "New title");
        phone.change(contacts, sid, changed);
        phone.syncAll(contacts);

        HttpResponse<String> got = dav("GET", href, null);
        assertEquals(200, got.statusCode());
        assertTrue(got.body().contains("New title"), got.body());
        assertTrue(got.body().contains("X-HEARTH-TEST:kept across phones"), got.body());
        // the phone's merge writes the card as vCard 4.0, where GEO is a geo: URI: the same position
        assertTrue(got.body().matches("(?s).*GEO:(geo:)?37\\.386013[;,]-122\\.082932.*"), got.body());
        HttpResponse<String> stale = dav("PUT", href, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:keep-1\r\nFN:Keep Me\r\n"
                + "N:Me;Keep;;;\r\nTITLE:Lost update\r\nEND:VCARD\r\n", "Content-Type", "text/vcard", "If-Match", davEtag);
        assertEquals(412, stale.statusCode(), "the DAV client's copy predates the phone's change");
        assertTrue(dav("GET", href, null).body().contains("New title"));
    }

    @Test
    @Order(5)
    void theConsoleStatusPageShowsTheDavAddress() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + hearth.consolePort + "/system/console/hearth/fragment.htm")).header("Authorization", basic("admin",
                        hearth.consolePassword())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(":" + hearth.easPort + "/dav/</td>"), page.body());
        // failsafe starts every server with HEARTH_MDNS=off: the page says announcing is off, and why
        assertTrue(page.body().contains("<tr id='mdns'><th scope='row'>Announced on the home network (mDNS/DNS-SD)</th>"
                + "<td>off: HEARTH_MDNS=off in Hearth\u2019s environment</td></tr>"), page.body());
    }

    /**
     * curl uploading more than the collections' max-resource-size: a body that never ends (chunked, from /dev/zero) and
     * one that claims a terabyte get 403 with the CalDAV precondition element, once Hearth has read at most the limit
     * (none of it for the claimed length); the server answers and closes, curl stops sending, nothing is stored.
     */
    @Test
    @Order(6)
    void anOversizedUploadFailsTheMaxResourceSizePreconditionWithoutBeingReadToItsEnd() throws Exception {
        Path curl = PeerTools.require("curl", "curl");
        HttpResponse<String> home = dav("PROPFIND", "/dav/home/" + USER + "/",
                "<d:propfind xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'><d:prop><d:resourcetype/><c:max-resource-size/>"
                        + "</d:prop></d:propfind>", "Depth", "1");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<d:href>([^<]+)</d:href><d:propstat><d:prop><d:resourcetype>"
                + "<d:collection/><c:calendar/></d:resourcetype><c:max-resource-size>(\\d+)</c:max-resource-size>").matcher(home.body());
        assertTrue(m.find(), home.body());
        String url = "https://localhost:" + hearth.easPort + m.group(1);
        assertEquals(16L << 20, Long.parseLong(m.group(2)), "the limit the collections advertise");

        String common = "'" + curl + "' -sS --cacert '" + ca + "' -u '" + USER + ":" + PASSWORD + "' -H 'Content-Type: text/calendar'"
                + " -o - -w '\\nHTTP %{http_code} sent %{size_upload}\\n'";
        // a chunked upload with no end: at most the limit is read, then the answer and the connection's close stop curl
        PeerTools.Result endless = PeerTools.run(Duration.ofSeconds(90), "bash", "-c",
                "cat /dev/zero | " + common + " -T - '" + url + "endless.ics'");
        System.out.println("curl, endless chunked upload:\n" + endless.out() + endless.err());
        assertTrue(endless.out().contains("HTTP 403"), endless.out() + endless.err());
        assertTrue(endless.out().contains("<C:max-resource-size/>") || endless.out().matches("(?s).*<\\w+:max-resource-size/>.*"),
                endless.out());
        assertTrue(endless.out().contains("urn:ietf:params:xml:ns:caldav"), endless.out());

        // a declared length far over the limit is refused before any of the body is read
        Path small = tmp.resolve("small.ics");
        Files.writeString(small, event("claims-a-terabyte", "Claims a terabyte"), StandardCharsets.UTF_8);
        PeerTools.Result claimed = PeerTools.run(Duration.ofSeconds(60), "bash", "-c", common + " -X PUT -H 'Content-Length: "
                + (1L << 40) + "' --data-binary '@" + small + "' '" + url + "claimed.ics'");
        System.out.println("curl, claimed terabyte:\n" + claimed.out() + claimed.err());
        assertTrue(claimed.out().contains("HTTP 403"), claimed.out() + claimed.err());
        assertTrue(claimed.out().contains("max-resource-size/>"), claimed.out());

        assertEquals(404, dav("GET", m.group(1) + "endless.ics", null).statusCode(), "nothing was stored");
        assertEquals(404, dav("GET", m.group(1) + "claimed.ics", null).statusCode(), "nothing was stored");
        assertEquals(207, dav("PROPFIND", m.group(1), null, "Depth", "0").statusCode(), "the next request is served as before");
    }

    /**
     * curl's own parallel transfers (12 connections opened at once, {@code --parallel-immediate}) each create an item
     * under its own name with one new UID, through the real TLS listener: exactly one is created, every other gets the
     * CalDAV no-uid-conflict precondition, and the calendar holds one item of that UID.
     */
    @Test
    @Order(7)
    void parallelUploadsOfOneNewUidStoreOneItem() throws Exception {
        Path curl = PeerTools.require("curl", "curl");
        HttpResponse<String> home = dav("PROPFIND", "/dav/home/" + USER + "/",
                "<d:propfind xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'><d:prop><d:resourcetype/></d:prop></d:propfind>",
                "Depth", "1");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<d:href>([^<]+)</d:href><d:propstat><d:prop><d:resourcetype>"
                + "<d:collection/><c:calendar/></d:resourcetype>").matcher(home.body());
        assertTrue(m.find(), home.body());
        Path same = tmp.resolve("same-uid.ics");
        Files.writeString(same, event("raced-by-curl", "Raced by curl"), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(curl.toString(), "-sS", "--cacert", ca.toString(), "-u", USER + ":" + PASSWORD,
                "--parallel", "--parallel-immediate", "--parallel-max", "12", "-H", "Content-Type: text/calendar",
                "-H", "If-None-Match: *", "-w", "HTTP %{http_code}\n"));
        for (int i = 0; i < 12; i++) {
            cmd.addAll(List.of("-T", same.toString(), "https://localhost:" + hearth.easPort + m.group(1) + "raced-" + i + ".ics",
                    "-o", tmp.resolve("raced-" + i + ".out").toString()));
        }
        PeerTools.Result r = PeerTools.run(Duration.ofSeconds(60), Optional.empty(), cmd);
        System.out.println("curl, 12 parallel uploads of one UID:\n" + r.out() + r.err());
        List<String> codes = r.out().lines().filter(l -> l.startsWith("HTTP ")).sorted().toList();
        assertEquals(12, codes.size(), r.out() + r.err());
        assertEquals(1, codes.stream().filter("HTTP 201"::equals).count(), codes.toString());
        assertEquals(11, codes.stream().filter("HTTP 409"::equals).count(), codes.toString());
        int conflicts = 0;
        for (int i = 0; i < 12; i++) {
            conflicts += Files.readString(tmp.resolve("raced-" + i + ".out")).contains("no-uid-conflict") ? 1 : 0;
        }
        assertEquals(11, conflicts, "each refusal names the precondition");
        HttpResponse<String> listed = dav("PROPFIND", m.group(1), "<d:propfind xmlns:d='DAV:'><d:prop><d:getetag/></d:prop></d:propfind>",
                "Depth", "1");
        assertEquals(1, listed.body().split("/raced-", -1).length - 1, "one item of the UID is stored: " + listed.body());
    }

    /**
     * Last, since it locks this address out: the DAV door checks passwords as the EAS one does, behind the same
     * throttle (a lockout earned over DAV holds for EAS too), and never over plain HTTP.
     */
    @Test
    @Order(9)
    void wrongPasswordsAreThrottledLikeThePhonesAndPlainHttpIsRefused() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        HttpResponse<String> overHttp = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hearth.setupPort
                + "/dav/")).method("PROPFIND", HttpRequest.BodyPublishers.noBody()).header("Authorization", basic(USER, PASSWORD))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, overHttp.statusCode(), "DAV over plain HTTP");
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        HttpRequest anonymous = HttpRequest.newBuilder(URI.create(base())).method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                .header("Depth", "0").build();
        HttpResponse<String> challenge = client.send(anonymous, HttpResponse.BodyHandlers.ofString());
        assertEquals(401, challenge.statusCode());
        assertTrue(challenge.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"Hearth\""));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(client.send(HttpRequest.newBuilder(URI.create(base())).method("PROPFIND", HttpRequest.BodyPublishers
                    .noBody()).header("Depth", "0").header("Authorization", basic(USER, "not the password " + i)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertEquals(List.of(401, 401, 401, 401, 401, 429), statuses, "five failures (the throttle's default) lock out");
        HttpResponse<String> locked = client.send(HttpRequest.newBuilder(URI.create(base())).method("PROPFIND",
                HttpRequest.BodyPublishers.noBody()).header("Depth", "0").header("Authorization", basic(USER, PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(429, locked.statusCode(), "even the right password while locked out");
        assertTrue(locked.headers().firstValue("Retry-After").isPresent());
        assertEquals(429, phoneClient("DAVLOCKED").options().status(), "the lockout holds for EAS from this address too");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static CompletableFuture<HttpResponse<byte[]>> parkPing(EasPhone phone, String folder) throws Exception {
        phone.syncAll(folder);
        CompletableFuture<HttpResponse<byte[]>> ping = phone.client.http().sendAsync(
                phone.client.request("Ping", EasPhone.ping(120, folder), Duration.ofSeconds(150)),
                HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(500);
        assertFalse(ping.isDone(), "the Ping is parked");
        return ping;
    }

    static String event(String uid, String summary) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hearth-test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
                + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20300106T090000Z\r\nDTEND:20300106T100000Z\r\nSUMMARY:" + summary
                + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }
}
