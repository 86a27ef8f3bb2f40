package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.hearthsync.launcher.EasTestClient.Result;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (headless Chromium through chromedriver) against the launched
 * distribution: the Phones page shows a phone the EAS test client set up, blocks it (the phone's
 * next request is refused) and asks it to wipe itself after a confirmation page (the phone gets
 * the wipe at its next Provision); the console refuses a request without the admin password and a
 * forged form without the CSRF token; the setup wizard in Wi-Fi mode writes the account and ends
 * waiting for the phone. Screenshots: {@code target/screenshots/console-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    static final String USER = "tester";
    static final String PASSWORD = "correct horse battery staple";

    private RunningHearth hearth;
    private ConsoleBrowser browser;
    private SSLContext tls;
    private String console;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        ConsoleBrowser.requirePrograms();
        Path data = tmp.resolve("data");
        Path etc = data.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("org.hearthsync.account-" + USER + ".cfg"), "user.name = " + USER + "\n"
                + "email.address = " + USER + "@hearth.test\n" + "password.hash = " + PasswordHash.hash(PASSWORD.toCharArray())
                + "\n", StandardCharsets.UTF_8);
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        console = "http://127.0.0.1:" + hearth.consolePort + "/system/console";
        EasTestClient probe = phone("HTPROBE", "14.1");
        eventually("the engine and the account are up", () -> probe.options().status(), s -> s == 200);
        browser = ConsoleBrowser.open(hearth, tmp.resolve("chromium"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (hearth != null) {
                hearth.close();
            }
        }
    }

    // ---------------------------------------------------------------- access

    @Test
    @Order(1)
    void theConsoleRefusesARequestWithoutTheAdminPassword() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String page : List.of("/hearth-devices", "/hearth-setup", "/hearth")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(console + page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), page);
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(console + page))
                    .header("Authorization", basic("admin", "not-the-password")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode(), page);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(console + "/hearth-devices"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://127.0.0.1:" + hearth.consolePort)
                .POST(HttpRequest.BodyPublishers.ofString("action=block&user=" + USER + "&device=HTPROBE")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode());
    }

    // ---------------------------------------------------------------- the Phones page

    @Test
    @Order(2)
    void thePhonesPageShowsAPhoneAndBlocksIt() throws Exception {
        EasTestClient phone = provisioned("HTCONSOLE1", "16.1");
        browser.open("/hearth-devices");
        WebElement row = browser.await("the phone is listed", d -> d.findElements(By.cssSelector("tr[data-device='HTCONSOLE1']"))
                .stream().findFirst().orElse(null));
        String text = row.getText();
        assertTrue(text.contains("Test phone"), text);
        assertTrue(text.contains("Hearth Test Phone"), text);
        assertTrue(text.contains("16.1"), text);
        assertTrue(text.contains("no sync running"), text);
        assertTrue(text.contains("Syncing"), text);
        browser.screenshot("devices");

        row.findElement(By.cssSelector("button[id$='-block']")).click();
        browser.await("the phone shows as blocked", d -> d.findElements(
                By.cssSelector("tr[data-device='HTCONSOLE1'][data-state='BLOCKED']")).size() == 1);
        assertTrue(browser.driver.findElement(By.id("actions")).getText().contains("blocked device HTCONSOLE1 of user " + USER));
        browser.screenshot("devices-blocked");

        Result r = phone.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals(200, r.status());
        assertEquals("129", r.document().childText("FolderHierarchy", "Status"), "the phone's next request is blocked");
        eventually("the log line is written", hearth::output, out -> out.contains("console: blocked device HTCONSOLE1 of user " + USER));
        Path directive = eventually("the directive file is written", () -> directiveFile("HTCONSOLE1"), p -> p != null);
        assertTrue(Files.readString(directive).contains("BLOCKED"), Files.readString(directive));

        // and allowed again: the same file changes, the phone syncs again
        browser.await("the allow button", d -> d.findElements(By.cssSelector("tr[data-device='HTCONSOLE1'] button[id$='-allow']"))
                .stream().findFirst().orElse(null)).click();
        browser.await("the phone shows as allowed", d -> d.findElements(
                By.cssSelector("tr[data-device='HTCONSOLE1'][data-state='ALLOWED']")).size() == 1);
        eventually("the directive file says ALLOWED", () -> Files.readString(directive), s -> s.contains("ALLOWED"));
        assertEquals("1", phone.post("FolderSync", EasTestClient.folderSync("0")).document().childText("FolderHierarchy", "Status"));
    }

    @Test
    @Order(3)
    void aRemoteWipeConfirmedInThePageReachesThePhone() throws Exception {
        EasTestClient phone = provisioned("HTCONSOLE2", "16.1");
        browser.open("/hearth-devices");
        browser.await("the wipe button", d -> d.findElements(By.cssSelector("tr[data-device='HTCONSOLE2'] a[id$='-wipe']"))
                .stream().findFirst().orElse(null)).click();
        WebElement yes = browser.await("the confirmation page", d -> d.findElements(By.id("confirm-yes")).stream().findFirst().orElse(null));
        String question = browser.driver.findElement(By.id("confirm-text")).getText();
        assertTrue(question.contains("erase everything"), question);
        assertEquals("confirm-no", browser.driver.switchTo().activeElement().getAttribute("id"), "the safe choice has the focus");
        browser.screenshot("devices-confirm-wipe");
        Result before = phone.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals("1", before.document().childText("FolderHierarchy", "Status"), "nothing happens before the confirmation");
        yes.click();
        browser.await("the wipe is pending", d -> d.findElements(
                By.cssSelector("tr[data-device='HTCONSOLE2'][data-state='WIPE_PENDING']")).size() == 1);

        Result fs = phone.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals("140", fs.document().childText("FolderHierarchy", "Status"), "the phone is sent to Provision");
        Result p = phone.post("Provision", EasTestClient.provisionInitial(true));
        assertTrue(p.document().child("Provision", "RemoteWipe").isPresent(), p.document().toString());
        Result ack = phone.post("Provision", EasTestClient.wipeAck("RemoteWipe"));
        assertEquals("1", ack.document().childText("Provision", "Status"));
        browser.await("the phone shows as wiped", d -> d.findElements(
                By.cssSelector("tr[data-device='HTCONSOLE2'][data-state='WIPED']")).size() == 1);
        browser.screenshot("devices-wiped");
    }

    @Test
    @Order(4)
    void aForgedFormWithoutTheCsrfTokenIsRefused() throws Exception {
        provisioned("HTCONSOLE3", "14.1");
        // a page of another origin posting a form to the console, in the same signed-in browser
        String forged = "<form id='f' method='post' action='" + console + "/hearth-devices'>"
                + "<input name='action' value='block'><input name='user' value='" + USER + "'>"
                + "<input name='device' value='HTCONSOLE3'></form><script>document.getElementById('f').submit()</script>";
        browser.driver.get("data:text/html;base64," + Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
        browser.await("the console answers", d -> d.getPageSource().contains("Refused"));
        assertTrue(browser.driver.getPageSource().contains("Refused"));

        // same origin, signed in, but without the token
        HttpClient http = HttpClient.newHttpClient();
        String origin = "http://127.0.0.1:" + hearth.consolePort;
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(console + "/hearth-devices"))
                .header("Authorization", basic("admin", hearth.consolePassword())).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=block&user=" + USER + "&device=HTCONSOLE3")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noToken.statusCode(), noToken.body());
        // a token from another session does not help either
        HttpResponse<String> wrongToken = http.send(HttpRequest.newBuilder(URI.create(console + "/hearth-devices"))
                .header("Authorization", basic("admin", hearth.consolePassword())).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "hearth-console=made-up")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=made-up&action=block&user=" + USER + "&device=HTCONSOLE3")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrongToken.statusCode(), wrongToken.body());

        browser.open("/hearth-devices");
        browser.await("the phone is still allowed", d -> d.findElements(
                By.cssSelector("tr[data-device='HTCONSOLE3'][data-state='ALLOWED']")).size() == 1);
        assertFalse(hearth.output().contains("blocked device HTCONSOLE3"));
    }

    // ---------------------------------------------------------------- the setup wizard

    @Test
    @Order(5)
    void theWizardSetsUpWifiOnlyAndWaitsForThePhone() throws Exception {
        String user = "walter";
        String password = "kettle lantern orchard";
        browser.open("/hearth-setup");
        step("mode").findElement(By.id("choice-mode-wifi")).click();
        browser.screenshot("setup-1-mode");
        next();
        step("phone").findElement(By.id("choice-phone-android")).click();
        browser.screenshot("setup-2-phone");
        next();
        WebElement sync = step("sync");
        assertTrue(sync.findElement(By.id("choice-store-default")).isSelected(), "the built-in store is the default");
        browser.fullScreenshot("setup-3-sync");
        next();
        if (!browser.driver.findElements(By.cssSelector("#hearth-setup[data-step='network']")).isEmpty()) {
            browser.screenshot("setup-4-network");
            next();
        }
        WebElement firewall = step("firewall");
        assertTrue(firewall.getText().contains(Integer.toString(hearth.easPort)), firewall.getText());
        browser.screenshot("setup-7-firewall");
        next();
        WebElement cert = step("certificate");
        String fingerprint = cert.findElement(By.id("fingerprint")).getText();
        assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
        assertTrue(cert.findElement(By.id("setup-url")).getText().endsWith(":" + hearth.setupPort + "/"));
        assertTrue(cert.findElement(By.id("download-wait")).isDisplayed());
        // a computer fetches the certificate for Outlook from /computers: shown as a computer's, the step still waits
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hearth.setupPort + "/hearth-ca.cer"))
                .header("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/124.0.0.0 Safari/537.36").build(), HttpResponse.BodyHandlers.discarding());
        browser.await("the computer's download", d -> d.findElements(By.id("download-computer")).size() == 1);
        String computer = browser.driver.findElement(By.id("download-computer")).getText();
        assertTrue(computer.startsWith("A computer (Windows) downloaded the certificate"), computer);
        assertTrue(browser.driver.findElements(By.id("download-done")).isEmpty(), "a computer is not the phone");
        // a phone fetches the certificate: the page ticks without a reload
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hearth.setupPort + "/hearth-ca.crt"))
                .header("User-Agent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36").build(),
                HttpResponse.BodyHandlers.discarding());
        browser.await("the live tick", d -> d.findElements(By.id("download-done")).size() == 1);
        browser.fullScreenshot("setup-8-certificate");
        next();
        step("advice");
        browser.screenshot("setup-9-advice");
        next();
        step("credentials");
        type("user", user);
        type("password", "password123");
        type("password2", "password123");
        next();
        WebElement errors = browser.await("the password is refused", d -> d.findElements(By.id("errors")).stream().findFirst().orElse(null));
        assertTrue(errors.getText().contains("one of the first ones anyone guesses"), errors.getText());
        assertEquals(user, browser.driver.findElement(By.id("user")).getAttribute("value"), "the user name is kept");
        browser.screenshot("setup-10-credentials-refused");
        type("password", password);
        type("password2", password);
        next();
        WebElement done = step("done");
        assertTrue(done.findElement(By.id("phone-waiting")).getText().contains("Waiting for your phone"));
        String settings = done.findElement(By.id("phone-settings")).getText();
        assertTrue(settings.contains(user + "@"), settings);
        assertTrue(settings.contains(":" + hearth.easPort), settings);
        assertTrue(settings.contains("the password you chose"), settings);
        // the same account for computers: the DAV address, the setup page's steps per program, the mDNS switch
        String dav = done.findElement(By.id("dav-settings")).getText();
        assertTrue(dav.matches("(?s).*https://\\S+:" + hearth.easPort + "/dav/.*") && dav.contains(user), dav);
        String computers = done.findElement(By.id("computers-link")).getAttribute("href");
        assertTrue(computers.matches("http://[^/]+:" + hearth.setupPort + "/computers\\?user=" + user), computers);
        WebElement mdns = done.findElement(By.id("mdns-on"));
        assertTrue(mdns.isSelected(), "announced on the home network unless switched off");
        browser.fullScreenshot("setup-11-done");
        mdns.click();
        done.findElement(By.id("save-mdns")).click();
        reloaded(mdns);
        assertFalse(step("done").findElement(By.id("mdns-on")).isSelected(), "the page shows the switch off");
        Path mdnsFile = hearth.data.resolve("etc").resolve("org.hearthsync.dav.mdns.cfg");
        eventually("the announcer's setting is written", () -> Files.exists(mdnsFile) ? Files.readString(mdnsFile) : "",
                s -> s.matches("(?s).*enabled\\s*=\\s*\"?(B)?\"?false.*"));
        mdns = step("done").findElement(By.id("mdns-on"));
        mdns.click();
        browser.driver.findElement(By.id("save-mdns")).click();
        reloaded(mdns);
        assertTrue(step("done").findElement(By.id("mdns-on")).isSelected(), "switched on again");
        eventually("the announcer's setting is written", () -> Files.readString(mdnsFile), s -> s.matches("(?s).*enabled\\s*=\\s*\"?(B)?\"?true.*"));

        Path account = hearth.data.resolve("etc").resolve("org.hearthsync.account-" + user + ".cfg");
        String file = Files.readString(account);
        assertTrue(file.contains("password.hash") && file.contains("pbkdf2-sha256$"), file);
        assertFalse(file.contains(password), "the password itself is never written");
        assertFalse(hearth.output().contains(password), "the password never reaches the log");
        String wizard = Files.readString(hearth.data.resolve("etc").resolve("org.hearthsync.console.setup.cfg"));
        assertTrue(wizard.contains("wifi"), wizard);

        // the phone adds the account: the page turns to "connected" by itself
        EasTestClient phone = EasTestClient.of(tls, hearth.easPort, user, password, "HTWIZARD", "Android", "16.1", false);
        eventually("the new account signs in", () -> phone.options().status(), s -> s == 200);
        provisioned(phone);
        browser.await("the phone shows as connected", d -> d.findElements(By.id("phone-connected")).size() == 1);
        browser.fullScreenshot("setup-11-connected");
    }

    // ---------------------------------------------------------------- status

    @Test
    @Order(6)
    void theStatusPageShowsEachPartAndRefreshesInPlace() throws Exception {
        browser.open("/hearth");
        WebElement status = browser.await("the status", d -> d.findElements(By.id("hearth-status")).stream().findFirst().orElse(null));
        String text = status.getText();
        for (String part : List.of("Where phones reach Hearth", "Certificate", "Stores", "Router port forwarding",
                "Internet name (dynamic DNS)", "Accounts", "Phones")) {
            assertTrue(text.contains(part), part + " in:\n" + text);
        }
        assertTrue(text.contains("Test phone"), "the phones of the earlier tests are listed");
        browser.fullScreenshot("status");
        // the live parts come back bare, never wrapped in a whole console page
        HttpClient http = HttpClient.newHttpClient();
        for (String part : List.of("/hearth/fragment.htm", "/hearth-devices/rows.htm", "/hearth-setup/phone.htm?user=walter")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(console + part))
                    .header("Authorization", basic("admin", hearth.consolePassword())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), part);
            assertFalse(r.body().contains("<html"), part + ":\n" + r.body());
        }
        assertFalse(hearth.output().contains("Exception"), hearth.output());
    }

    // ---------------------------------------------------------------- the guard in front of the whole console

    @Test
    @Order(7)
    void hearthsPagesRunUnderTheStrictPolicyWithoutAViolation() throws Exception {
        // recorded from before any page script runs; scripts the DevTools protocol adds are not subject to the policy
        browser.driver.executeCdpCommand("Page.enable", java.util.Map.of());
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "window.__csp = []; document.addEventListener('securitypolicyviolation', function (e) {"
                        + " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample); });"));
        HttpClient http = HttpClient.newHttpClient();
        for (String page : List.of("/hearth", "/hearth-devices", "/hearth-activity", "/hearth-transfer", "/hearth-setup")) {
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(console + page))
                    .header("Authorization", basic("admin", hearth.consolePassword())).build(), HttpResponse.BodyHandlers.ofString());
            String csp = head.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.startsWith("default-src 'none'; script-src 'self' 'sha256-"), page + ": " + csp);
            assertFalse(csp.contains("unsafe-inline"), csp);
            assertEquals("nosniff", head.headers().firstValue("X-Content-Type-Options").orElse(null), page);
            assertEquals("no-store", head.headers().firstValue("Cache-Control").orElse(null), page);
            browser.open(page);
            // the console template's inline scripts ran (their hashes are allowed): the menu is a jQuery UI menu
            browser.await("the navigation menu on " + page, d -> Boolean.TRUE.equals(browser.driver.executeScript(
                    "return typeof appRoot === 'string' && document.querySelector('#navmenu.ui-menu') !== null")));
            Thread.sleep(500); // a violation report is dispatched as a task after the blocked load
            assertEquals(List.of(), browser.driver.executeScript("return window.__csp"), page);
        }
        // Hearth's own script still refreshes the live parts (fetch is same-origin)
        browser.open("/hearth-devices");
        browser.await("a refresh in place", d -> Boolean.TRUE.equals(browser.driver.executeScript(
                "return document.querySelector('[data-refresh][data-last]') !== null")));
        // an injected inline script would not run
        browser.driver.executeScript("var s = document.createElement('script'); s.textContent = 'window.__ran = true';"
                + " document.body.appendChild(s);");
        Thread.sleep(300);
        assertEquals(null, browser.driver.executeScript("return window.__ran === true ? 'ran' : null"));
        assertFalse(((List<?>) browser.driver.executeScript("return window.__csp")).isEmpty(), "the injection was reported");
    }

    @Test
    @Order(8)
    void aPageOfAnotherSiteCannotChangeASettingOrInstallABundle(@TempDir Path tmp) throws Exception {
        Path jar = probeBundle(tmp, PROBE_BUNDLE);
        String jarBase64 = Base64.getEncoder().encodeToString(Files.readAllBytes(jar));
        // what a malicious page does in the admin's browser, which sends the console password along
        String evil = "<html><body><form id='f' method='post' action='" + console + "/configMgr/org.hearthsync.console'>"
                + "<input name='apply' value='true'><input name='action' value='ajaxConfigManager'>"
                + "<input name='propertylist' value='lockout.seconds'><input name='lockout.seconds' value='4242'></form>"
                + "<script>var b = Uint8Array.from(atob('" + jarBase64 + "'), function (c) { return c.charCodeAt(0); });"
                + "var fd = new FormData(); fd.append('action', 'install'); fd.append('bundlestart', 'start');"
                + "fd.append('bundlefile', new Blob([b]), 'probe.jar');"
                + "fetch('" + console + "/bundles', {method: 'POST', body: fd, mode: 'no-cors', credentials: 'include'})"
                + ".finally(function () { document.getElementById('f').submit(); });</script></body></html>";
        com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", x -> {
            byte[] body = evil.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        site.start();
        try {
            // localhost:PORT is another site than 127.0.0.1:CONSOLE-PORT
            browser.driver.get("http://localhost:" + site.getAddress().getPort() + "/");
            // until both were refused, or one got through
            eventually("both requests were answered", () -> (hearth.output().contains("refused a POST to /system/console/bundles ")
                    && hearth.output().contains("refused a POST to /system/console/configMgr/org.hearthsync.console "))
                    || bundlesJson().contains(PROBE_BUNDLE) || configJson("org.hearthsync.console").contains("4242"), ok -> ok);
        } finally {
            site.stop(0);
        }
        assertFalse(bundlesJson().contains(PROBE_BUNDLE), "nothing was installed");
        assertFalse(configJson("org.hearthsync.console").contains("4242"), "nothing was changed");
        assertTrue(hearth.output().contains("refused a POST to /system/console/bundles"), hearth.output());
        assertTrue(hearth.output().contains("refused a POST to /system/console/configMgr/org.hearthsync.console"));
    }

    @Test
    @Order(9)
    void theConfigurationEditorStillSavesFromTheConsoleItself() throws Exception {
        browser.open("/configMgr/org.hearthsync.console");
        WebElement field = browser.await("the editor", d -> d.findElements(By.cssSelector("#editorForm [name='lockout.seconds']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        field.clear();
        field.sendKeys("77");
        browser.driver.findElements(By.cssSelector(".ui-dialog-buttonpane button")).stream()
                .filter(b -> b.getText().trim().equals("Save")).findFirst().orElseThrow().click();
        eventually("the setting is saved", () -> configJson("org.hearthsync.console"),
                j -> j.matches("(?s).*\"lockout\\.seconds\":\\{[^}]*\"value\":77.*"));
    }

    @Test
    @Order(10)
    void theBundleUploadStillInstallsFromTheConsoleItself(@TempDir Path tmp) throws Exception {
        Path jar = probeBundle(tmp, PROBE_BUNDLE + ".ui");
        browser.open("/bundles");
        browser.await("the install button", d -> d.findElements(By.cssSelector("button.installButton")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null)).click();
        WebElement file = browser.await("the upload dialog", d -> d.findElements(By.cssSelector("#uploadDialog input[name='bundlefile']"))
                .stream().findFirst().orElse(null));
        file.sendKeys(jar.toAbsolutePath().toString());
        browser.driver.findElements(By.cssSelector(".ui-dialog-buttonpane button")).stream()
                .filter(b -> b.isDisplayed() && b.getText().trim().equals("Install or Update")).findFirst().orElseThrow().click();
        eventually("the bundle is installed", this::bundlesJson, j -> j.contains(PROBE_BUNDLE + ".ui"));
    }

    static final String PROBE_BUNDLE = "org.hearthsync.test.csrfprobe";

    /** A bundle with nothing in it but its manifest. */
    static Path probeBundle(Path dir, String symbolicName) throws Exception {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        Path jar = dir.resolve(symbolicName + ".jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        return jar;
    }

    private String bundlesJson() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console + "/bundles.json"))
                .header("Authorization", basic("admin", hearth.consolePassword())).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String configJson(String pid) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console + "/configMgr/" + pid + ".json"))
                .header("Authorization", basic("admin", hearth.consolePassword())).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Waits until the page that held {@code e} has been replaced (a form's redirect landed). */
    private void reloaded(WebElement e) {
        browser.await("the page reloads", d -> {
            try {
                e.isDisplayed();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            }
        });
    }

    private WebElement step(String id) {
        return browser.await("the step " + id, d -> d.findElements(By.cssSelector("#hearth-setup[data-step='" + id + "']")).stream()
                .findFirst().orElse(null));
    }

    private void next() {
        browser.driver.findElement(By.id("next")).click();
    }

    private void type(String id, String text) {
        WebElement e = browser.driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    // ---------------------------------------------------------------- helpers

    private EasTestClient phone(String deviceId, String version) {
        return EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, deviceId, "TestPhone", version, false);
    }

    /** Provision (both phases) and a first FolderSync: the partnership exists afterwards. */
    private EasTestClient provisioned(String deviceId, String version) throws Exception {
        return provisioned(phone(deviceId, version));
    }

    private static EasTestClient provisioned(EasTestClient phone) throws Exception {
        Result initial = phone.post("Provision", EasTestClient.provisionInitial(true));
        assertEquals(200, initial.status());
        Element policy = initial.document().child("Provision", "Policies").orElseThrow().child("Provision", "Policy").orElseThrow();
        String temporary = policy.childText("Provision", "PolicyKey");
        assertNotNull(temporary);
        Result ack = phone.post("Provision", EasTestClient.provisionAck(temporary));
        phone.policyKey = ack.document().child("Provision", "Policies").orElseThrow().child("Provision", "Policy").orElseThrow()
                .childText("Provision", "PolicyKey");
        Result fs = phone.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals("1", fs.document().childText("FolderHierarchy", "Status"));
        return phone;
    }

    private Path directiveFile(String deviceId) throws Exception {
        try (Stream<Path> files = Files.list(hearth.data.resolve("etc"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("org.hearthsync.activesync.device-")).toList()) {
                if (Files.readString(p).contains(deviceId)) {
                    return p;
                }
            }
        }
        return null;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static <T> T eventually(String what, Callable<T> action, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = action.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting until " + what + "; last: " + last);
    }
}
