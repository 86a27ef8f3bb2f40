package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlReader;
import org.hearthsync.wbxml.WbxmlWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: real clients' captured conversations (sync*gw's traces of Nine mail on Android at EAS
 * 16.1, Windows Mail, Microsoft's Remote Connectivity Analyzer at 12.0 and Outlook's Autodiscover;
 * {@code shared/fixtures/eas-wire/syncgw-traces}, see its PROVENANCE.md) replayed over HTTPS against
 * the launched server, through its real listener and path mapping. The harness is a client: it
 * sends each recorded request with Hearth's own PolicyKey, SyncKeys and folder ServerIds in place of
 * the recorded server's (learnt from Hearth's answers), signs in where the client did, and sends no
 * credentials where the recording shows the client's first, unauthenticated try. Where a trace
 * starts in the middle of a conversation (its Provision or first FolderSync was recorded in another
 * trace), the harness makes those requests first; they are listed as replay artefacts.
 *
 * <p>Each step's HTTP status and every EAS Status are compared with the recorded server's. Each
 * difference is classified: {@link Kind#DIFFERENT_DATA} (the recorded server holds mail and
 * attachments, Hearth holds none), {@link Kind#REPLAY_ARTEFACT}, or {@link Kind#HEARTH_BUG}, which
 * fails the test. The report goes to {@code launcher/REPLAY.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientReplayIT {
    static final String PASSWORD = "replay horse battery staple";
    static final String WBXML = "application/vnd.ms-sync.wbxml";
    /** Headers Java's client sets itself or refuses; Accept-Encoding left out so the bodies compare as sent. */
    static final Set<String> NOT_REPLAYED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "accept-encoding", "authorization", "x-ms-policykey");
    /** How long a Ping the recorded server answered at once may park before the harness calls it parked. */
    static final Duration PARKED = Duration.ofMillis(1500);

    enum Kind {
        EQUAL, DIFFERENT_DATA, REPLAY_ARTEFACT, HEARTH_BUG
    }

    record Outcome(String trace, String step, int recordedHttp, int ourHttp, List<String> recordedStatus,
            List<String> ourStatus, Kind kind, String why) {
    }

    private RunningHearth hearth;
    private SSLContext tls;
    private HttpClient https;
    private Path fixtures;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> artefacts = new ArrayList<>();
    /** The recorded server's folder ServerId to folder Type, per recorded user (learnt from its FolderSync answers). */
    private final Map<String, String> recordedTypes = new HashMap<>();
    /** Per device (user + DeviceId): what a client remembers of Hearth's answers. */
    private final Map<String, Device> devices = new HashMap<>();

    /** What a client keeps: its policy key, folder sync key, folders and per-folder sync keys. */
    static final class Device {
        String policyKey;
        String folderKey;
        final Map<String, String> folderByType = new HashMap<>();
        final Map<String, String> syncKeys = new HashMap<>();
        /** Recorded PolicyKey values to Hearth's (a Provision acknowledgement carries the temporary one). */
        final Map<String, String> policyKeys = new HashMap<>();
    }

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        fixtures = fixtures();
        Path data = tmp.resolve("data");
        Path etc = data.resolve("etc");
        Files.createDirectories(etc);
        for (String user : List.of("t1", "t2")) {
            Files.writeString(etc.resolve("org.hearthsync.account-" + user + ".cfg"), "user.name = " + user + "\n"
                    + "email.address = " + user + "@dev.fd\n" + "password.hash = "
                    + PasswordHash.hash(PASSWORD.toCharArray()) + "\n", StandardCharsets.UTF_8);
        }
        // the recorded server let the Connectivity Analyzer (which does not provision) in: so does Hearth here
        Files.writeString(etc.resolve("org.hearthsync.activesync.policy.cfg"), "allow.non.provisionable = true\n",
                StandardCharsets.UTF_8);
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        EasTestClient probe = EasTestClient.of(tls, hearth.easPort, "t1", PASSWORD, "REPLAYPROBE", "Probe", "16.1", false);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (probe.options().status() != 200) {
            assertTrue(System.nanoTime() < deadline, "the engine and the accounts did not come up");
            Thread.sleep(200);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            hearth.close();
        }
    }

    /** The shared fixtures: -Dhearth.fixtures, else a shared/fixtures folder above the working directory. */
    static Path fixtures() {
        String p = System.getProperty("hearth.fixtures");
        Path root = p == null ? null : Path.of(p);
        if (root == null || !Files.isDirectory(root)) {
            root = null;
            for (Path d = Path.of("").toAbsolutePath(); d != null && root == null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("shared/fixtures"))) {
                    root = d.resolve("shared/fixtures");
                }
            }
        }
        boolean ci = "true".equals(System.getenv("CI"));
        if (root == null) {
            if (ci) {
                throw new AssertionError("the shared fixtures are missing (shared/fixtures beside the clone)");
            }
            Assumptions.abort("the shared fixtures are not beside this clone");
        }
        return root.resolve("eas-wire").resolve("syncgw-traces");
    }

    // ------------------------------------------------------------------ the replay

    @Test
    @Order(1)
    void everyCapturedConversationReplaysWithoutAHearthBug() throws Exception {
        List<Path> traces;
        try (Stream<Path> s = Files.list(fixtures)) {
            traces = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(traces.isEmpty());
        // a rerun (failsafe reruns a failed test once) starts its clients afresh against the same server
        outcomes.clear();
        artefacts.clear();
        devices.clear();
        for (Path t : traces) {
            learnRecordedFolders(t);
        }
        for (Path t : traces) {
            for (Step step : Step.load(t)) {
                outcomes.add(replay(t.getFileName().toString(), step));
            }
        }
        writeReport(traces.size());
        List<Outcome> bugs = outcomes.stream().filter(o -> o.kind == Kind.HEARTH_BUG).toList();
        assertTrue(bugs.isEmpty(), "differences of class Hearth bug:\n" + String.join("\n",
                bugs.stream().map(Outcome::toString).toList()));
        assertTrue(outcomes.stream().filter(o -> o.kind == Kind.EQUAL).count() > outcomes.size() / 2,
                "most steps answer as the recorded server did");
    }

    // ------------------------------------------------------------------ path, query and header variants

    private HttpResponse<byte[]> raw(String method, String path, String contentType, byte[] body, boolean signIn,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + hearth.easPort + path))
                .timeout(Duration.ofSeconds(30)).method(method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (signIn) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("t1:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(b::header);
        return https.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * The Connectivity Analyzer's trailing slash and the case variants phones send behave exactly as
     * the canonical path: OPTIONS with the EAS headers, POST answered by the engine, 401 with its
     * challenge; anything else on the TLS port is a bare 404, never the setup servlet's defaults.
     */
    @Test
    @Order(2)
    void pathVariantsBehaveAsTheCanonicalPath() throws Exception {
        EasTestClient client = EasTestClient.of(tls, hearth.easPort, "t1", PASSWORD, "VARIANTS1", "Android", "14.1", false);
        EasTestClient.Result canonicalOptions = client.options();
        assertEquals(200, canonicalOptions.status());
        byte[] folderSync = WbxmlWriter.encode(EasTestClient.folderSync("0"));
        String q = "?Cmd=FolderSync&User=t1&DeviceId=VARIANTS2&DeviceType=Android";
        Map<String, String> v141 = Map.of("MS-ASProtocolVersion", "14.1");
        HttpResponse<byte[]> canonicalPost = raw("POST", "/Microsoft-Server-ActiveSync" + q, WBXML, folderSync, true, v141);
        for (String path : List.of("/Microsoft-Server-ActiveSync/", "/microsoft-server-activesync",
                "/MICROSOFT-SERVER-ACTIVESYNC/")) {
            HttpResponse<byte[]> options = raw("OPTIONS", path, null, null, true, Map.of());
            assertEquals(200, options.statusCode(), path);
            assertEquals(canonicalOptions.header("MS-ASProtocolVersions"),
                    options.headers().firstValue("MS-ASProtocolVersions").orElse(null), path);
            assertEquals(canonicalOptions.header("MS-ASProtocolCommands"),
                    options.headers().firstValue("MS-ASProtocolCommands").orElse(null), path);
            HttpResponse<byte[]> anonymous = raw("OPTIONS", path, null, null, false, Map.of());
            assertEquals(401, anonymous.statusCode(), path);
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
            HttpResponse<byte[]> post = raw("POST", path + q, WBXML, folderSync, true, v141);
            assertEquals(canonicalPost.statusCode(), post.statusCode(), path);
            assertEquals(statuses(canonicalPost.body(), WBXML), statuses(post.body(),
                    post.headers().firstValue("Content-Type").orElse("")), path + ": answered by the engine");
            assertEquals(401, raw("POST", path + q, WBXML, folderSync, false, v141).statusCode(), path);
        }
        // the protocol version in the header (plain query) or in the query (base64), and neither
        assertEquals(List.of("FolderSync/1"), statuses(canonicalPost.body(), WBXML));
        EasTestClient base64 = EasTestClient.of(tls, hearth.easPort, "t1", PASSWORD, "VARIANTS3", "Android", "14.1", true);
        base64.policyKey = null;
        EasTestClient.Result viaQuery = base64.post("Provision", EasTestClient.provisionInitial(true));
        assertEquals(200, viaQuery.status());
        assertEquals("1", viaQuery.document().childText("Provision", "Status"));
        HttpResponse<byte[]> noVersion = raw("POST", "/Microsoft-Server-ActiveSync" + q, WBXML, folderSync, true, Map.of());
        assertEquals(400, noVersion.statusCode(), "no protocol version anywhere");
        assertNotNull(noVersion.headers().firstValue("MS-ASProtocolVersions").orElse(null));

        // anything else on the TLS port: a bare 404 for every method, no HTML page
        for (String path : List.of("/", "/foo", "/Microsoft-Server-ActiveSync/extra", "/index.html", "/autodiscover")) {
            for (String method : List.of("GET", "POST", "OPTIONS", "PUT", "DELETE")) {
                HttpResponse<byte[]> r = raw(method, path, "text/plain", method.equals("GET") ? null : new byte[] { 'x' },
                        true, Map.of());
                assertEquals(404, r.statusCode(), method + " " + path);
                assertEquals(0, r.body().length, method + " " + path + ": " + new String(r.body(), StandardCharsets.UTF_8));
                assertFalse(r.headers().firstValue("Content-Type").orElse("").contains("html"), method + " " + path);
            }
        }
    }

    /** Autodiscover at the spellings clients use: POX at any case and trailing slash, and the JSON form. */
    @Test
    @Order(3)
    void autodiscoverPathVariants() throws Exception {
        byte[] pox = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/"
                + "exchange/autodiscover/mobilesync/requestschema/2006\"><Request><EMailAddress>t1@dev.fd</EMailAddress>"
                + "<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/"
                + "2006</AcceptableResponseSchema></Request></Autodiscover>").getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml",
                "/AutoDiscover/AutoDiscover.xml", "/autodiscover/autodiscover.xml/")) {
            HttpResponse<byte[]> r = raw("POST", path, "text/xml", pox, true, Map.of());
            assertEquals(200, r.statusCode(), path);
            String xml = new String(r.body(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("/Microsoft-Server-ActiveSync"), path + ": " + xml);
            assertEquals(401, raw("POST", path, "text/xml", pox, false, Map.of()).statusCode(), path);
        }
        for (String path : List.of("/autodiscover/autodiscover.json?Email=t1@dev.fd&Protocol=ActiveSync",
                "/Autodiscover/Autodiscover.json?Email=t1@dev.fd&Protocol=ActiveSync",
                "/autodiscover/autodiscover.json/v1.0/t1@dev.fd?Protocol=ActiveSync",
                "/AutoDiscover/AutoDiscover.json/v1.0/t1@dev.fd?Protocol=ActiveSync")) {
            HttpResponse<byte[]> r = raw("GET", path, null, null, false, Map.of());
            assertEquals(200, r.statusCode(), path);
            String json = new String(r.body(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"Protocol\"") && json.contains("Microsoft-Server-ActiveSync"), path + ": " + json);
        }
    }

    /**
     * What iOS and Outlook do: Autodiscover's POST without a password, then the same POST with it on the same
     * connection. The body arrives after the headers (as it does under load, and from a phone on a slow link), so the
     * 401 is decided before it is there. The connection must stay usable: the server reads the small body away and
     * answers the second request on it. It used to close the connection after the 401, and for the path variants
     * (forwarded to the canonical path) without saying Connection: close, so the client's next request got nothing
     * (autodiscoverPathVariants' "header parser received no bytes"). The EAS variants go through the same forward.
     */
    @Test
    @Order(3)
    void refusedPostWithALateBodyKeepsTheConnectionUsable() throws Exception {
        byte[] pox = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/"
                + "exchange/autodiscover/mobilesync/requestschema/2006\"><Request><EMailAddress>t1@dev.fd</EMailAddress>"
                + "<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/"
                + "2006</AcceptableResponseSchema></Request></Autodiscover>").getBytes(StandardCharsets.UTF_8);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("t1:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String path : List.of("/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml",
                "/autodiscover/autodiscover.xml/", "/microsoft-server-activesync?Cmd=FolderSync&User=t1&DeviceId=LATEBODY1"
                        + "&DeviceType=Android")) {
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("localhost",
                    hearth.easPort)) {
                s.setSoTimeout(10_000);
                String head = "POST " + path + " HTTP/1.1\r\nHost: localhost:" + hearth.easPort
                        + "\r\nContent-Type: text/xml\r\nContent-Length: " + pox.length + "\r\n";
                s.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                Thread.sleep(300);
                s.getOutputStream().write(pox);
                s.getOutputStream().flush();
                RawAnswer refused = RawAnswer.read(s.getInputStream());
                assertEquals(401, refused.status(), path + ": " + refused.head());
                assertFalse(refused.head().toLowerCase(Locale.ROOT).contains("connection: close"),
                        path + ": a small refused body is read away, the connection stays: " + refused.head());
                s.getOutputStream().write((head + "Authorization: " + basic + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().write(pox);
                s.getOutputStream().flush();
                RawAnswer second = RawAnswer.read(s.getInputStream());
                assertTrue(second.status() > 0, path + ": the second request on the connection got no answer");
                if (path.startsWith("/autodiscover") || path.startsWith("/Autodiscover")) {
                    assertEquals(200, second.status(), path + ": " + second.head());
                    assertTrue(new String(second.body(), StandardCharsets.UTF_8).contains("/Microsoft-Server-ActiveSync"),
                            path);
                }
            }
        }
    }

    /** One HTTP/1.1 answer read off a socket (Content-Length bodies only); status 0 if the connection ended first. */
    record RawAnswer(int status, String head, byte[] body) {
        static RawAnswer read(java.io.InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                if ((b = in.read()) < 0) {
                    return new RawAnswer(0, head.toString(StandardCharsets.ISO_8859_1), new byte[0]);
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return new RawAnswer(Integer.parseInt(text.substring(9, 12)), text, in.readNBytes(length));
        }
    }

    /**
     * Outlook for Windows with an Exchange ActiveSync account (Outlook 2013 speaks 14.0, later ones
     * 16.0; it signs in with the e-mail address): Autodiscover, OPTIONS, Provision, FolderSync,
     * Settings with UserInformation (where it takes the account's address from), then one Sync of
     * every folder with SyncKey 0, the windows after it, GetItemEstimate and a Ping on all of them.
     * Every step must succeed: Outlook gives up the account when its mail folders do not sync.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = { "14.0", "16.0" })
    @Order(4)
    void outlookForWindowsFirstSync(String version) throws Exception {
        String user = "t1@dev.fd";
        byte[] pox = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Autodiscover xmlns=\"http://schemas.microsoft.com/"
                + "exchange/autodiscover/mobilesync/requestschema/2006\"><Request><EMailAddress>" + user + "</EMailAddress>"
                + "<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/"
                + "2006</AcceptableResponseSchema></Request></Autodiscover>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> ad = raw("POST", "/Autodiscover/Autodiscover.xml", "text/xml", pox, true, Map.of());
        assertEquals(200, ad.statusCode());
        assertTrue(new String(ad.body(), StandardCharsets.UTF_8).contains("/Microsoft-Server-ActiveSync"));

        EasTestClient c = EasTestClient.of(tls, hearth.easPort, user, PASSWORD, "OUTLOOK" + version.replace(".", ""),
                "WindowsOutlook15", version, false);
        assertEquals(200, c.options().status());
        EasTestClient.Result initial = c.post("Provision", EasTestClient.provisionInitial(true));
        String temp = initial.document().child("Provision", "Policies").orElseThrow().child("Provision", "Policy")
                .orElseThrow().childText("Provision", "PolicyKey");
        c.policyKey = c.post("Provision", EasTestClient.provisionAck(temp)).document().child("Provision", "Policies")
                .orElseThrow().child("Provision", "Policy").orElseThrow().childText("Provision", "PolicyKey");
        EasTestClient.Result fs = c.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals("1", fs.document().childText("FolderHierarchy", "Status"));
        List<String> folders = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        for (Element add : fs.document().child("FolderHierarchy", "Changes").orElseThrow().children("FolderHierarchy",
                "Add")) {
            folders.add(add.childText("FolderHierarchy", "ServerId"));
            types.put(add.childText("FolderHierarchy", "Type"), add.childText("FolderHierarchy", "ServerId"));
        }
        for (String type : List.of("2", "3", "4", "5", "6", "7", "8", "9")) {
            assertTrue(types.containsKey(type), "Outlook needs a folder of type " + type + ": " + types);
        }
        EasTestClient.Result settings = c.post("Settings", EasTestClient.settings());
        assertEquals(List.of("Settings/1", "DeviceInformation/1", "UserInformation/1"),
                statuses(WbxmlWriter.encode(settings.document()), WBXML));
        assertTrue(settings.document().toString().contains(user), "UserInformation carries the address Outlook uses");

        Map<String, String> keys = new HashMap<>();
        for (String key : List.of("0", "next")) {
            Element sync = new Element("AirSync", "Sync");
            Element cs = sync.add("AirSync", "Collections");
            for (String f : folders) {
                Element coll = cs.add("AirSync", "Collection").addText("AirSync", "SyncKey",
                        key.equals("0") ? "0" : keys.get(f)).addText("AirSync", "CollectionId", f);
                if (!key.equals("0")) {
                    coll.add("AirSync", "GetChanges");
                    coll.addText("AirSync", "WindowSize", "50");
                }
            }
            EasTestClient.Result r = c.post("Sync", sync);
            assertEquals(200, r.status());
            List<Element> colls = r.document().child("AirSync", "Collections").orElseThrow().children("AirSync",
                    "Collection");
            assertEquals(folders.size(), colls.size(), "every folder answered: " + r.document());
            for (Element coll : colls) {
                assertEquals("1", coll.childText("AirSync", "Status"), key + ": " + coll);
                keys.put(coll.childText("AirSync", "CollectionId"), coll.childText("AirSync", "SyncKey"));
            }
        }
        Element gie = new Element("GetItemEstimate", "GetItemEstimate");
        Element gcs = gie.add("GetItemEstimate", "Collections");
        for (String f : folders) {
            gcs.add("GetItemEstimate", "Collection").addText("AirSync", "SyncKey", keys.get(f))
                    .addText("GetItemEstimate", "CollectionId", f);
        }
        EasTestClient.Result estimates = c.post("GetItemEstimate", gie);
        for (Element resp : estimates.document().children("GetItemEstimate", "Response")) {
            assertEquals("1", resp.childText("GetItemEstimate", "Status"), resp.toString());
        }
        // a Ping on every folder parks (nothing new), and ends with status 1 at its (short) heartbeat
        Element ping = new Element("Ping", "Ping").addText("Ping", "HeartbeatInterval", "60");
        Element pfs = ping.add("Ping", "Folders");
        for (String f : folders) {
            pfs.add("Ping", "Folder").addText("Ping", "Id", f).addText("Ping", "Class", "Email");
        }
        CompletableFuture<HttpResponse<byte[]>> parked = c.http().sendAsync(c.request("Ping", ping, Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> early = parked.get(PARKED.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the Ping answered at once: " + statuses(early.body(), WBXML));
        } catch (TimeoutException expected) {
            parked.cancel(true);
        }
    }

    /** One recorded request and the recorded answer. */
    record Step(String name, String method, String path, String query, Map<String, String> headers, byte[] body,
            int status, Map<String, String> responseHeaders, byte[] responseBody) {

        String command() {
            return name.substring(3);
        }

        static List<Step> load(Path dir) throws IOException {
            TreeMap<String, Step> steps = new TreeMap<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path h : s.filter(f -> f.getFileName().toString().endsWith("-req-headers.txt")).toList()) {
                    String name = h.getFileName().toString().replace("-req-headers.txt", "");
                    List<String> lines = Files.readAllLines(h, StandardCharsets.UTF_8);
                    String[] first = lines.get(0).split(" ");
                    String target = first[1];
                    int q = target.indexOf('?');
                    Map<String, String> headers = headers(lines);
                    byte[] body = read(dir, name + "-req.wbxml", name + "-req.xml");
                    List<String> resp = Files.readAllLines(dir.resolve(name + "-resp-headers.txt"), StandardCharsets.UTF_8);
                    int status = Integer.parseInt(resp.get(0).split(" ")[1]);
                    byte[] rbody = read(dir, name + "-resp.wbxml", name + "-resp.xml");
                    steps.put(name, new Step(name, first[0], q < 0 ? target : target.substring(0, q),
                            q < 0 ? null : target.substring(q + 1), headers, body, status, headers(resp), rbody));
                }
            }
            return new ArrayList<>(steps.values());
        }

        private static Map<String, String> headers(List<String> lines) {
            Map<String, String> h = new LinkedHashMap<>();
            for (String l : lines.subList(1, lines.size())) {
                int c = l.indexOf(':');
                if (!l.startsWith("#") && c > 0) {
                    h.put(l.substring(0, c).trim(), l.substring(c + 1).trim());
                }
            }
            return h;
        }

        private static byte[] read(Path dir, String... names) throws IOException {
            for (String n : names) {
                if (Files.exists(dir.resolve(n))) {
                    return Files.readAllBytes(dir.resolve(n));
                }
            }
            return new byte[0];
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        String responseType() {
            return responseHeaders.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                    .map(Map.Entry::getValue).findFirst().orElse("");
        }
    }

    /** The recorded server's folders (ServerId to Type) from every FolderSync answer it gave. */
    private void learnRecordedFolders(Path trace) throws Exception {
        for (Step s : Step.load(trace)) {
            if (s.command().equals("FolderSync") && s.responseBody().length > 0) {
                Element doc = WbxmlReader.create().read(s.responseBody());
                doc.child("FolderHierarchy", "Changes").ifPresent(ch -> {
                    for (Element add : ch.children("FolderHierarchy", "Add")) {
                        recordedTypes.put(recordedUser(s) + "/" + add.childText("FolderHierarchy", "ServerId"),
                                add.childText("FolderHierarchy", "Type"));
                    }
                });
            }
        }
    }

    /** The account a step signs in as: the query's User, else t1 (Authorization was not recorded). */
    static String recordedUser(Step s) {
        if (s.query() != null && s.query().contains("User=")) {
            for (String p : s.query().split("&")) {
                if (p.startsWith("User=")) {
                    return java.net.URLDecoder.decode(p.substring(5), StandardCharsets.UTF_8);
                }
            }
        }
        return "t1@dev.fd";
    }

    static String deviceId(Step s) {
        if (s.query() != null) {
            for (String p : s.query().split("&")) {
                if (p.startsWith("DeviceId=")) {
                    return p.substring(9);
                }
            }
            if (base64(s.query())) {
                // as Hearth reads it: printable ASCII as it is, a binary id (a GUID) as upper-case hex
                byte[] q = Base64.getDecoder().decode(java.net.URLDecoder.decode(s.query(), StandardCharsets.UTF_8));
                byte[] id = java.util.Arrays.copyOfRange(q, 5, 5 + (q[4] & 0xff));
                boolean printable = true;
                for (byte x : id) {
                    printable &= x >= 0x21 && x <= 0x7e;
                }
                return printable ? new String(id, StandardCharsets.US_ASCII)
                        : java.util.HexFormat.of().withUpperCase().formatHex(id);
            }
        }
        return "none";
    }

    private Outcome replay(String trace, Step step) throws Exception {
        String command = step.command();
        Device device = devices.computeIfAbsent(recordedUser(step) + "/" + deviceId(step), k -> new Device());
        List<String> recorded = statuses(step.responseBody(), step.responseType());
        CompletableFuture<HttpResponse<byte[]>> pending = send(trace, step, device);
        if (command.equals("Ping")) {
            HttpResponse<byte[]> r = ping(trace, step, device, pending);
            if (r == null) {
                return new Outcome(trace, step.name(), step.status(), 0, recorded, List.of("(parked)"), Kind.DIFFERENT_DATA,
                        "a Ping on mail folders only: Hearth's mail folders never change, so it parks until its "
                                + "heartbeat (status 1) where the recorded server had new mail (2)");
            }
            return compare(trace, step, device, r, recorded);
        }
        HttpResponse<byte[]> r = pending.get(30, TimeUnit.SECONDS);
        List<String> ours = statuses(r.body(), r.headers().firstValue("Content-Type").orElse(""));
        boolean provisioningAsked = r.statusCode() == 449
                || ours.stream().anyMatch(st -> st.endsWith("/142") || st.endsWith("/143") || st.endsWith("/144"));
        if (provisioningAsked && step.status() != 449 && !recorded.equals(ours) && !command.equals("Provision")) {
            // as a client does: provision, then send the request again with the new key
            prime(trace, step, device, "Provision (Hearth asked this device to provision, where the recorded server "
                    + "did not), then the request again");
            r = send(trace, step, device).get(30, TimeUnit.SECONDS);
        }
        return compare(trace, step, device, r, recorded);
    }

    private static boolean base64(String query) {
        return query != null && !query.contains("Cmd=");
    }

    /** Sends the recorded request as this client would now: its keys and folders, its credentials. */
    private CompletableFuture<HttpResponse<byte[]>> send(String trace, Step step, Device device) throws Exception {
        String user = recordedUser(step);
        String command = step.command();
        boolean eas = step.path().toLowerCase(Locale.ROOT).startsWith("/microsoft-server-activesync");
        boolean signIn = step.status() != 401; // the recorded 401s are the client's first, unauthenticated tries
        String version = step.header("MS-ASProtocolVersion");
        String query = step.query();
        byte[] body = step.body();
        String policyHeader = step.header("X-MS-PolicyKey");
        if (eas && signIn && "POST".equals(step.method())) {
            boolean base64 = base64(query);
            String recordedKey = base64 ? base64PolicyKey(query) : policyHeader;
            if (!command.equals("Provision") && recordedKey != null && !"0".equals(recordedKey)
                    && device.policyKey == null) {
                prime(trace, step, device, "Provision (the device's earlier Provision is in another trace)");
            }
            if (base64 && device.policyKey != null) {
                query = withBase64PolicyKey(query, device.policyKey);
            } else if (recordedKey != null && !"0".equals(recordedKey)) {
                policyHeader = device.policyKey != null ? device.policyKey
                        : device.policyKeys.getOrDefault(recordedKey, recordedKey);
            }
            if (body.length > 0 && step.header("Content-Type") != null && step.header("Content-Type").contains("wbxml")) {
                body = adapt(trace, step, device, body);
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + hearth.easPort + step.path()
                + (query == null ? "" : "?" + query))).timeout(Duration.ofSeconds(30));
        step.headers().forEach((k, v) -> {
            if (!NOT_REPLAYED.contains(k.toLowerCase(Locale.ROOT))) {
                b.header(k, v);
            }
        });
        if (policyHeader != null) {
            b.header("X-MS-PolicyKey", policyHeader);
        }
        if (signIn) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        b.method(step.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return https.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A Ping the recorded server answered with changes: the harness makes a change in the watched
     * PIM folder from another device of the account (as the recorded server's data changed), then
     * takes the answer; {@code null} when the Ping watches only mail folders and stays parked.
     */
    private HttpResponse<byte[]> ping(String trace, Step step, Device device,
            CompletableFuture<HttpResponse<byte[]>> pending) throws Exception {
        String user = recordedUser(step);
        try {
            return pending.get(PARKED.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException parked) {
            // parked, as it should be until something changes
        }
        Element ping = WbxmlReader.create().read(step.body());
        String pimFolder = null;
        String pimClass = null;
        for (Element f : ping.child("Ping", "Folders").map(fs -> fs.children("Ping", "Folder")).orElse(List.of())) {
            String cls = f.childText("Ping", "Class");
            if (!"Email".equals(cls)) {
                pimClass = cls;
                pimFolder = f.childText("Ping", "Id");
            }
        }
        if (pimFolder == null) {
            pending.cancel(true);
            return null;
        }
        EasPhone helper = new EasPhone(EasTestClient.of(tls, hearth.easPort, user, PASSWORD, "REPLAYHELPER", "Helper",
                "16.1", false)).setUp();
        String f = helper.folder(pimClass);
        helper.syncAll(f);
        helper.add(f, EasPhone.item(pimClass, "replay-" + step.name(), null));
        helper.syncAll(f);
        artefacts.add(trace + " " + step.name() + ": a " + pimClass + " item added from another device of the account, "
                + "so that the Ping has the change the recorded one had");
        return pending.get(10, TimeUnit.SECONDS);
    }

    private Outcome compare(String trace, Step step, Device device, HttpResponse<byte[]> r, List<String> recorded)
            throws Exception {
        String type = r.headers().firstValue("Content-Type").orElse("");
        Element doc = r.body().length > 0 && type.startsWith(WBXML) ? WbxmlReader.create().read(r.body()) : null;
        learn(step, device, doc);
        List<String> ours = statuses(r.body(), type);
        String command = step.command();
        if (r.statusCode() >= 500) {
            return outcome(trace, step, r, recorded, ours, Kind.HEARTH_BUG, "a server error");
        }
        if (command.equals("options") && r.statusCode() == 200
                && r.headers().firstValue("MS-ASProtocolVersions").isEmpty()) {
            return outcome(trace, step, r, recorded, ours, Kind.HEARTH_BUG, "OPTIONS without MS-ASProtocolVersions");
        }
        if (r.statusCode() == step.status() && ours.equals(recorded)) {
            return outcome(trace, step, r, recorded, ours, Kind.EQUAL, "");
        }
        List<String> withoutTop = withoutOptionalTopStatus(recorded, ours);
        if (r.statusCode() == step.status() && ours.equals(withoutTop)) {
            return outcome(trace, step, r, recorded, ours, Kind.EQUAL,
                    "the recorded server adds the optional top-level Status 1, which MS-ASCMD sends on failure only");
        }
        if (command.equals("Sync") && r.statusCode() == step.status() && onlyUnknownItems(withoutTop, ours)) {
            return outcome(trace, step, r, recorded, ours, Kind.DIFFERENT_DATA,
                    "the client changes or deletes an item the recorded server had given it; Hearth never held that "
                            + "ServerId: 8 (object not found)");
        }
        // the differences the recorded server's data explains
        if (command.equals("ItemOperations") && ours.contains("Fetch/15") && doc != null
                && doc.toString().contains("FileReference")) {
            return outcome(trace, step, r, recorded, ours, Kind.DIFFERENT_DATA,
                    "an attachment fetch: the recorded server held the attachment, Hearth holds none (15, the "
                            + "reference echoed)");
        }
        if (command.equals("Search") && ours.equals(List.of("Search/1", "Store/1"))) {
            return outcome(trace, step, r, recorded, ours, Kind.DIFFERENT_DATA,
                    "a Mailbox search: Hearth's mail folders are empty, the search succeeds with no results");
        }
        if (Set.of("SendMail", "SmartReply", "SmartForward").contains(command) && ours.equals(List.of("SendMail/137"))) {
            return outcome(trace, step, r, recorded, ours, Kind.DIFFERENT_DATA,
                    "Hearth sends no mail: command not supported (137), where the recorded server sent it");
        }
        if (command.equals("Sync") && r.statusCode() == 200 && step.status() == 200 && recorded.isEmpty()
                && ours.stream().allMatch(s -> s.endsWith("/1"))) {
            return outcome(trace, step, r, recorded, ours, Kind.DIFFERENT_DATA,
                    "nothing new for either server: the recorded one answered with an empty body, Hearth with "
                            + "status 1 (both MS-ASCMD 2.2.1.21)");
        }
        return outcome(trace, step, r, recorded, ours, Kind.HEARTH_BUG, "unexplained");
    }

    /** The recorded statuses without a top-level Sync or GetItemEstimate Status 1 that Hearth's answer has not. */
    static List<String> withoutOptionalTopStatus(List<String> recorded, List<String> ours) {
        List<String> out = new ArrayList<>(recorded);
        for (String top : List.of("Sync/1", "GetItemEstimate/1")) {
            if (!ours.contains(top)) {
                out.remove(top);
            }
        }
        return out;
    }

    /** Equal but for item Changes or Deletes the recorded server took (1) and Hearth did not know (8). */
    static boolean onlyUnknownItems(List<String> recorded, List<String> ours) {
        if (recorded.size() != ours.size()) {
            return false;
        }
        boolean any = false;
        for (int i = 0; i < ours.size(); i++) {
            String a = recorded.get(i);
            String b = ours.get(i);
            if (a.equals(b)) {
                continue;
            }
            if (!(a.equals("Change/1") || a.equals("Delete/1")) || !b.equals(a.substring(0, a.indexOf('/')) + "/8")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static Outcome outcome(String trace, Step step, HttpResponse<byte[]> r, List<String> recorded,
            List<String> ours, Kind kind, String why) {
        return new Outcome(trace, step.name(), step.status(), r.statusCode(), recorded, ours, kind, why);
    }

    /** Every Status of a WBXML document as parent/Status value, in document order; empty for anything else. */
    static List<String> statuses(byte[] body, String contentType) throws Exception {
        List<String> out = new ArrayList<>();
        if (body.length == 0 || !contentType.startsWith(WBXML)) {
            return out;
        }
        collect(WbxmlReader.create().read(body), out);
        return out;
    }

    private static void collect(Element e, List<String> out) {
        for (Element c : e.children()) {
            if (c.name().equals("Status") && c.text() != null) {
                out.add(e.name() + "/" + c.text().trim());
            } else {
                collect(c, out);
            }
        }
    }

    // ------------------------------------------------------------------ what the client learns and adapts

    /** Takes Hearth's keys and folders from its answer, as a client does. */
    private void learn(Step step, Device device, Element doc) {
        if (doc == null) {
            return;
        }
        switch (step.command()) {
            case "Provision" -> doc.child("Provision", "Policies").flatMap(p -> p.child("Provision", "Policy"))
                    .ifPresent(p -> {
                        String ours = p.childText("Provision", "PolicyKey");
                        if (ours != null) {
                            String recordedKey = recordedPolicyKey(step);
                            if (recordedKey != null) {
                                device.policyKeys.put(recordedKey, ours);
                            }
                            device.policyKey = ours;
                        }
                    });
            case "FolderSync" -> {
                String key = doc.childText("FolderHierarchy", "SyncKey");
                if (key != null) {
                    device.folderKey = key;
                }
                doc.child("FolderHierarchy", "Changes").ifPresent(ch -> {
                    for (Element add : ch.children("FolderHierarchy", "Add")) {
                        device.folderByType.putIfAbsent(add.childText("FolderHierarchy", "Type"),
                                add.childText("FolderHierarchy", "ServerId"));
                    }
                });
            }
            case "Sync" -> doc.child("AirSync", "Collections").ifPresent(cs -> {
                for (Element c : cs.children("AirSync", "Collection")) {
                    if (c.childText("AirSync", "SyncKey") != null) {
                        device.syncKeys.put(c.childText("AirSync", "CollectionId"), c.childText("AirSync", "SyncKey"));
                    }
                }
            });
            default -> {
            }
        }
    }

    private static String recordedPolicyKey(Step step) {
        try {
            Element doc = WbxmlReader.create().read(step.responseBody());
            return doc.child("Provision", "Policies").flatMap(p -> p.child("Provision", "Policy"))
                    .map(p -> p.childText("Provision", "PolicyKey")).orElse(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** The request body with Hearth's PolicyKey, SyncKeys and folder ServerIds in place of the recorded server's. */
    private byte[] adapt(String trace, Step step, Device device, byte[] body) throws Exception {
        Element doc = WbxmlReader.create().read(body);
        rewrite(trace, step, device, doc, null);
        return WbxmlWriter.encode(doc);
    }

    private void rewrite(String trace, Step step, Device device, Element e, String collection) throws Exception {
        String folder = collection;
        for (Element c : e.children()) {
            if (Set.of("CollectionId", "Id", "SrcFldId", "DstFldId").contains(c.name()) && c.text() != null) {
                String ours = folderOf(trace, step, device, c.text().trim());
                if (ours != null) {
                    c.text(ours);
                    folder = ours;
                }
            }
        }
        for (Element c : e.children()) {
            if (c.name().equals("PolicyKey") && c.text() != null) {
                c.text(device.policyKeys.getOrDefault(c.text().trim(), c.text().trim()));
            } else if (c.name().equals("SyncKey") && c.namespace().equals("FolderHierarchy") && !"0".equals(c.text())) {
                if (device.folderKey == null) {
                    prime(trace, step, device, "FolderSync 0 (the device's first FolderSync is in another trace)");
                }
                c.text(device.folderKey);
            } else if (c.name().equals("SyncKey") && !"0".equals(c.text()) && folder != null) {
                if (!device.syncKeys.containsKey(folder)) {
                    primeSync(trace, step, device, folder);
                }
                c.text(device.syncKeys.get(folder));
            } else if (!c.children().isEmpty()) {
                rewrite(trace, step, device, c, folder);
            }
        }
    }

    /** Hearth's folder of the recorded server's folder's Type; the recorded id when Hearth has no such folder. */
    private String folderOf(String trace, Step step, Device device, String recorded) throws Exception {
        String type = recordedTypes.get(recordedUser(step) + "/" + recorded);
        if (type == null) {
            type = recordedTypes.entrySet().stream().filter(en -> en.getKey().endsWith("/" + recorded))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (type == null) {
            return null;
        }
        if (device.folderByType.isEmpty()) {
            prime(trace, step, device, "FolderSync 0 (the device's first FolderSync is in another trace)");
        }
        String hearthType = switch (type) {
            case "13" -> "8";
            case "14" -> "9";
            case "15" -> "7";
            case "17" -> "10";
            default -> type;
        };
        return device.folderByType.get(hearthType);
    }

    /** Requests the recorded conversation made before the trace began; listed as replay artefacts. */
    private void prime(String trace, Step step, Device device, String what) throws Exception {
        EasTestClient c = client(step, device);
        if (what.startsWith("Provision")) {
            EasTestClient.Result initial = c.post("Provision", EasTestClient.provisionInitial(false));
            String temp = initial.document().child("Provision", "Policies").orElseThrow().child("Provision", "Policy")
                    .orElseThrow().childText("Provision", "PolicyKey");
            EasTestClient.Result ack = c.post("Provision", EasTestClient.provisionAck(temp));
            device.policyKey = ack.document().child("Provision", "Policies").orElseThrow().child("Provision", "Policy")
                    .orElseThrow().childText("Provision", "PolicyKey");
        } else {
            EasTestClient.Result fs = c.post("FolderSync", EasTestClient.folderSync("0"));
            assertEquals(200, fs.status(), what);
            Step fake = new Step("00-FolderSync", "POST", "", null, Map.of(), new byte[0], 200, Map.of(), new byte[0]);
            learn(fake, device, fs.document());
        }
        artefacts.add(trace + " before " + step.name() + ": " + what);
    }

    private void primeSync(String trace, Step step, Device device, String folder) throws Exception {
        EasTestClient c = client(step, device);
        String version = c.version;
        Element sync = new Element("AirSync", "Sync");
        Element coll = sync.add("AirSync", "Collections").add("AirSync", "Collection");
        if (version != null && version.startsWith("12")) {
            coll.addText("AirSync", "Class", classOf(device, folder));
        }
        coll.addText("AirSync", "SyncKey", "0").addText("AirSync", "CollectionId", folder);
        EasTestClient.Result r = c.post("Sync", sync);
        learn(new Step("00-Sync", "POST", "", null, Map.of(), new byte[0], 200, Map.of(), new byte[0]), device,
                r.document());
        assertNotNull(device.syncKeys.get(folder), "Sync 0 of " + folder + ": " + r.document());
        artefacts.add(trace + " before " + step.name() + ": Sync 0 of folder " + folder
                + " (the folder's first Sync is in another trace)");
    }

    private static String classOf(Device device, String folder) {
        String type = device.folderByType.entrySet().stream().filter(e -> e.getValue().equals(folder))
                .map(Map.Entry::getKey).findFirst().orElse("2");
        return switch (type) {
            case "7", "15" -> "Tasks";
            case "8", "13" -> "Calendar";
            case "9", "14" -> "Contacts";
            case "10", "17" -> "Notes";
            default -> "Email";
        };
    }

    /** The step's device as a test client (the version of the step, 16.1 for a base64 query). */
    private EasTestClient client(Step step, Device device) {
        String user = recordedUser(step);
        String version = step.header("MS-ASProtocolVersion");
        String id = deviceId(step);
        String type = "Android";
        if (step.query() != null) {
            for (String p : step.query().split("&")) {
                if (p.startsWith("DeviceType=")) {
                    type = p.substring(11);
                }
            }
        }
        EasTestClient c = EasTestClient.of(tls, hearth.easPort, user, PASSWORD, id, type, version == null ? "16.1" : version,
                false);
        c.policyKey = device.policyKey;
        return c;
    }

    /** The policy key of an MS-ASHTTP base64 query, as a decimal string; {@code null} when there is none. */
    static String base64PolicyKey(String query) {
        byte[] q = Base64.getDecoder().decode(java.net.URLDecoder.decode(query, StandardCharsets.UTF_8));
        int at = 4 + 1 + (q[4] & 0xff);
        int len = q[at] & 0xff;
        if (len != 4) {
            return null;
        }
        long k = (q[at + 1] & 0xffL) | (q[at + 2] & 0xffL) << 8 | (q[at + 3] & 0xffL) << 16 | (q[at + 4] & 0xffL) << 24;
        return Long.toString(k);
    }

    /** The base64 query with another policy key (MS-ASHTTP 2.2.1.1.1.1: a 4-byte little-endian key after the DeviceId). */
    static String withBase64PolicyKey(String query, String key) {
        byte[] q = Base64.getDecoder().decode(java.net.URLDecoder.decode(query, StandardCharsets.UTF_8));
        int at = 4 + 1 + (q[4] & 0xff);
        int len = q[at] & 0xff;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q, 0, at);
        long k = Long.parseLong(key);
        out.write(4);
        for (int i = 0; i < 4; i++) {
            out.write((int) (k >> (8 * i) & 0xff));
        }
        out.write(q, at + 1 + len, q.length - at - 1 - len);
        return java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(out.toByteArray()), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the report

    private void writeReport(int traces) throws IOException {
        Map<Kind, Long> byKind = new TreeMap<>();
        for (Outcome o : outcomes) {
            byKind.merge(o.kind, 1L, Long::sum);
        }
        StringBuilder md = new StringBuilder();
        md.append("# Client replay through the real listener\n\n");
        md.append("Generated by `ClientReplayIT` (launcher) from `shared/fixtures/eas-wire/syncgw-traces`; do not edit by "
                + "hand. Command: `mvn -B verify -pl launcher -Dit.test=ClientReplayIT`.\n\n");
        md.append("Each captured request was sent over HTTPS to a launched Hearth with Hearth's own PolicyKey, SyncKeys "
                + "and folder ServerIds; the HTTP status and every EAS Status were compared with the recorded server's "
                + "(sync*gw).\n\n");
        md.append("- Conversations replayed: ").append(traces).append('\n');
        md.append("- Steps replayed: ").append(outcomes.size()).append('\n');
        for (Kind k : Kind.values()) {
            md.append("- ").append(label(k)).append(": ").append(byKind.getOrDefault(k, 0L)).append('\n');
        }
        md.append("\n## Steps\n\n| trace | step | HTTP recorded | HTTP Hearth | statuses recorded | statuses Hearth | class | why |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            md.append("| ").append(o.trace).append(" | ").append(o.step).append(" | ").append(o.recordedHttp).append(" | ")
                    .append(o.ourHttp == 0 ? "parked" : Integer.toString(o.ourHttp)).append(" | ")
                    .append(String.join(" ", o.recordedStatus)).append(" | ").append(String.join(" ", o.ourStatus))
                    .append(" | ").append(label(o.kind)).append(" | ").append(o.why).append(" |\n");
        }
        md.append("\n## Replay artefacts (requests the harness added)\n\n");
        for (String a : artefacts) {
            md.append("- ").append(a).append('\n');
        }
        Files.writeString(Path.of("REPLAY.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static String label(Kind k) {
        return switch (k) {
            case EQUAL -> "equal";
            case DIFFERENT_DATA -> "different data";
            case REPLAY_ARTEFACT -> "replay artefact";
            case HEARTH_BUG -> "Hearth bug";
        };
    }
}
