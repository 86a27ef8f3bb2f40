package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user runs it: started as a separate process on a fresh data folder, then
 * checked over its real listeners the way a phone and a browser reach them, then stopped with
 * SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherIT {

    private RunningHearth hearth;
    private HttpClient plain;
    private HttpClient tls;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        hearth = RunningHearth.start(tmp.resolve("data")).awaitRunning();
        plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        tls = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(hearth.trustingHearth()).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            hearth.close();
        }
    }

    @Test
    void bannerNamesTheThreeAddresses() {
        String out = hearth.output();
        assertTrue(out.contains(":" + hearth.easPort + "/Microsoft-Server-ActiveSync"), out);
        assertTrue(out.contains(":" + hearth.setupPort + "/"), out);
        assertTrue(out.contains("http://127.0.0.1:" + hearth.consolePort + "/system/console"), out);
    }

    @Test
    void theServerKeyStoreIsLockedByItsRandomPasswordWithoutKeyStretching() throws Exception {
        // stretching a random 256-bit password adds nothing; the JDK's 10,000 rounds cost every start three loads
        Path certs = hearth.data.resolve("certs");
        Path openssl = PeerTools.require("openssl", "openssl");
        PeerTools.Result r = PeerTools.run(Duration.ofSeconds(30), openssl.toString(), "pkcs12", "-info", "-noout",
                "-in", certs.resolve("server.p12").toString(), "-passin", "file:" + certs.resolve("server.p12.password"));
        String info = r.out() + r.err();
        assertEquals(0, r.exitCode(), info);
        assertTrue(info.contains("MAC: sha256, Iteration 1\n"), info);
        assertTrue(info.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 1,"), info);
        assertTrue(Files.readAllBytes(certs.resolve("server.p12.password")).length >= 32, "a random password of 256 bits");
    }

    @Test
    void thePublicListenersHoldABurstOfConnectionsInTheirAcceptQueue() throws Exception {
        Path ss = PeerTools.require("ss", "iproute2");
        // the kernel clips a listener's backlog to net.core.somaxconn
        int expected = Math.min(2048, Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).strip()));
        for (int port : new int[] {hearth.easPort, hearth.setupPort, hearth.consolePort}) {
            PeerTools.Result r = PeerTools.run(Duration.ofSeconds(20), ss.toString(), "-ltnH", "sport = :" + port);
            assertEquals(0, r.exitCode(), r.err());
            assertFalse(r.out().isBlank(), "nothing listens on " + port);
            for (String line : r.out().strip().split("\n")) {
                // for a listening socket ss shows the accept queue's bound as Send-Q; Java's default is 50
                int backlog = Integer.parseInt(line.strip().split("\\s+")[2]);
                assertEquals(port == hearth.consolePort ? 50 : expected, backlog, line);
            }
        }
    }

    @Test
    void easAnswersOverTlsWithTheServerCertificateOfHearthsOwnCa() throws Exception {
        HttpResponse<String> r = tls.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + hearth.easPort + "/Microsoft-Server-ActiveSync")).build(),
                HttpResponse.BodyHandlers.ofString());
        // the protocol engine answers: it wants credentials first; never a 500 or a stack trace
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
        assertFalse(r.body().contains("Exception"), r.body());
        assertTrue(r.sslSession().isPresent());
        String protocol = r.sslSession().get().getProtocol();
        assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
    }

    @Test
    void easPathIsCaseInsensitive() throws Exception {
        HttpResponse<String> r = tls.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + hearth.easPort + "/microsoft-server-activesync")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
    }

    @Test
    void easIsNotServedOverPlainHttp() throws Exception {
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hearth.setupPort + "/Microsoft-Server-ActiveSync")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode());
    }

    @Test
    void setupPageShowsTheRootFingerprintAndServesTheCertificate() throws Exception {
        HttpResponse<String> page = plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hearth.setupPort + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().matches("(?s).*([0-9A-F]{2}:){31}[0-9A-F]{2}.*"), page.body());
        HttpResponse<byte[]> crt = plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hearth.setupPort + "/hearth-ca.crt")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, crt.statusCode());
        assertEquals(0x30, crt.body()[0] & 0xff, "DER starts with a SEQUENCE");
    }

    @Test
    void consoleIsNotOnThePublicListener() throws Exception {
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hearth.setupPort + "/system/console/bundles")).header("Authorization",
                        basic("admin", hearth.consolePassword())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
    }

    @Test
    void consoleWantsThePrintedPassword() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + hearth.consolePort + "/system/console/bundles.json");
        assertEquals(401, plain.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(401, plain.send(HttpRequest.newBuilder(uri).header("Authorization", basic("admin", "admin")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "never admin/admin");
        assertEquals(401, plain.send(HttpRequest.newBuilder(uri).header("Authorization", basic("root", hearth.consolePassword()))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode(), "wrong user name");
        HttpResponse<String> ok = plain.send(HttpRequest.newBuilder(uri)
                .header("Authorization", basic("admin", hearth.consolePassword())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("org.hearthsync.transport"), ok.body());

        // the console opens on Hearth's page, and says Hearth, with Hearth's logo, not the framework's branding
        HttpResponse<Void> root = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hearth.consolePort
                + "/system/console")).header("Authorization", basic("admin", hearth.consolePassword())).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(302, root.statusCode());
        assertEquals("/system/console/hearth", URI.create(root.headers().firstValue("Location").orElse("")).getPath());
        HttpResponse<String> page = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hearth.consolePort
                + "/system/console/hearth")).header("Authorization", basic("admin", hearth.consolePassword())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Hearth - "), page.body());
        assertFalse(page.body().contains("Apache Felix Web Console"), page.body());
        assertTrue(page.body().contains("/system/console/hearth/res/hearth/logo.svg"), page.body());
        HttpResponse<String> logo = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hearth.consolePort
                + "/system/console/hearth/res/hearth/logo.svg")).header("Authorization",
                        basic("admin", hearth.consolePassword())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, logo.statusCode());
        assertTrue(logo.body().contains("<svg"), logo.body());
    }

    @Test
    void consoleIsUnreachableFromANonLoopbackAddress() throws Exception {
        Optional<InetAddress> lan = nonLoopbackAddress();
        if (lan.isEmpty() && !"true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assumptions.abort("this machine has no non-loopback address to connect from");
        }
        InetAddress address = lan.orElseThrow(() -> new AssertionError("CI machines have a non-loopback address"));
        // the console listens on 127.0.0.1 only: the LAN address has nothing there
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, hearth.consolePort), 2000);
            }
        });
        // while the public listeners do answer on it
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, hearth.setupPort), 2000);
        }
    }

    @Test
    void reachabilityCheckTestsThePhonesPortOnTheLanAddress() throws Exception {
        String auth = basic("admin", hearth.consolePassword());
        java.net.CookieManager cookies = new java.net.CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
        String origin = "http://127.0.0.1:" + hearth.consolePort;
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(origin + "/system/console/hearth"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name='csrf' value='([^']+)'").matcher(page.body());
        assertTrue(m.find(), "a CSRF token on the page");
        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(origin + "/system/console/hearth"))
                .header("Authorization", auth).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=check-reachability&csrf=" + m.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(posted.statusCode() == 302 || posted.statusCode() == 303, "redirect after the check: " + posted.statusCode());
        String after = browser.send(HttpRequest.newBuilder(URI.create(origin + "/system/console/hearth"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body();
        // the machine's LAN address answers with Hearth's certificate, which names that address
        assertTrue(after.contains("with Hearth&#39;s certificate") || after.contains("with Hearth's certificate"), after);
        assertTrue(after.contains("Not testable from this computer"), "the way back in is never guessed");
    }

    @Test
    void secretsAreOwnerOnlyAndNeverLogged() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hearth.data)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(hearth.data.resolve("console").resolve("admin.pwd"))));
        String keystorePassword = Files.readString(hearth.data.resolve("certs").resolve("server.p12.password"),
                StandardCharsets.UTF_8).trim();
        assertFalse(keystorePassword.isEmpty());
        assertFalse(hearth.output().contains(keystorePassword), "the key store password reached the output");
        assertKeyStorePasswordOnlyInPrivateFiles(hearth.data, keystorePassword);
        long passwordLines = hearth.output.stream().filter(l -> l.contains(hearth.consolePassword())).count();
        assertEquals(1, passwordLines, "the console password is printed exactly once");
    }

    /** Runs last in its own process: a second start on the same data folder, then SIGTERM. */
    @Test
    void restartKeepsThePasswordAndSigtermStopsCleanly(@TempDir Path other) throws Exception {
        Path data = other.resolve("data");
        String password;
        try (RunningHearth first = RunningHearth.start(data).awaitRunning()) {
            password = first.consolePassword();
            assertStopsCleanly(first);
        }
        // a data folder an older version, a backup restore or a copy left readable by everyone: the next start
        // makes it private again, the persisted configuration holding the key store password included
        boolean posix = PrivateFolder.posix(data);
        if (posix) {
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        // at DEBUG level, where the most is logged
        try (RunningHearth second = RunningHearth.start(data, "--verbose").awaitRunning()) {
            // the console's sign-in line, not the word: at DEBUG the certificate bundle may name its password file
            assertFalse(second.output().contains("user admin, password"), "no new password on the second start:\n" + second.output());
            String keystorePassword = Files.readString(data.resolve("certs").resolve("server.p12.password"),
                    StandardCharsets.UTF_8).trim();
            assertTrue(second.output().contains("DEBUG"), "a debug log:\n" + second.output());
            assertFalse(second.output().contains(keystorePassword), "the key store password reached the debug log");
            assertKeyStorePasswordOnlyInPrivateFiles(data, keystorePassword);
            HttpResponse<String> ok = plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + second.consolePort + "/system/console/bundles.json"))
                    .header("Authorization", basic("admin", password)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertStopsCleanly(second);
        }
    }

    /**
     * The key store password is in its own file under certs/ and in the configuration Configuration Admin persists for
     * Felix HTTP (config/org/apache/felix/http.config); on POSIX both, and every other entry of the data folder, are
     * the owner's only. Waits a little: a file Hearth writes while running is restricted by its folder watch.
     */
    private static void assertKeyStorePasswordOnlyInPrivateFiles(Path data, String keystorePassword) throws Exception {
        Path httpConfig = data.resolve("config/org/apache/felix/http.config");
        assertTrue(Files.readString(httpConfig, StandardCharsets.ISO_8859_1).contains(keystorePassword),
                "Felix HTTP's persisted configuration holds the key store password (the file this check is about)");
        if (!PrivateFolder.posix(data)) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> open;
        do {
            open = new ArrayList<>();
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.toList()) {
                    if (Files.isSymbolicLink(p)) {
                        continue;
                    }
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    if (!perms.endsWith("------")) {
                        open.add(perms + " " + data.relativize(p));
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                open.add("(a file vanished during the walk: " + e.getMessage() + ")"); // look again
            }
        } while (!open.isEmpty() && System.nanoTime() < deadline && sleep());
        assertTrue(open.isEmpty(), "readable by other users:\n" + String.join("\n", open));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("config"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("certs"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(httpConfig)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("certs").resolve("server.p12.password"))));
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    private void assertStopsCleanly(RunningHearth h) throws Exception {
        int code = h.stop();
        assertTrue(code == 0 || code == 143, "exit code " + code + "\n" + h.output());
        String out = h.output();
        assertTrue(out.contains("Hearth stopped."), out);
        // a stack trace's shape, not the word: at DEBUG the web console names a class it misses, BackingStoreException
        assertFalse(out.contains("Exception:") || out.lines().anyMatch(l -> l.startsWith("\tat ")),
                "no stack trace on the way down:\n" + out);
        assertFalse(out.contains("[ERROR]"), out);
        for (int port : new int[] { h.easPort, h.setupPort, h.consolePort }) {
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                }
            }, "port " + port + " still open after stop");
        }
    }

    static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static String basic(String user, String password) {
        assertNotNull(password);
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
