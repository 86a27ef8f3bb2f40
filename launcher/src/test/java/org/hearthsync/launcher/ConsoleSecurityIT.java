package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.hearthsync.auth.PasswordHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console listener and the sign-in throttle against a hostile outsider, on the launched
 * distribution: cross-site POSTs to the framework's own console plugins (bundle install,
 * configuration) with the right password are refused and change nothing; the setup wizard's
 * resources need the password and this computer's name in Host (DNS rebinding); wrong passwords
 * for one account from 40 addresses pause the account while the phone that signed in keeps
 * syncing; a data folder that existed world-readable, and the files written while Hearth runs,
 * are private to the user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSecurityIT {
    static final String USER = "tester";
    static final String PASSWORD = "correct horse battery staple";

    private RunningHearth hearth;
    private String console;
    private String origin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path etc = Files.createDirectories(data.resolve("etc"));
        Path account = etc.resolve("org.hearthsync.account-" + USER + ".cfg");
        Files.writeString(account, "user.name = " + USER + "\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n");
        if (PrivateFolder.posix(data)) {
            // as an older Hearth, a restored backup or the user's umask left it
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(account, PosixFilePermissions.fromString("rw-r--r--"));
        }
        hearth = RunningHearth.start(data).awaitRunning();
        console = "http://127.0.0.1:" + hearth.consolePort + "/system/console";
        origin = "http://127.0.0.1:" + hearth.consolePort;
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            hearth.close();
        }
    }

    // ---------------------------------------------------------------- CSRF against the framework's plugins

    @Test
    void crossSitePostsToTheFrameworksPluginsAreRefusedAndChangeNothing(@TempDir Path tmp) throws Exception {
        Path jar = ConsoleBrowserIT.probeBundle(tmp, "org.hearthsync.test.crosssite");
        for (List<String> headers : List.of(List.of("Origin", "https://evil.example"),
                List.of("Origin", "null", "Referer", "https://evil.example/page"),
                List.of("Origin", origin, "Sec-Fetch-Site", "cross-site"),
                List.<String>of())) {
            HttpResponse<String> install = send(installRequest(jar, headers));
            assertEquals(403, install.statusCode(), headers + ": " + install.body());
            HttpResponse<String> apply = send(applyRequest("org.hearthsync.console", "lockout.seconds", "4242", headers));
            assertEquals(403, apply.statusCode(), headers + ": " + apply.body());
        }
        assertFalse(get("/bundles.json").contains("org.hearthsync.test.crosssite"), "nothing was installed");
        assertFalse(get("/configMgr/org.hearthsync.console.json").contains("4242"), "nothing was changed");

        // the same requests from the console's own origin work: the refusal above is the guard, not a broken request
        HttpResponse<String> apply = send(applyRequest("org.hearthsync.console", "lockout.seconds", "61",
                List.of("Origin", origin, "Sec-Fetch-Site", "same-origin")));
        assertEquals(302, apply.statusCode(), apply.body());
        assertTrue(get("/configMgr/org.hearthsync.console.json").matches("(?s).*\"lockout\\.seconds\":\\{[^}]*\"value\":61.*"));
        HttpResponse<String> install = send(installRequest(jar, List.of("Referer", console + "/bundles")));
        assertTrue(install.statusCode() == 302 || install.statusCode() == 200, install.statusCode() + " " + install.body());
        ConsoleBrowserIT.eventually("the bundle is installed", () -> get("/bundles.json"),
                j -> j.contains("org.hearthsync.test.crosssite"));
    }

    // ---------------------------------------------------------------- the setup wizard's resources

    @Test
    void theSetupWizardsResourcesNeedThePasswordAndThisComputersName() throws Exception {
        for (String path : List.of("/hearth/setup-events.json", "/hearth/setup-links.json", "/hearth/setup-qr.svg?variant=lan")) {
            assertEquals(401, rawStatus(path, "127.0.0.1:" + hearth.consolePort, null), path + " without the password");
            assertEquals(401, rawStatus(path, "127.0.0.1:" + hearth.consolePort, basic("admin", "wrong")), path);
            // a page of rebind.evil.example whose name now points at 127.0.0.1, in a browser with the password
            assertEquals(421, rawStatus(path, "rebind.evil.example:" + hearth.consolePort, basic("admin", hearth.consolePassword())),
                    path + " sent to another name");
        }
        assertEquals(421, rawStatus("/system/console/bundles", "rebind.evil.example", basic("admin", hearth.consolePassword())));
        for (String host : List.of("127.0.0.1:" + hearth.consolePort, "localhost:" + hearth.consolePort)) {
            assertEquals(200, rawStatus("/hearth/setup-links.json", host, basic("admin", hearth.consolePassword())), host);
            assertEquals(200, rawStatus("/hearth/setup-events.json", host, basic("admin", hearth.consolePassword())), host);
        }
    }

    // ---------------------------------------------------------------- sign-in throttle

    @Test
    void guessesFromFortyAddressesPauseTheAccountButNeverThePhoneThatSignedIn() throws Exception {
        SSLContext tls = hearth.trustingHearth();
        EasTestClient phone = EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, "HTSIGNEDIN", "TestPhone", "14.1", false);
        ConsoleBrowserIT.eventually("the account is read", () -> phone.options().status(), s -> s == 200);
        assertEquals(200, phone.post("Provision", EasTestClient.provisionInitial(true)).status());

        // 80 wrong passwords for the phone's account and DeviceId: 2 from each of 40 loopback addresses
        int tried = 0;
        int refused = 0;
        for (int i = 0; i < 80; i++) {
            int status = easStatus(tls, "127.0.0." + (10 + i / 2), basic(USER, "guess" + i), "HTSIGNEDIN");
            tried += status == 401 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }
        assertEquals(10, tried, "the account pauses after 10 wrong passwords from any addresses");
        assertEquals(70, refused);
        assertEquals(429, easStatus(tls, "127.0.0.60", basic(USER, PASSWORD), "HTNEWPHONE"),
                "a new sign-in to the paused account waits, even with the right password");
        // the phone itself: the same credentials and DeviceId as its earlier sign-in
        assertEquals(200, phone.post("Provision", EasTestClient.provisionInitial(true)).status(),
                "the phone that signed in before is not locked out by the guesses at its DeviceId");
        int moved = easStatus(tls, "127.0.0.61", basic(USER, PASSWORD), "HTSIGNEDIN");
        assertTrue(moved != 401 && moved != 429, "not from another address either (Wi-Fi to mobile data): " + moved);
    }

    // ---------------------------------------------------------------- the data folder

    @Test
    void theDataFolderThatExistedAndWhatHearthWritesArePrivate() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PrivateFolder.posix(hearth.data), "POSIX permissions");
        // what existed before the start at once, what the start wrote as soon as the folder watch has seen it
        ConsoleBrowserIT.eventually("everything is private at start", this::readableByOthers, List::isEmpty);
        // a configuration that did not exist: Configuration Admin writes a new file into DATA/config
        HttpResponse<String> apply = send(applyRequest("org.hearthsync.activesync.auth", "lockout.seconds", "301",
                List.of("Origin", origin)));
        assertEquals(302, apply.statusCode(), apply.body());
        ConsoleBrowserIT.eventually("the new configuration file is written", () -> {
            try (Stream<Path> s = Files.walk(hearth.data.resolve("config"))) {
                return s.anyMatch(p -> p.toString().contains("activesync") && p.toString().endsWith("auth.config"));
            }
        }, Boolean::booleanValue);
        ConsoleBrowserIT.eventually("everything is private", this::readableByOthers, List::isEmpty);
    }

    private List<String> readableByOthers() throws IOException {
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        List<String> open = new ArrayList<>();
        try (Stream<Path> s = Files.walk(hearth.data)) {
            for (Path p : s.toList()) {
                try {
                    if (open.size() < 20 && !Files.isSymbolicLink(p) && Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)
                            .stream().anyMatch(others::contains)) {
                        open.add(hearth.data.relativize(p) + " " + PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // a temporary file gone meanwhile
                }
            }
        }
        return open;
    }

    // ---------------------------------------------------------------- helpers

    private HttpRequest installRequest(Path jar, List<String> headers) throws IOException {
        String boundary = "----hearth" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\ninstall\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlestart\"\r\n\r\nstart\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\"probe.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console + "/bundles"))
                .header("Authorization", basic("admin", hearth.consolePassword()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        return b.build();
    }

    private HttpRequest applyRequest(String pid, String key, String value, List<String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console + "/configMgr/" + pid))
                .header("Authorization", basic("admin", hearth.consolePassword()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("apply=true&action=ajaxConfigManager&propertylist=" + key + "&" + key + "=" + value));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        return b.build();
    }

    private HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(console + path))
                .header("Authorization", basic("admin", hearth.consolePassword())).build()).body();
    }

    /** A GET with a Host header of our choosing (Java's HTTP client sets Host itself). */
    private int rawStatus(String path, String host, String authorization) throws IOException {
        try (Socket s = new Socket("127.0.0.1", hearth.consolePort)) {
            s.setSoTimeout(15_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Connection: close\r\n\r\n";
            return exchange(s, request);
        }
    }

    /** An EAS FolderSync with no body, from a chosen loopback source address; the HTTP status. */
    private int easStatus(SSLContext tls, String from, String authorization, String deviceId) throws IOException {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", hearth.easPort), 15_000);
            s.setSoTimeout(15_000);
            s.startHandshake();
            String request = "POST /Microsoft-Server-ActiveSync?Cmd=FolderSync&User=" + USER + "&DeviceId=" + deviceId
                    + "&DeviceType=TestPhone HTTP/1.1\r\nHost: 127.0.0.1:" + hearth.easPort + "\r\nAuthorization: " + authorization
                    + "\r\nMS-ASProtocolVersion: 14.1\r\nContent-Type: application/vnd.ms-sync.wbxml\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n";
            return exchange(s, request);
        }
    }

    private static int exchange(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        String[] parts = line.toString().split(" ");
        if (parts.length < 2) {
            throw new IOException("no status line: " + line);
        }
        return Integer.parseInt(parts[1]);
    }

    static String basic(String user, String password) {
        return ConsoleBrowserIT.basic(user, password);
    }
}
