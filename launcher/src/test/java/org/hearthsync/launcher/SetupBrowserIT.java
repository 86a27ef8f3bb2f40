package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup page in a real browser: headless Chromium opens it as an iPhone, an Android phone and a
 * Windows Phone, finds the right download and the fingerprint in the DOM it built, and keeps
 * screenshots in {@code target/screenshots/}. The console's QR code, rendered by Chromium, is read
 * back with zbarimg.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SetupBrowserIT {
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);

    private RunningHearth hearth;
    private Path chromium;
    private Path tmp;
    private Path screenshots;
    private String fingerprint;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        chromium = PeerTools.find("chromium").orElse(null);
        if (chromium == null) {
            return; // each test reports the missing browser
        }
        screenshots = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("screenshots");
        Files.createDirectories(screenshots);
        hearth = RunningHearth.start(tmp.resolve("data")).awaitRunning();
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hearth.setupPort + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = SetupPageIT.FINGERPRINT.matcher(page);
        assertTrue(m.find(), page);
        fingerprint = m.group(1);
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            hearth.close();
        }
    }

    @Test
    void anIphoneIsOfferedTheProfile() throws Exception {
        check("ios", SetupPageIT.IPHONE_UA, "download-profile", "/hearth.mobileconfig");
    }

    @Test
    void anAndroidPhoneIsOfferedTheCrt() throws Exception {
        check("android", SetupPageIT.ANDROID_UA, "download-crt", "/hearth-ca.crt");
    }

    @Test
    void aWindowsPhoneIsOfferedTheCer() throws Exception {
        check("windowsphone", SetupPageIT.WINDOWS_PHONE_UA, "download-cer", "/hearth-ca.cer");
    }

    @Test
    void aComputerGetsStepsForEveryProgramAndTheMacItsProfile() throws Exception {
        Path browser = PeerTools.require("chromium", "chromium");
        String url = "http://127.0.0.1:" + hearth.setupPort + "/computers?user=alice";
        String dom = chromium(browser, "computers-dom", SetupPageIT.MAC_UA, "--dump-dom", url).out();
        assertTrue(dom.matches("(?s).*<code id=\"dav-url\">https://[^<]+:" + hearth.easPort + "/dav/</code>.*"), dom);
        for (String client : List.of("macos", "thunderbird", "gnome", "kde", "outlook", "davx5")) {
            assertTrue(dom.contains("id=\"client-" + client + "\""), client + ":\n" + dom);
        }
        assertTrue(dom.contains("DAV groupware resource") && dom.contains("Generic CalDAV/CardDAV"), dom);
        assertTrue(dom.contains("id=\"download-mac-profile\" href=\"/hearth-mac.mobileconfig?user=alice\""), dom);
        assertTrue(dom.contains("id=\"download-crt-outlook\" href=\"/hearth-ca.cer?user=alice\""), dom);
        Path png = screenshots.resolve("setup-computers.png");
        Files.deleteIfExists(png);
        chromium(browser, "computers-shot", SetupPageIT.MAC_UA, "--window-size=1280,4000", "--hide-scrollbars", "--screenshot=" + png, url);
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG screenshot at " + png);
    }

    @Test
    void theQrCodeAsRenderedReadsBackAsTheSetupPage() throws Exception {
        Path browser = PeerTools.require("chromium", "chromium");
        Path zbarimg = PeerTools.require("zbarimg", "zbar-tools");
        String lan = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hearth.consolePort + "/hearth/setup-links.json"))
                .header("Authorization", ConsoleBrowserIT.basic("admin", hearth.consolePassword())).build(),
                HttpResponse.BodyHandlers.ofString()).body().replaceAll("(?s).*\"lan\":\"([^\"]+)\".*", "$1");
        Path png = screenshots.resolve("setup-qr-lan.png");
        Files.deleteIfExists(png);
        chromium(browser, "qr", "Mozilla/5.0 (X11; Linux x86_64) HearthTest", "--window-size=400,400",
                "--screenshot=" + png, "http://admin:" + hearth.consolePassword() + "@127.0.0.1:" + hearth.consolePort
                        + "/hearth/setup-qr.svg?variant=lan");
        assertTrue(Files.size(png) > 0);
        String decoded = PeerTools.run(Duration.ofSeconds(30), zbarimg.toString(), "--raw", "-q", png.toString())
                .assertOk("zbarimg").out().trim();
        assertEquals(lan, decoded);
    }

    private void check(String name, String userAgent, String linkId, String href) throws Exception {
        Path browser = PeerTools.require("chromium", "chromium");
        String url = "http://127.0.0.1:" + hearth.setupPort + "/";
        String dom = chromium(browser, name + "-dom", userAgent, "--dump-dom", url).out();
        assertTrue(dom.contains("id=\"" + linkId + "\" href=\"" + href + "\""), name + ":\n" + dom);
        assertTrue(dom.contains("<code id=\"fingerprint\">" + fingerprint + "</code>"), name + ":\n" + dom);
        Path png = screenshots.resolve("setup-" + name + ".png");
        Files.deleteIfExists(png);
        chromium(browser, name + "-shot", userAgent, "--window-size=390,844", "--hide-scrollbars", "--screenshot=" + png, url);
        byte[] head = Files.readAllBytes(png);
        assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "a PNG screenshot at " + png);
    }

    private PeerTools.Result chromium(Path browser, String profile, String userAgent, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + tmp.resolve("chromium-" + profile),
                "--user-agent=" + userAgent));
        cmd.addAll(List.of(args));
        return PeerTools.run(BROWSER_TIMEOUT, java.util.Optional.empty(), cmd).assertOk("chromium " + profile);
    }
}
