package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
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
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved sync records survive the upgrade to typed records: the data folder in src/test/resources/upgrade-state was
 * written by main before them ({@link SavedStateFixture}). This build migrates it, and then the phone whose last
 * response was lost gets exactly that response again (same SyncKey, same ServerId) and syncs on with its old keys;
 * the other phone syncs on too; the console lists the journal, the conflict and the recycle bin, and the held mass
 * deletion can still be rejected (the phone gets its 30 contacts back) and a binned contact restored.
 */
class SavedStateUpgradeIT {
    static final Path FIXTURE = Path.of("src/test/resources/upgrade-state");
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void everySavedRecordOfThePreviousReleaseSurvives(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        UpgradeIT.copy(FIXTURE.resolve("data"), data);
        // the fixture did not keep its console password: this start makes and prints a new one
        Files.delete(data.resolve("console/admin.pwd"));
        Properties state = new Properties();
        try (Reader r = Files.newBufferedReader(FIXTURE.resolve("phones.properties"), StandardCharsets.UTF_8)) {
            state.load(r);
        }
        String f = state.getProperty("folder.Contacts");
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            SSLContext tls = hearth.trustingHearth();
            EasPhone a = phone(hearth, tls, SavedStateFixture.PHONE_A, state, "a.", f);
            EasPhone b = phone(hearth, tls, SavedStateFixture.PHONE_B, state, "b.", f);
            assertEquals(11, a.items(f).size());
            // the saved account signed in; its hash, public in the previous release (a service property any bundle
            // could read), is now under the private name, in the file and in Configuration Admin's own store
            Properties account = new Properties();
            try (Reader r = Files.newBufferedReader(data.resolve("etc/org.hearthsync.account-keeper.cfg"), StandardCharsets.ISO_8859_1)) {
                account.load(r);
            }
            assertTrue(account.getProperty(".password.hash", "").startsWith("pbkdf2-sha256$") && !account.containsKey("password.hash"),
                    account.toString());
            Path saved = data.resolve("config/org/hearthsync/account%007ekeeper.config");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Files.readString(saved).lines().anyMatch(l -> l.startsWith("password.hash"))) {
                assertTrue(System.nanoTime() < deadline, "Configuration Admin keeps the public name:\n" + Files.readString(saved));
                Thread.sleep(200);
            }
            assertTrue(Files.readString(saved).contains(".password.hash="), Files.readString(saved));

            // the lost response again, from the saved resend record: its key and its Add, not a new answer
            EasTestClient.Result again = a.client.post("Sync", a.request(f));
            Element coll = again.document().child("AirSync", "Collections").orElseThrow().child("AirSync", "Collection")
                    .orElseThrow();
            assertEquals(state.getProperty("lost.key"), coll.childText("AirSync", "SyncKey"));
            assertEquals(state.getProperty("lost.sid"), coll.child("AirSync", "Commands").orElseThrow().child("AirSync", "Add")
                    .orElseThrow().childText("AirSync", "ServerId"));
            a.apply(f, again);
            assertEquals(12, a.items(f).size());
            a.syncAll(f);
            assertEquals(Map.of(), a.lastCommands, "nothing more: no full resync");
            assertEquals(12, a.items(f).size());

            b.syncAll(f);
            assertEquals(Map.of(), b.lastCommands, "phone B is up to date with its old key");

            String console = "http://127.0.0.1:" + hearth.consolePort + "/system/console/hearth-activity";
            String admin = ConsoleBrowserIT.basic("admin", hearth.consolePassword());
            String page = get(console, admin);
            assertTrue(page.contains("id='journal'") && page.contains(SavedStateFixture.PHONE_A), "the journal of syncs");
            assertTrue(page.contains("id='conflicts'") && page.contains("Conflicted"), "the conflict");
            assertTrue(page.contains("binned-0") && page.contains("binned-1"), "the recycle bin");
            Matcher held = Pattern.compile("<li id='held-(\\d+)' data-count='30'>").matcher(page);
            assertTrue(held.find(), "the held batch");
            post(console, admin, page, "reject", held.group(1), "reject");
            a.syncAll(f);
            assertEquals(Map.of("Add", 30), a.lastCommands, "the rejected deletes come back");
            assertEquals(42, a.items(f).size());

            page = get(console, admin);
            Matcher binned = Pattern.compile("<tr id='bin-(\\d+)'>(?:(?!</tr>).)*binned-0").matcher(page);
            assertTrue(binned.find(), page);
            post(console, admin, page, "restore-deleted", binned.group(1), "restore");
            b.syncAll(f);
            assertEquals(Map.of("Add", 1), b.lastCommands, "the restored contact reaches the phones");
            assertTrue(hearth.output().lines().noneMatch(l -> l.contains("[ERROR]")), hearth.output());
            assertEquals(143, hearth.stop(), "SIGTERM, handled");
        }
    }

    private static EasPhone phone(RunningHearth hearth, SSLContext tls, String device, Properties state, String prefix,
            String folder) throws Exception {
        EasTestClient client = EasTestClient.of(tls, hearth.easPort, SavedStateFixture.USER, SavedStateFixture.PASSWORD, device,
                "TestPhone", "16.1", false);
        client.policyKey = state.getProperty(prefix + "policyKey");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.options().status() != 200) {
            assertTrue(System.nanoTime() < deadline, "the engine and the account are up within a minute");
            Thread.sleep(200);
        }
        EasPhone p = new EasPhone(client);
        p.folderByClass.put("Contacts", folder);
        p.keys.put(folder, state.getProperty(prefix + "key"));
        for (String name : state.stringPropertyNames()) {
            if (name.startsWith(prefix + "item.")) {
                p.items(folder).put(name.substring(prefix.length() + 5), EasPhone.item("Contacts", state.getProperty(name), null));
            }
        }
        return p;
    }

    private String get(String url, String auth) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** Posts one of the page's action forms with its CSRF token, as the browser does. */
    private void post(String url, String auth, String page, String action, String id, String done) throws Exception {
        Matcher token = Pattern.compile("<input type='hidden' name='([^']+)' value='([^']+)'/><input type='hidden' name='action'")
                .matcher(page);
        assertTrue(token.find(), "a form with its token");
        URI uri = URI.create(url);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", uri.getScheme() + "://" + uri.getAuthority())
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action + "&id=" + id + "&" + token.group(1) + "="
                        + URLEncoder.encode(token.group(2), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").orElse("").contains("done=" + done), r.headers().toString());
    }
}
