package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mass-deletion guard through the launched server: a phone deletes 30 of its 40 contacts in
 * one Sync and is answered normally, but the store keeps them (a second phone still gets all 40)
 * and the console's Activity page lists the held batch; rejecting it there sends the 30 back to
 * the phone at its next Sync.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafetyNetIT {
    static final String USER = "guarded";
    static final String PASSWORD = "correct horse battery staple";

    private RunningHearth hearth;
    private SSLContext tls;
    private String console;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path etc = data.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("org.hearthsync.account-" + USER + ".cfg"), "user.name = " + USER + "\n"
                + "email.address = " + USER + "@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        console = "http://127.0.0.1:" + hearth.consolePort + "/system/console";
        EasTestClient probe = client("GPROBE");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (probe.options().status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            String out = hearth.output();
            hearth.close();
            assertFalse(out.contains(PASSWORD), "a password reached the log");
            assertFalse(out.contains("mass-victim"), "item contents reached the log");
        }
    }

    EasTestClient client(String deviceId) {
        return EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, deviceId, "TestPhone", "16.1", false);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console + path))
                .header("Authorization", ConsoleBrowserIT.basic("admin", hearth.consolePassword())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMassDeletionIsHeldListedAndRejectedBackToThePhone() throws Exception {
        EasPhone a = new EasPhone(client("GUARDA")).setUp();
        String f = a.folder("Contacts");
        a.syncAll(f);
        for (int i = 0; i < 40; i++) {
            a.add(f, EasPhone.item("Contacts", "mass-victim-" + i, null));
        }
        a.syncAll(f);
        assertEquals(40, a.items(f).size());

        List<String> sids = new ArrayList<>(a.items(f).keySet()).subList(0, 30);
        for (String sid : new ArrayList<>(sids)) {
            a.delete(f, sid);
        }
        a.sync(f); // asserts Status 1 for the collection
        assertEquals(10, a.items(f).size());
        a.syncAll(f);
        assertEquals(10, a.items(f).size(), "held items are not pushed back before the decision");

        EasPhone b = new EasPhone(client("GUARDB")).setUp();
        b.syncAll(f);
        assertEquals(40, b.items(f).size(), "the store kept every item");

        HttpResponse<String> page = get("/hearth-activity");
        assertEquals(200, page.statusCode());
        Matcher held = Pattern.compile("<li id='held-(\\d+)' data-count='30'>").matcher(page.body());
        assertTrue(held.find(), page.body());
        String id = held.group(1);
        assertTrue(page.body().contains("GUARDA"), "the journal lists the phone");
        Matcher token = Pattern.compile("name='[^']*' value='([^']+)'/><input type='hidden' name='action' value='reject'")
                .matcher(page.body());
        assertTrue(token.find(), "a reject form with its token");

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(console + "/hearth-activity"))
                .header("Authorization", ConsoleBrowserIT.basic("admin", hearth.consolePassword()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + hearth.consolePort)
                .POST(HttpRequest.BodyPublishers.ofString("action=reject&id=" + id + "&" + csrfField(page.body()) + "="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, posted.statusCode(), posted.body());
        assertTrue(posted.headers().firstValue("Location").orElse("").contains("done=reject"),
                posted.headers().toString());
        assertFalse(get("/hearth-activity").body().contains("<li id='held-" + id + "'"));

        a.syncAll(f);
        assertEquals(40, a.items(f).size(), "the phone got the held items back");
        assertEquals(java.util.Map.of("Add", 30), a.lastCommands);
    }

    private static String csrfField(String html) {
        Matcher m = Pattern.compile("<input type='hidden' name='([^']+)' value='[^']+'/><input type='hidden' name='action'")
                .matcher(html);
        assertTrue(m.find());
        return m.group(1);
    }
}
