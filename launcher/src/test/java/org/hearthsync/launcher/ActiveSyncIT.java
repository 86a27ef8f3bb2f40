package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A phone setting up an Exchange account against the launched distribution, over TLS: OPTIONS,
 * Provision (both phases), Settings and FolderSync at 12.1, 14.1 and 16.1, in both query forms;
 * then wrong credentials, a blocked device, remote wipes, Autodiscover, the fallback when the engine
 * stops, and the sign-in lockout. Device states are set the way the console will set them: by a
 * device directive configuration file in DATA/etc, which the engine applies to its registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActiveSyncIT {
    static final String USER = "tester";
    static final String PASSWORD = "correct horse battery staple";
    static final String EMAIL = "tester@hearth.test";
    static final int MAX_FAILURES = 8;

    private RunningHearth hearth;
    private SSLContext tls;
    private HttpClient https;
    private HttpClient plain;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path etc = data.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("org.hearthsync.account-tester.cfg"), "user.name = " + USER + "\n"
                + "email.address = " + EMAIL + "\n" + "password.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("org.hearthsync.activesync.auth.cfg"),
                "max.failures = " + MAX_FAILURES + "\nlockout.seconds = 120\n", StandardCharsets.UTF_8);
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        EasTestClient probe = phone("HTPROBE", "14.1", false);
        eventually("the engine and the account are up", () -> probe.options().status(), s -> s == 200);
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            hearth.close();
        }
    }

    private EasTestClient phone(String deviceId, String version, boolean base64) {
        return EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, deviceId, "TestPhone", version, base64);
    }

    // ---------------------------------------------------------------- account setup

    @ParameterizedTest(name = "EAS {0}, base64 query {1}")
    @CsvSource({ "12.1,false", "14.1,false", "16.1,false", "14.1,true", "16.1,true" })
    @Order(1)
    void aPhoneGetsThroughAccountSetup(String version, boolean base64) throws Exception {
        EasTestClient phone = phone("HT" + version.replace(".", "") + (base64 ? "B" : "P"), version, base64);

        Result options = phone.options();
        assertEquals(200, options.status());
        assertEquals("12.0,12.1,14.0,14.1,16.0,16.1", options.header("MS-ASProtocolVersions"));
        Set<String> commands = Set.of(options.header("MS-ASProtocolCommands").split(","));
        assertTrue(commands.containsAll(List.of("Provision", "Settings", "FolderSync")), commands.toString());
        assertFalse(commands.contains("SendMail"), commands.toString());

        // before provisioning: 449 before 14.0, status 142 from 14.0 on
        Result unprovisioned = phone.post("FolderSync", EasTestClient.folderSync("0"));
        if (version.equals("12.1")) {
            assertEquals(449, unprovisioned.status());
        } else {
            assertEquals(200, unprovisioned.status());
            assertEquals("142", unprovisioned.document().childText("FolderHierarchy", "Status"));
        }

        String key = provision(phone);
        phone.policyKey = key;

        Result settings = phone.post("Settings", EasTestClient.settings());
        assertEquals(200, settings.status());
        Element s = settings.document();
        assertEquals("1", s.childText("Settings", "Status"));
        assertEquals("1", s.child("Settings", "DeviceInformation").orElseThrow().childText("Settings", "Status"));
        String ui = s.child("Settings", "UserInformation").orElseThrow().toString();
        assertTrue(ui.contains(EMAIL), ui);

        Result folders = phone.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals(200, folders.status());
        Element fs = folders.document();
        assertEquals("1", fs.childText("FolderHierarchy", "Status"), fs.toString());
        String syncKey = fs.childText("FolderHierarchy", "SyncKey");
        Element changes = fs.child("FolderHierarchy", "Changes").orElseThrow();
        List<Element> adds = changes.children("FolderHierarchy", "Add");
        assertEquals(Integer.toString(adds.size()), changes.childText("FolderHierarchy", "Count"));
        Set<String> types = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Element a : adds) {
            types.add(a.childText("FolderHierarchy", "Type"));
            assertTrue(ids.add(a.childText("FolderHierarchy", "ServerId")), "ServerIds are unique");
            assertEquals("0", a.childText("FolderHierarchy", "ParentId"));
        }
        assertTrue(types.containsAll(List.of("2", "3", "4", "5", "6", "7", "8", "9", "10")), types.toString());

        Result again = phone.post("FolderSync", EasTestClient.folderSync(syncKey));
        Element fs2 = again.document();
        assertEquals("1", fs2.childText("FolderHierarchy", "Status"));
        assertEquals("0", fs2.child("FolderHierarchy", "Changes").orElseThrow().childText("FolderHierarchy", "Count"));

        Result bogus = phone.post("FolderSync", EasTestClient.folderSync("4711"));
        assertEquals("9", bogus.document().childText("FolderHierarchy", "Status"), "an unknown sync key");
    }

    /** Both Provision phases; returns the final policy key. */
    private static String provision(EasTestClient phone) throws Exception {
        boolean v141 = !phone.version.equals("12.1");
        Result initial = phone.post("Provision", EasTestClient.provisionInitial(v141));
        assertEquals(200, initial.status());
        Element p = initial.document();
        assertEquals("1", p.childText("Provision", "Status"), p.toString());
        if (v141) {
            assertEquals("1", p.child("Settings", "DeviceInformation").orElseThrow().childText("Settings", "Status"));
        }
        Element policy = p.child("Provision", "Policies").orElseThrow().child("Provision", "Policy").orElseThrow();
        assertEquals("MS-EAS-Provisioning-WBXML", policy.childText("Provision", "PolicyType"));
        assertEquals("1", policy.childText("Provision", "Status"));
        Element doc = policy.child("Provision", "Data").orElseThrow().child("Provision", "EASProvisionDoc").orElseThrow();
        assertEquals("0", doc.childText("Provision", "DevicePasswordEnabled"), "no PIN by default");
        String temporary = policy.childText("Provision", "PolicyKey");
        assertNotNull(temporary);

        Result ack = phone.post("Provision", EasTestClient.provisionAck(temporary));
        Element a = ack.document();
        assertEquals("1", a.childText("Provision", "Status"));
        Element ackPolicy = a.child("Provision", "Policies").orElseThrow().child("Provision", "Policy").orElseThrow();
        assertEquals("1", ackPolicy.childText("Provision", "Status"));
        String fin = ackPolicy.childText("Provision", "PolicyKey");
        assertNotNull(fin);
        assertNotEquals(temporary, fin);
        return fin;
    }

    private EasTestClient provisioned(String deviceId, String version) throws Exception {
        EasTestClient phone = phone(deviceId, version, false);
        phone.policyKey = provision(phone);
        Result fs = phone.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals(200, fs.status());
        assertEquals("1", fs.document().childText("FolderHierarchy", "Status"));
        return phone;
    }

    // ---------------------------------------------------------------- refusals

    @Test
    @Order(2)
    void wrongPasswordAndWrongUserNameAreRefused() throws Exception {
        EasTestClient phone = phone("HTWRONG", "14.1", false);
        Result wrongPassword = phone.withPassword("not the password").post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals(401, wrongPassword.status());
        assertTrue(wrongPassword.header("WWW-Authenticate").startsWith("Basic"));
        Result wrongUser = phone.withUser("nobody").post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals(401, wrongUser.status());
        assertEquals(200, phone.withUser("HEARTH\\" + USER).options().status(), "DOMAIN\\user is accepted");
        assertEquals(200, phone.withUser(USER + "@hearth.test").options().status(), "user@host is accepted");
    }

    @Test
    @Order(3)
    void aBlockedDeviceGetsTheBlockedStatus() throws Exception {
        EasTestClient modern = provisioned("HTBLOCK141", "14.1");
        EasTestClient old = provisioned("HTBLOCK121", "12.1");
        directive("blocked141", "HTBLOCK141", "BLOCKED");
        directive("blocked121", "HTBLOCK121", "BLOCKED");
        Result r = eventually("the block applies", () -> modern.post("FolderSync", EasTestClient.folderSync("0")),
                x -> x.document() != null && "129".equals(x.document().childText("FolderHierarchy", "Status")));
        assertEquals(200, r.status());
        Result p = modern.post("Provision", EasTestClient.provisionInitial(true));
        assertEquals("129", p.document().childText("Provision", "Status"));
        eventually("the block applies before 14.0 too", () -> old.post("FolderSync", EasTestClient.folderSync("0")).status(),
                s -> s == 403);
    }

    @Test
    @Order(4)
    void aWipedDeviceIsWipedThenRefused() throws Exception {
        EasTestClient phone = provisioned("HTWIPE161", "16.1");
        directive("wipe161", "HTWIPE161", "WIPE_PENDING");
        eventually("the wipe is requested", () -> phone.post("FolderSync", EasTestClient.folderSync("0")),
                x -> x.document() != null && "140".equals(x.document().childText("FolderHierarchy", "Status")));
        Result directive = phone.post("Provision", EasTestClient.provisionInitial(true));
        assertTrue(directive.document().child("Provision", "RemoteWipe").isPresent(), directive.document().toString());
        Result ack = phone.post("Provision", EasTestClient.wipeAck("RemoteWipe"));
        assertEquals("1", ack.document().childText("Provision", "Status"));
        Result after = phone.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals("129", after.document().childText("FolderHierarchy", "Status"), "a wiped device is refused");

        EasTestClient old = provisioned("HTWIPE121", "12.1");
        directive("wipe121", "HTWIPE121", "WIPE_PENDING");
        eventually("the wipe is requested before 14.0", () -> old.post("FolderSync", EasTestClient.folderSync("0")).status(),
                s -> s == 449);
        assertTrue(old.post("Provision", EasTestClient.provisionInitial(false)).document()
                .child("Provision", "RemoteWipe").isPresent());
    }

    @Test
    @Order(5)
    void anAccountOnlyWipeRemovesOnlyTheAccount() throws Exception {
        EasTestClient phone = provisioned("HTACCT161", "16.1");
        directive("account161", "HTACCT161", "ACCOUNT_WIPE_PENDING");
        eventually("the account wipe is requested", () -> phone.post("FolderSync", EasTestClient.folderSync("0")),
                x -> x.document() != null && "140".equals(x.document().childText("FolderHierarchy", "Status")));
        Result directive = phone.post("Provision", EasTestClient.provisionInitial(true));
        assertTrue(directive.document().child("Provision", "AccountOnlyRemoteWipe").isPresent());
        assertFalse(directive.document().child("Provision", "RemoteWipe").isPresent(), "never a full wipe");
        Result ack = phone.post("Provision", EasTestClient.wipeAck("AccountOnlyRemoteWipe"));
        assertEquals("1", ack.document().childText("Provision", "Status"));
    }

    @Test
    @Order(6)
    void mailIsClearlyNotSupported() throws Exception {
        EasTestClient phone = provisioned("HTMAIL161", "16.1");
        Element send = new Element("ComposeMail", "SendMail").addText("ComposeMail", "ClientId", "1");
        send.add("ComposeMail", "Mime").text("Subject: hi\r\n\r\nhello");
        Result r = phone.post("SendMail", send);
        assertEquals(200, r.status());
        assertEquals("137", r.document().childText("ComposeMail", "Status"));
    }

    @Test
    @Order(6)
    void phonesMaySpellThePathInAnyCase() throws Exception {
        EasTestClient phone = provisioned("HTCASE141", "14.1").atPath("/microsoft-server-activesync");
        Result r = phone.post("FolderSync", EasTestClient.folderSync("0"));
        assertEquals(200, r.status());
        assertEquals("1", r.document().childText("FolderHierarchy", "Status"));
    }

    // ---------------------------------------------------------------- autodiscover

    @Test
    @Order(7)
    void autodiscoverAnswersMobileSyncOnlyAndRedirectsPlainHttp() throws Exception {
        String url = "https://localhost:" + hearth.easPort + "/autodiscover/autodiscover.xml";
        String mobilesync = """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006">
                  <Request><EMailAddress>%s</EMailAddress>
                  <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006</AcceptableResponseSchema>
                  </Request></Autodiscover>""".formatted(EMAIL);
        assertEquals(401, https.send(post(url, mobilesync, false), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> ok = https.send(post(url, mobilesync, true), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("<Url>https://localhost:" + hearth.easPort + "/Microsoft-Server-ActiveSync</Url>"),
                ok.body());
        assertTrue(ok.body().contains("<Type>MobileSync</Type>"), ok.body());

        String outlook = """
                <?xml version="1.0"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
                  <Request><EMailAddress>%s</EMailAddress>
                  <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
                  </Request></Autodiscover>""".formatted(EMAIL);
        HttpResponse<String> no = https.send(post(url.replace("autodiscover.xml", "AutoDiscover.xml")
                .replace("/autodiscover/", "/Autodiscover/"), outlook, true), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, no.statusCode());
        assertTrue(no.body().contains("<ErrorCode>601</ErrorCode>"), no.body());

        HttpResponse<String> json = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + hearth.easPort
                + "/autodiscover/autodiscover.json?Email=" + EMAIL + "&Protocol=ActiveSync")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, json.statusCode());
        assertEquals("{\"Protocol\":\"ActiveSync\",\"Url\":\"https://localhost:" + hearth.easPort
                + "/Microsoft-Server-ActiveSync\"}", json.body());

        HttpResponse<String> redirect = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + hearth.setupPort + "/autodiscover/autodiscover.json?Email=" + EMAIL + "&Protocol=ActiveSync")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, redirect.statusCode());
        assertEquals("https://localhost:" + hearth.easPort + "/autodiscover/autodiscover.json?Email=" + EMAIL
                + "&Protocol=ActiveSync", redirect.headers().firstValue("Location").orElse(null));
        HttpResponse<String> redirectPost = plain.send(post("http://localhost:" + hearth.setupPort
                + "/autodiscover/autodiscover.xml", mobilesync, false), HttpResponse.BodyHandlers.ofString());
        assertEquals(307, redirectPost.statusCode());
    }

    private static HttpRequest post(String url, String body, boolean auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (EMAIL + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    // ---------------------------------------------------------------- dynamics

    @Test
    @Order(8)
    void theTransportFallbackAnswersWhileTheEngineIsStopped() throws Exception {
        EasTestClient phone = phone("HTFALLBACK", "14.1", false);
        assertEquals(200, console("stop").statusCode());
        try {
            Result r = eventually("the fallback takes over", phone::options, x -> x.status() == 503);
            assertNotNull(r.header("Retry-After"));
        } finally {
            assertEquals(200, console("start").statusCode());
        }
        eventually("the engine is back", () -> phone.options().status(), s -> s == 200);
    }

    private HttpResponse<String> console(String action) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + hearth.consolePassword())
                .getBytes(StandardCharsets.UTF_8));
        return plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hearth.consolePort
                + "/system/console/bundles/org.hearthsync.activesync")).header("Authorization", auth)
                // a state-changing console request is taken only from the console's own origin (CSRF)
                .header("Origin", "http://127.0.0.1:" + hearth.consolePort)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs last: it locks this machine's address out. */
    @Test
    @Order(99)
    void repeatedWrongPasswordsLockTheAddressOut() throws Exception {
        EasTestClient wrong = phone("HTLOCK", "14.1", false).withPassword("guess");
        int status = 0;
        for (int i = 0; i <= MAX_FAILURES && status != 429; i++) {
            status = wrong.options().status();
        }
        assertEquals(429, status);
        Result locked = phone("HTLOCK2", "14.1", false).options();
        assertEquals(429, locked.status(), "even the right password waits out the lockout");
        assertTrue(Integer.parseInt(locked.header("Retry-After")) > 0);

        String out = hearth.output();
        assertFalse(out.contains(PASSWORD), "a password reached the log");
        assertFalse(out.contains("Authorization"), "an Authorization header reached the log");
        assertFalse(out.contains("Exception"), out);
    }

    // ---------------------------------------------------------------- helpers

    /** Writes a device directive the way the console will: a configuration file FileInstall picks up. */
    private void directive(String name, String deviceId, String state) throws Exception {
        Path etc = hearth.data.resolve("etc");
        Path tmp = etc.resolve("directive.tmp");
        Files.writeString(tmp, "user.name = " + USER + "\ndevice.id = " + deviceId + "\nstate = " + state + "\n",
                StandardCharsets.UTF_8);
        Files.move(tmp, etc.resolve("org.hearthsync.activesync.device-" + name + ".cfg"), StandardCopyOption.ATOMIC_MOVE);
    }

    private static <T> T eventually(String what, Callable<T> action, Predicate<T> done) throws Exception {
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
