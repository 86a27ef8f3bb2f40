package org.hearthsync.launcher;

import static org.hearthsync.launcher.ConsoleBrowserIT.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
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
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.sun.net.httpserver.HttpServer;

/**
 * Whole flows of the console in a real browser (headless Chromium through chromedriver) against the
 * launched distribution: the Phones page shows the live progress of a phone sending 3,000 contacts
 * (500 to a Sync) and shows it end, and stays calm while a new phone fetches them ten at a time
 * (each of those Syncs lasts milliseconds, so a sighting there is only reported); a conflict
 * between two phones is listed on the Activity page and restored there, and the phone whose
 * version lost gets it back at its next Sync; the setup wizard in Internet mode asks the router
 * (UPnP is off in tests, so the page stays calm and shows the forwarding by hand), signs in to DuckDNS (a loopback stand-in, as is the check-IP service, so
 * nothing leaves the machine) and ends waiting for the phone. Screenshots:
 * {@code target/screenshots/console-flow-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleFlowsIT {
    static final String USER = "flows";
    static final String PASSWORD = "correct horse battery staple";
    static final String PUBLIC_IP = "203.0.113.41";
    static final String DUCK_TOKEN = "f00dcafe-5eed-4bad-9e11-0123456789ab";
    static final String SUBDOMAIN = "hearthflows";
    static final int CONTACTS = 3000;
    /** The number the Phones page shows while a folder syncs: "Contacts: 12 of 25" or "Contacts: 12 so far". */
    static final Pattern PROGRESS = Pattern.compile("(\\d+) of (\\d+)|(\\d+) so far");

    private RunningHearth hearth;
    private ConsoleBrowser browser;
    private SSLContext tls;
    private HttpServer emulator;
    private final List<String> checkIpCalls = new CopyOnWriteArrayList<>();
    private final List<String> duckCalls = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        ConsoleBrowser.requirePrograms();
        // one loopback server plays both the check-IP service and DuckDNS's update service
        emulator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        emulator.createContext("/ip", ex -> {
            checkIpCalls.add(ex.getRequestURI().toString());
            answer(ex, PUBLIC_IP);
        });
        emulator.createContext("/update", ex -> {
            duckCalls.add(ex.getRequestURI().getRawQuery());
            answer(ex, "OK\n" + PUBLIC_IP + "\n\nUPDATED");
        });
        emulator.start();

        Path data = tmp.resolve("data");
        Path etc = data.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("org.hearthsync.account-" + USER + ".cfg"), "user.name = " + USER + "\n"
                + "email.address = " + USER + "@hearth.test\n" + "password.hash = " + PasswordHash.hash(PASSWORD.toCharArray())
                + "\n", StandardCharsets.UTF_8);
        // the updater asks only the loopback stand-in for the public address, never the real services
        Files.writeString(etc.resolve("org.hearthsync.ddns.cfg"), "check.ipv4.urls = " + emulatorUrl() + "/ip\n"
                + "check.ipv6.urls = \n", StandardCharsets.UTF_8);
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        EasTestClient probe = client("FLPROBE");
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
            try {
                if (hearth != null) {
                    hearth.close();
                }
            } finally {
                if (emulator != null) {
                    emulator.stop(0);
                }
            }
        }
    }

    // ---------------------------------------------------------------- live progress on the Phones page

    @Test
    @Order(1)
    void thePhonesPageShowsLiveProgressWhileAPhoneSyncsThousandsOfContacts() throws Exception {
        EasPhone seeder = new EasPhone(client("FLSEED")).setUp();
        String f = seeder.folder("Contacts");
        seeder.syncAll(f);
        EasPhone fresh = new EasPhone(client("FLFRESH")).setUp();
        fresh.window = 10;
        fresh.sync(f); // sync key 0: the phone is known and listed, nothing moved yet

        browser.open("/hearth-devices");
        browser.await("both phones are listed", d -> d.findElements(By.cssSelector("tr[data-device^='FL']")).size() >= 2);
        watch("FLSEED", "FLFRESH");

        // one phone sends at least 3,000 new contacts, 500 to a Sync, while the page refreshes itself every 3 s;
        // on a fast machine 3,000 may be sent between two refreshes, so it goes on (up to 12,000) until one is seen
        java.util.concurrent.atomic.AtomicBoolean seenOnce = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Integer> upload = inBackground(() -> {
            int batch = 0;
            for (; batch < CONTACTS / 500 || (!seenOnce.get() && batch < 4 * CONTACTS / 500); batch++) {
                for (int i = 0; i < 500; i++) {
                    int n = batch * 500 + i;
                    seeder.add(f, EasPhone.item("Contacts", String.format("Bulk %05d", n), "seeded " + n));
                }
                seeder.syncAll(f);
            }
            return batch * 500;
        });
        String progress = awaitProgress("FLSEED", upload);
        seenOnce.set(true);
        int sent = upload.get(3, TimeUnit.MINUTES);
        assertEquals(sent, seeder.items(f).size());
        assertNotNull(progress, "the Phones page showed a progress value while the phone sent " + sent
                + " contacts; it showed:\n" + seen("FLSEED"));
        Matcher m = PROGRESS.matcher(progress);
        assertTrue(m.find() && m.group(2) != null, progress);
        assertTrue(Integer.parseInt(m.group(1)) <= Integer.parseInt(m.group(2)), progress);
        assertTrue(Integer.parseInt(m.group(2)) >= 500, "the total is what one Sync moves: " + progress);
        assertTrue(progress.contains("Contacts"), progress);
        awaitEnd("FLSEED");
        browser.screenshot("flow-devices-progress-ended");

        // a new phone fetches them ten at a time: every request is over within milliseconds, so the
        // page (refreshing every 3 s) may or may not catch one; it must end calm either way
        CompletableFuture<Integer> download = inBackground(() -> fresh.syncAll(f));
        String fetched = awaitProgress("FLFRESH", download);
        int rounds = download.get(3, TimeUnit.MINUTES);
        assertEquals(sent, fresh.items(f).size(), "the new phone got every contact");
        assertTrue(rounds >= sent / 10, "a few at a time: " + rounds + " round trips");
        if (fetched != null) {
            Matcher w = PROGRESS.matcher(fetched);
            assertTrue(w.find() && (w.group(2) == null || Integer.parseInt(w.group(2)) <= 10), fetched);
        }
        System.out.println("ConsoleFlowsIT: the Phones page " + (fetched == null ? "did not catch" : "caught (" + fetched.replaceAll("\\s+", " ")
                + ")") + " one of the " + rounds + " short Syncs of the new phone");
        awaitEnd("FLFRESH");
    }

    /** Records, in the page, every text the rows of these phones show as the page refreshes itself (no reload, no requests of its own). */
    private void watch(String... devices) {
        browser.driver.executeScript("""
                var devices = arguments[0];
                window.hearthSeen = {};
                var live = document.getElementById('hearth-live');
                function note() {
                  devices.forEach(function (id) {
                    var row = live.querySelector("tr[data-device='" + id + "']");
                    var text = row ? row.innerText : '';
                    var seen = window.hearthSeen[id] || (window.hearthSeen[id] = []);
                    if (seen[seen.length - 1] !== text) { seen.push(text); }
                  });
                }
                note();
                new MutationObserver(note).observe(live, { childList: true, subtree: true, characterData: true });
                """, List.of(devices));
    }

    /** The first progress text the page showed for the phone while {@code work} runs (screenshot taken then), or null. */
    private String awaitProgress(String device, CompletableFuture<?> work) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            boolean over = work.isDone();
            String p = seen(device).stream().filter(t -> PROGRESS.matcher(t).find()).findFirst().orElse(null);
            if (p != null) {
                if (!over) {
                    browser.screenshot("flow-devices-progress-" + device);
                }
                return p;
            }
            if (over) {
                return null;
            }
            Thread.sleep(100);
        }
        return null;
    }

    private void awaitEnd(String device) {
        browser.await("the progress of " + device + " ends", d -> {
            List<String> s = seen(device);
            return !s.isEmpty() && s.get(s.size() - 1).contains("no sync running");
        });
        assertFalse(PROGRESS.matcher(browser.driver.findElement(By.cssSelector("tr[data-device='" + device + "']")).getText()).find());
    }

    @SuppressWarnings("unchecked")
    private List<String> seen(String device) {
        Object o = browser.driver.executeScript("return (window.hearthSeen || {})[arguments[0]] || [];", device);
        return o instanceof List<?> l ? new ArrayList<>((List<String>) l) : List.of();
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> CompletableFuture<T> inBackground(Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(work.run());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "flows-phone");
        t.setDaemon(true);
        t.start();
        return f;
    }

    // ---------------------------------------------------------------- a conflict restored from the Activity page

    @Test
    @Order(2)
    void aConflictIsRestoredFromTheActivityPageAndReachesThePhoneThatLost() throws Exception {
        EasPhone a = new EasPhone(client("FLCONFA")).setUp();
        String f = a.folder("Contacts");
        a.syncAll(f);
        EasPhone b = new EasPhone(client("FLCONFB")).setUp();
        b.syncAll(f);
        // a contact both phones hold
        a.add(f, EasPhone.item("Contacts", "Quarrel Quince", "Gardener"));
        a.syncAll(f);
        b.syncAll(f);
        String sidA = sidOf(a, f, "Quarrel Quince");
        String sidB = sidOf(b, f, "Quarrel Quince");

        // A changes it first; B changes it too before it has seen A's change: the server's (A's) version wins
        a.change(f, sidA, EasPhone.item("Contacts", "Quarrel Quince", "Beekeeper from phone A"));
        a.syncAll(f);
        b.change(f, sidB, EasPhone.item("Contacts", "Quarrel Quince", "Astronomer from phone B"));
        b.syncAll(f);
        assertEquals("Beekeeper from phone A", b.items(f).get(sidB).childText("Contacts", "JobTitle"),
                "phone B lost the conflict and was sent A's version");

        browser.open("/hearth-activity");
        WebElement row = browser.await("the conflict is listed", d -> d.findElements(By.cssSelector("#conflicts tr[id^='conflict-']"))
                .stream().filter(r -> r.getText().contains("FLCONFB")).findFirst().orElse(null));
        String rowId = row.getAttribute("id");
        String text = row.getText();
        assertTrue(text.contains("Quarrel Quince"), text);
        browser.screenshot("flow-activity-conflict");
        row.findElement(By.cssSelector("button[id$='-restore']")).click();
        WebElement done = browser.await("the restore is confirmed", d -> d.findElements(By.id("done")).stream().findFirst().orElse(null));
        assertTrue(done.getAttribute("class").contains("hearth-ok"), done.getText());
        assertTrue(browser.driver.findElements(By.id(rowId)).isEmpty(), "the restored conflict is no longer listed");
        browser.screenshot("flow-activity-restored");
        eventually("the log line is written", hearth::output, out -> out.contains("restored the replaced version of a conflict"));

        // the phone that lost gets its own version back at its next Sync, and so does the other one
        b.syncAll(f);
        assertEquals(Map.of("Change", 1), b.lastCommands);
        assertEquals("Astronomer from phone B", b.items(f).get(sidB).childText("Contacts", "JobTitle"));
        a.syncAll(f);
        assertEquals("Astronomer from phone B", a.items(f).get(sidA).childText("Contacts", "JobTitle"));
        assertFalse(hearth.output().contains("Astronomer"), "item contents never reach the log");
    }

    private static String sidOf(EasPhone p, String folder, String label) {
        return p.items(folder).entrySet().stream().filter(e -> label.equals(EasPhone.label(e.getValue()))).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError(label + " is not on the phone"));
    }

    // ---------------------------------------------------------------- the wizard in Internet mode

    @Test
    @Order(3)
    void theWizardSetsUpInternetAccessWithDuckDnsAndWaitsForThePhone() throws Exception {
        String user = "ingrid";
        String password = "marble heron lantern";
        assertTrue(duckCalls.isEmpty() && checkIpCalls.isEmpty(), "no provider yet, no lookups");

        browser.open("/hearth-setup");
        step("mode").findElement(By.id("choice-mode-internet")).click();
        browser.screenshot("flow-setup-1-mode-internet");
        next();
        step("phone").findElement(By.id("choice-phone-iphone")).click();
        next();
        step("sync");
        next();
        if (!browser.driver.findElements(By.cssSelector("#hearth-setup[data-step='network']")).isEmpty()) {
            next();
        }

        // the router: "Configure automatically"; UPnP is off for the tests' server, so nothing is mapped
        WebElement ports = step("ports");
        assertTrue(ports.findElement(By.id("manual-ports")).getText().contains(Integer.toString(hearth.easPort)), ports.getText());
        submit(browser.driver.findElement(By.id("upnp")));
        ports = step("ports");
        assertTrue(browser.driver.findElements(By.id("errors")).isEmpty(), "asking the router is no error");
        WebElement report = browser.await("the router's answer", d -> d.findElements(By.cssSelector("#port-report p")).stream()
                .findFirst().orElse(null));
        String answer = browser.driver.findElement(By.id("port-report")).getText();
        assertFalse(answer.isBlank());
        assertTrue(report.getAttribute("class").contains("hearth-calm") || report.getAttribute("class").contains("hearth-ok"),
                report.getAttribute("outerHTML"));
        assertTrue(browser.driver.findElement(By.id("manual-ports")).isDisplayed(), "the forwarding by hand is shown");
        eventually("the choice is logged", hearth::output, out -> out.contains("asked the router to forward the phones' ports"));
        String upnp = Files.readString(hearth.data.resolve("etc").resolve("org.hearthsync.upnp.cfg"));
        assertTrue(upnp.contains("enabled") && upnp.contains("true"), upnp);
        browser.fullScreenshot("flow-setup-5-ports");
        next();

        // the name: DuckDNS, its update address pointed at the loopback stand-in under "More settings"
        step("dns");
        submit(browser.driver.findElements(By.cssSelector("#hearth-setup a")).stream().filter(a -> a.getText().equals("DuckDNS"))
                .findFirst().orElseThrow(() -> new AssertionError("DuckDNS is offered:\n" + browser.driver.getPageSource())));
        WebElement form = browser.await("the DuckDNS form", d -> d.findElements(By.id("dns-form")).stream().findFirst().orElse(null));
        type("f-dns-hostname", SUBDOMAIN);
        type("f-dns--token", DUCK_TOKEN);
        form.findElement(By.cssSelector("details summary")).click();
        type("f-dns-base-url", emulatorUrl() + "/update");
        WebElement ipv6 = browser.driver.findElement(By.id("f-dns-ddns-ipv6"));
        if (ipv6.isSelected()) {
            ipv6.click();
        }
        browser.fullScreenshot("flow-setup-6-dns-form");
        submit(form.findElement(By.cssSelector("button[value='dns-login']")));
        step("dns");
        assertTrue(browser.driver.findElements(By.id("errors")).isEmpty(), browser.driver.getPageSource());
        String host = SUBDOMAIN + ".duckdns.org";
        assertTrue(browser.driver.findElement(By.id("dns-current")).getText().contains(host));
        eventually("DuckDNS (the stand-in) got the public address", () -> List.copyOf(duckCalls), c -> !c.isEmpty());
        String update = duckCalls.get(0);
        assertTrue(update.contains("domains=" + SUBDOMAIN) && update.contains("ip=" + PUBLIC_IP), update);
        assertTrue(update.contains("token=" + DUCK_TOKEN), update);
        assertFalse(checkIpCalls.isEmpty(), "the public address came from the check-IP stand-in");
        // the page lists the name with the service's answer
        eventually("the step shows the update", () -> {
            browser.open("/hearth-setup?step=dns");
            return step("dns").getText();
        }, t -> t.contains(host) && t.contains("UPDATED"));
        browser.fullScreenshot("flow-setup-6-dns-updated");
        Path providerCfg = hearth.data.resolve("etc").resolve("org.hearthsync.ddns.duckdns-" + SUBDOMAIN + ".cfg");
        String cfg = Files.readString(providerCfg);
        assertTrue(cfg.contains("hostname") && cfg.contains(SUBDOMAIN), cfg);
        assertTrue(cfg.contains(emulatorUrl() + "/update"), cfg);
        String setup = Files.readString(hearth.data.resolve("etc").resolve("org.hearthsync.setup.cfg"));
        assertTrue(setup.contains(host), setup);
        next();

        WebElement firewall = step("firewall");
        assertTrue(firewall.getText().contains(Integer.toString(hearth.easPort)), firewall.getText());
        browser.screenshot("flow-setup-7-firewall");
        next();
        WebElement cert = step("certificate");
        String fingerprint = cert.findElement(By.id("fingerprint")).getText();
        assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
        browser.fullScreenshot("flow-setup-8-certificate");
        next();
        step("advice");
        next();
        step("credentials");
        type("user", user);
        type("password", password);
        type("password2", password);
        browser.screenshot("flow-setup-10-credentials");
        next();
        WebElement done = step("done");
        assertTrue(done.findElement(By.id("phone-waiting")).getText().contains("Waiting for your phone"));
        String settings = done.findElement(By.id("phone-settings")).getText();
        assertTrue(settings.contains(user + "@"), settings);
        browser.fullScreenshot("flow-setup-11-done");

        String wizard = Files.readString(hearth.data.resolve("etc").resolve("org.hearthsync.console.setup.cfg"));
        assertTrue(wizard.contains("internet"), wizard);
        String account = Files.readString(hearth.data.resolve("etc").resolve("org.hearthsync.account-" + user + ".cfg"));
        assertFalse(account.contains(password), "the password itself is never written");
        String out = hearth.output();
        assertFalse(out.contains(DUCK_TOKEN), "the DuckDNS token never reaches the log");
        assertFalse(out.contains(password), "the password never reaches the log");
        assertFalse(out.contains(PASSWORD), "the password never reaches the log");
        assertFalse(out.contains("Exception"), out);
    }

    // ---------------------------------------------------------------- helpers

    private WebElement step(String id) {
        return browser.await("the step " + id, d -> d.findElements(By.cssSelector("#hearth-setup[data-step='" + id + "']")).stream()
                .findFirst().orElse(null));
    }

    private void next() {
        submit(browser.driver.findElement(By.id("next")));
    }

    /** Clicks a submit button and waits until the browser left the page (the wizard answers with a redirect). */
    private void submit(WebElement button) {
        WebElement page = browser.driver.findElement(By.id("hearth-setup"));
        button.click();
        browser.await("the next page", ExpectedConditions.stalenessOf(page));
    }

    private void type(String id, String text) {
        WebElement e = browser.driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    private EasTestClient client(String deviceId) {
        return EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, deviceId, "TestPhone", "16.1", false);
    }

    private String emulatorUrl() {
        return "http://127.0.0.1:" + emulator.getAddress().getPort();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
