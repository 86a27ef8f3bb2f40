package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup page and every file it serves, read by independent programs: {@code openssl x509} for
 * the certificates, Python's {@code plistlib} for the iOS profile. Also: nothing secret is served,
 * the TLS port has none of it, and the console gets the QR code, the links and the live tick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SetupPageIT {
    static final String IPHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    static final String ANDROID_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Mobile Safari/537.36";
    static final String WINDOWS_PHONE_UA = "Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0; Touch; "
            + "rv:11.0; IEMobile/11.0; NOKIA; Lumia 635) like iPhone OS 7_0_3 Mac OS X AppleWebKit/537 (KHTML, like Gecko) "
            + "Mobile Safari/537";
    static final String MAC_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/17.4 Safari/605.1.15";
    static final Pattern FINGERPRINT = Pattern.compile("<code id=\"fingerprint\">([0-9A-F:]{95})</code>");

    private static final String PLIST_DUMP = """
            import plistlib, sys, hashlib
            with open(sys.argv[1], 'rb') as f:
                p = plistlib.load(f)
            keys = set()
            def walk(v):
                if isinstance(v, dict):
                    for k, x in v.items():
                        keys.add(k); walk(x)
                elif isinstance(v, list):
                    for x in v: walk(x)
            walk(p)
            print('keys=' + ','.join(sorted(keys)))
            print('PayloadType=' + p['PayloadType'])
            print('PayloadUUID=' + p['PayloadUUID'])
            for c in p['PayloadContent']:
                t = c['PayloadType']
                for k, v in c.items():
                    if isinstance(v, bytes):
                        print(t + '.' + k + '.sha256=' + hashlib.sha256(v).hexdigest())
                    else:
                        print(t + '.' + k + '=' + str(v))
            """;

    private RunningHearth hearth;
    private HttpClient http;
    private Path work;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        work = tmp;
        Path data = tmp.resolve("data");
        PeerTools.createAccount(data, "alice", "alice@home.example", "correct horse battery");
        hearth = RunningHearth.start(data).awaitRunning();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            hearth.close();
        }
    }

    @Test
    void thePageOffersEachPhoneItsOwnDownloadAndTheOthersOneTapAway() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(IPHONE_UA, "id=\"download-profile\" href=\"/hearth.mobileconfig\"");
        expected.put(ANDROID_UA, "id=\"download-crt\" href=\"/hearth-ca.crt\"");
        expected.put(WINDOWS_PHONE_UA, "id=\"download-cer\" href=\"/hearth-ca.cer\"");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            HttpResponse<String> page = get(setup("/"), e.getKey());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
            assertTrue(page.body().contains(e.getValue()), e.getKey() + "\n" + page.body());
            assertTrue(page.body().contains("id=\"switch-other\""), "all downloads one tap away");
            assertTrue(FINGERPRINT.matcher(page.body()).find(), page.body());
        }
        String android = get(setup("/?os=android&user=alice"), IPHONE_UA).body();
        assertTrue(android.contains("id=\"download-crt\""), "?os= overrides the User-Agent");
        assertTrue(android.contains("<code id=\"user-name\">alice</code>"), android);
        assertTrue(android.contains("alice@home.example"), android);
        assertTrue(android.contains("<code id=\"server-port\">" + hearth.easPort + "</code>"), android);
    }

    @Test
    void theCertificatesAreTheRootAsOpensslReadsThem() throws Exception {
        Path openssl = PeerTools.require("openssl", "openssl");
        String pageFingerprint = fingerprintOnPage();
        String expected = opensslFingerprint(openssl, hearth.data.resolve("certs").resolve("ca.pem"), "PEM");
        assertEquals(expected, pageFingerprint, "the page shows the root's fingerprint");
        for (String name : List.of("hearth-ca.crt", "hearth-ca.cer")) {
            HttpResponse<byte[]> r = getBytes(setup("/" + name), ANDROID_UA);
            assertEquals(200, r.statusCode());
            assertEquals("application/x-x509-ca-cert", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(r.headers().firstValue("Content-Disposition").orElse("").contains(name));
            Path file = Files.write(work.resolve(name), r.body());
            assertEquals(pageFingerprint, opensslFingerprint(openssl, file, "DER"), name);
            String text = PeerTools.run(Duration.ofSeconds(30), openssl.toString(), "x509", "-inform", "DER", "-in",
                    file.toString(), "-noout", "-text").assertOk("openssl x509 -text").out();
            assertTrue(text.contains("CA:TRUE"), text);
            assertTrue(text.matches("(?s).*Subject:.*Hearth local CA.*"), text);
            assertTrue(text.contains("Certificate Sign"), text);
        }
        HttpResponse<byte[]> pem = getBytes(setup("/hearth-ca.pem"), "curl/8");
        Path pemFile = Files.write(work.resolve("hearth-ca.pem"), pem.body());
        assertEquals(pageFingerprint, opensslFingerprint(openssl, pemFile, "PEM"));
    }

    @Test
    void theIosProfileAsPlistlibReadsIt() throws Exception {
        Path python = PeerTools.require("python3", "python3");
        Path openssl = PeerTools.require("openssl", "openssl");
        HttpResponse<byte[]> r = getBytes(setup("/hearth.mobileconfig?user=ALICE"), IPHONE_UA);
        assertEquals(200, r.statusCode());
        assertEquals("application/x-apple-aspen-config", r.headers().firstValue("Content-Type").orElse(""));
        Map<String, String> p = plist(python, Files.write(work.resolve("alice.mobileconfig"), r.body()));

        assertEquals("Configuration", p.get("PayloadType"));
        assertEquals("com.apple.security.root", p.get("com.apple.security.root.PayloadType"));
        assertEquals("com.apple.eas.account", p.get("com.apple.eas.account.PayloadType"));
        assertEquals("alice", p.get("com.apple.eas.account.UserName"), "the registry's spelling");
        assertEquals("alice@home.example", p.get("com.apple.eas.account.EmailAddress"));
        assertEquals("True", p.get("com.apple.eas.account.SSL"));
        String lanHost = URI.create(links().get("lan")).getHost();
        assertEquals(lanHost + ":" + hearth.easPort, p.get("com.apple.eas.account.Host"),
                "opened from this computer, the profile points at the LAN address");
        for (String key : p.get("keys").split(",")) {
            assertFalse(key.toLowerCase().contains("password"), "a password key in the profile: " + key);
        }
        // the root inside is the root on disk, as openssl fingerprints it
        String diskRoot = opensslFingerprint(openssl, hearth.data.resolve("certs").resolve("ca.pem"), "PEM");
        assertEquals(diskRoot.replace(":", "").toLowerCase(), p.get("com.apple.security.root.PayloadContent.sha256"));

        // stable UUIDs: a second download is the same profile; payloads differ from each other
        Map<String, String> again = plist(python, Files.write(work.resolve("again.mobileconfig"),
                getBytes(setup("/hearth.mobileconfig?user=alice"), IPHONE_UA).body()));
        assertEquals(p.get("PayloadUUID"), again.get("PayloadUUID"));
        assertEquals(p.get("com.apple.eas.account.PayloadUUID"), again.get("com.apple.eas.account.PayloadUUID"));
        assertNotEquals(p.get("com.apple.eas.account.PayloadUUID"), p.get("com.apple.security.root.PayloadUUID"));

        // the generic profile leaves user and address to the phone
        Map<String, String> generic = plist(python, Files.write(work.resolve("generic.mobileconfig"),
                getBytes(setup("/hearth.mobileconfig"), IPHONE_UA).body()));
        assertFalse(generic.containsKey("com.apple.eas.account.UserName"), generic.toString());
        assertFalse(generic.containsKey("com.apple.eas.account.EmailAddress"), generic.toString());
        assertNotEquals(p.get("PayloadUUID"), generic.get("PayloadUUID"));
    }

    @Test
    void theComputersPageAndTheMacProfileLeadToTheDavService() throws Exception {
        Path python = PeerTools.require("python3", "python3");
        String lanHost = URI.create(links().get("lan")).getHost();
        String dav = "https://" + lanHost + ":" + hearth.easPort + "/dav/";
        String page = get(setup("/computers?user=alice"), MAC_UA).body();
        assertTrue(page.contains("<code id=\"dav-url\">" + dav + "</code>"), page);
        assertTrue(page.contains("href=\"/hearth-mac.mobileconfig?user=alice\""), page);

        HttpResponse<byte[]> r = getBytes(setup("/hearth-mac.mobileconfig?user=alice"), MAC_UA);
        assertEquals(200, r.statusCode());
        assertEquals("application/x-apple-aspen-config", r.headers().firstValue("Content-Type").orElse(""));
        String events = get(console("/hearth/setup-events.json"), "console").body();
        assertTrue(events.matches("(?s).*\"what\":\"MAC_PROFILE\",\"client\":\"Mac\",\"user\":\"alice\".*"), events);
        Map<String, String> p = plist(python, Files.write(work.resolve("mac.mobileconfig"), r.body()));
        assertEquals("com.apple.security.root", p.get("com.apple.security.root.PayloadType"));
        assertFalse(p.containsKey("com.apple.eas.account.PayloadType"), "a Mac gets no Exchange account: " + p);
        for (String kind : List.of("CalDAV", "CardDAV")) {
            String t = "com.apple." + kind.toLowerCase() + ".account.";
            assertEquals(lanHost, p.get(t + kind + "HostName"), p.toString());
            assertEquals(Integer.toString(hearth.easPort), p.get(t + kind + "Port"));
            assertEquals("True", p.get(t + kind + "UseSSL"));
            assertEquals("alice", p.get(t + kind + "Username"));
            assertEquals(dav, p.get(t + kind + "PrincipalURL"));
        }
        for (String key : p.get("keys").split(",")) {
            assertFalse(key.toLowerCase().contains("password"), "a password key in the profile: " + key);
        }
        // what macOS does with the profile's URL: PROPFIND current-user-principal there, signed in
        HttpClient tls = HttpClient.newBuilder().sslContext(hearth.trustingHearth()).build();
        HttpResponse<String> principal = tls.send(HttpRequest.newBuilder(URI.create(p.get("com.apple.caldav.account.CalDAVPrincipalURL")))
                .method("PROPFIND", HttpRequest.BodyPublishers.ofString(
                        "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>"))
                .header("Depth", "0").header("Content-Type", "application/xml")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "alice:correct horse battery".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(207, principal.statusCode(), principal.body());
        assertTrue(principal.body().contains("/dav/principals/alice/"), principal.body());
        // the console's status page points at the computers' page
        String status = get(console("/system/console/hearth"), "console").body();
        assertTrue(status.matches("(?s).*<td>http://[^<]*:" + hearth.setupPort + "/computers</td>.*"), status);
    }

    @Test
    void aNameTheCertificateCoversIsKeptInTheProfile() throws Exception {
        Optional<InetAddress> lan = LauncherIT.nonLoopbackAddress();
        if (lan.isEmpty()) {
            org.junit.jupiter.api.Assumptions.abort("no non-loopback address to open the page on");
        }
        Path python = PeerTools.require("python3", "python3");
        String host = lan.get().getHostAddress();
        HttpResponse<byte[]> r = getBytes(URI.create("http://" + host + ":" + hearth.setupPort + "/hearth.mobileconfig"),
                IPHONE_UA);
        Map<String, String> p = plist(python, Files.write(work.resolve("lan.mobileconfig"), r.body()));
        assertEquals(host + ":" + hearth.easPort, p.get("com.apple.eas.account.Host"));
    }

    @Test
    void nothingSecretIsServedAndTheTlsPortHasNoneOfIt() throws Exception {
        String keystorePassword = Files.readString(hearth.data.resolve("certs").resolve("server.p12.password")).trim();
        for (String path : List.of("/", "/?os=other", "/hearth-ca.crt", "/hearth-ca.cer", "/hearth-ca.pem",
                "/hearth.mobileconfig", "/hearth.mobileconfig?user=alice")) {
            String body = new String(getBytes(setup(path), IPHONE_UA).body(), StandardCharsets.ISO_8859_1);
            assertFalse(body.contains("PRIVATE KEY"), path);
            assertFalse(body.contains(keystorePassword), path);
            assertFalse(body.contains(hearth.consolePassword()), path);
            assertFalse(body.contains("correct horse battery"), path);
        }
        HttpClient tls = HttpClient.newBuilder().sslContext(hearth.trustingHearth()).build();
        for (String path : List.of("/", "/hearth-ca.crt", "/hearth.mobileconfig")) {
            HttpResponse<String> r = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + hearth.easPort + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode(), path);
        }
        assertEquals(404, get(setup("/hearth/setup-qr.svg"), ANDROID_UA).statusCode(), "the QR code is the console's");
        assertEquals(404, get(setup("/etc/passwd"), ANDROID_UA).statusCode());
    }

    @Test
    void theConsoleGetsTheQrCodeTheLinksAndTheLiveTick() throws Exception {
        Map<String, String> links = links();
        assertTrue(links.get("lan").matches("http://[^/]+:" + hearth.setupPort + "/"), links.toString());
        assertEquals("null", links.get("internet"), "no Internet name configured");
        HttpResponse<String> qr = get(console("/hearth/setup-qr.svg?variant=lan"), "console");
        assertEquals(200, qr.statusCode());
        assertTrue(qr.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"));
        assertTrue(qr.body().startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), qr.body());
        assertEquals(404, get(console("/hearth/setup-qr.svg?variant=internet"), "console").statusCode());
        assertEquals(400, get(console("/hearth/setup-qr.svg?variant=moon"), "console").statusCode());

        getBytes(setup("/hearth.mobileconfig?user=alice"), IPHONE_UA);
        getBytes(setup("/hearth-ca.crt"), ANDROID_UA);
        String events = get(console("/hearth/setup-events.json"), "console").body();
        assertTrue(events.contains("{\"what\":\"IOS_PROFILE\",\"client\":\"iPhone\",\"user\":\"alice\"}")
                || events.matches("(?s).*\"what\":\"IOS_PROFILE\",\"client\":\"iPhone\",\"user\":\"alice\".*"), events);
        assertTrue(events.matches("(?s).*\"what\":\"CERTIFICATE_CRT\",\"client\":\"Android\",\"user\":null.*"), events);
        assertFalse(events.contains("Mozilla"), "never the full User-Agent: " + events);
    }

    private String fingerprintOnPage() throws Exception {
        Matcher m = FINGERPRINT.matcher(get(setup("/"), ANDROID_UA).body());
        assertTrue(m.find());
        return m.group(1);
    }

    private static String opensslFingerprint(Path openssl, Path file, String form) throws Exception {
        String out = PeerTools.run(Duration.ofSeconds(30), openssl.toString(), "x509", "-inform", form, "-in", file.toString(),
                "-noout", "-fingerprint", "-sha256").assertOk("openssl x509 -fingerprint").out().trim();
        // "sha256 Fingerprint=AB:CD:..." (the label's case differs between OpenSSL versions)
        return out.substring(out.indexOf('=') + 1).toUpperCase();
    }

    private static Map<String, String> plist(Path python, Path file) throws Exception {
        String out = PeerTools.run(Duration.ofSeconds(30), python.toString(), "-c", PLIST_DUMP, file.toString())
                .assertOk("python3 plistlib").out();
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private Map<String, String> links() throws Exception {
        String json = get(console("/hearth/setup-links.json"), "console").body();
        Map<String, String> m = new LinkedHashMap<>();
        Matcher e = Pattern.compile("\"(\\w+)\":(null|\"([^\"]*)\")").matcher(json);
        while (e.find()) {
            m.put(e.group(1), e.group(3) != null ? e.group(3) : "null");
        }
        return m;
    }

    private URI setup(String path) {
        return URI.create("http://127.0.0.1:" + hearth.setupPort + path);
    }

    private URI console(String path) {
        return URI.create("http://127.0.0.1:" + hearth.consolePort + path);
    }

    private HttpResponse<String> get(URI uri, String userAgent) throws Exception {
        return http.send(request(uri, userAgent), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(URI uri, String userAgent) throws Exception {
        return http.send(request(uri, userAgent), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** On the console's port with the admin password: everything there needs it. */
    private HttpRequest request(URI uri, String userAgent) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("User-Agent", userAgent);
        if (uri.getPort() == hearth.consolePort) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    ("admin:" + hearth.consolePassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return b.build();
    }
}
