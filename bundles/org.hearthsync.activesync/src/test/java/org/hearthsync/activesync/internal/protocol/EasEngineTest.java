package org.hearthsync.activesync.internal.protocol;

import static org.hearthsync.activesync.internal.TestRig.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.hearthsync.api.eas.EasHttpRequest;

class EasEngineTest {
    @TempDir
    Path folder;
    private TestRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new TestRig(folder);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private RawResponse raw(String method, String query, Map<String, String> headers, byte[] body, boolean secure) {
        return rig.engine.handle(new EasHttpRequest(method, query, headers, body, rig.remoteAddress, secure));
    }

    private static Map<String, String> auth(String user, String password) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", TestRig.basic(user, password));
        return h;
    }

    @Test
    void optionsListsVersionsAndImplementedCommandsOnly() {
        RawResponse r = raw("OPTIONS", null, auth(TestRig.USER, TestRig.PASSWORD), null, true);
        assertEquals(200, r.status());
        assertEquals("12.0,12.1,14.0,14.1,16.0,16.1", r.header("MS-ASProtocolVersions"));
        assertEquals("FolderSync,Settings,Provision", r.header("MS-ASProtocolCommands"));
        assertEquals(EasEngine.SERVER_VERSION, r.header("MS-Server-ActiveSync"));
    }

    @Test
    void plainHttpIsRefused() {
        assertEquals(403, raw("OPTIONS", null, auth(TestRig.USER, TestRig.PASSWORD), null, false).status());
    }

    @Test
    void credentialsAreRequiredAndChecked() {
        RawResponse none = raw("OPTIONS", null, Map.of(), null, true);
        assertEquals(401, none.status());
        assertTrue(none.header("WWW-Authenticate").startsWith("Basic realm="));
        assertEquals(401, raw("OPTIONS", null, auth(TestRig.USER, "wrong"), null, true).status());
        assertEquals(401, raw("OPTIONS", null, auth("mallory", TestRig.PASSWORD), null, true).status());
        assertEquals(200, raw("OPTIONS", null, auth("HEARTH\\tester", TestRig.PASSWORD), null, true).status());
        assertEquals(200, raw("OPTIONS", null, auth("tester@example.org", TestRig.PASSWORD), null, true).status());
    }

    /** The transport's check before it reads a body: refusals as handle() gives them, nothing for a signed-in caller. */
    @Test
    void admissionChecksTlsThrottleAndCredentialsFromTheHeadersAlone() {
        String sync = "Cmd=Sync&User=tester&DeviceId=D1&DeviceType=T";
        assertEquals(403, rig.engine.admit(new EasHttpRequest("POST", sync, auth(TestRig.USER, TestRig.PASSWORD), null,
                rig.remoteAddress, false)).orElseThrow().status());
        assertEquals(401, rig.engine.admit(new EasHttpRequest("POST", sync, Map.of(), null, rig.remoteAddress, true))
                .orElseThrow().status());
        assertTrue(rig.engine.admit(new EasHttpRequest("POST", sync, auth(TestRig.USER, TestRig.PASSWORD), null,
                rig.remoteAddress, true)).isEmpty());
        for (int i = 0; i < 5; i++) { // wrong guesses at admission count towards the lockout as any others
            assertEquals(401, rig.engine.admit(new EasHttpRequest("POST", sync, auth(TestRig.USER, "guess" + i), null,
                    rig.remoteAddress, true)).orElseThrow().status());
        }
        // the phone that signed in before is not paused by those guesses; another device from that address is
        assertTrue(rig.engine.admit(new EasHttpRequest("POST", sync, auth(TestRig.USER, TestRig.PASSWORD), null,
                rig.remoteAddress, true)).isEmpty());
        assertEquals(429, rig.engine.admit(new EasHttpRequest("POST", sync.replace("D1", "D2"), auth(TestRig.USER, TestRig.PASSWORD),
                null, rig.remoteAddress, true)).orElseThrow().status());
    }

    @Test
    void wrongPasswordsLockTheAddressOutWithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, raw("OPTIONS", null, auth(TestRig.USER, "guess" + i), null, true).status());
        }
        RawResponse locked = raw("OPTIONS", null, auth(TestRig.USER, TestRig.PASSWORD), null, true);
        assertEquals(429, locked.status());
        assertEquals("300", locked.header("Retry-After"));
        rig.remoteAddress = "192.0.2.99";
        assertEquals(200, raw("OPTIONS", null, auth(TestRig.USER, TestRig.PASSWORD), null, true).status());
    }

    @Test
    void guessesFromManyAddressesPauseTheAccountButNotThePhoneThatSignedIn() {
        rig.remoteAddress = "192.0.2.10";
        assertFalse(Set.of(401, 429).contains(rig.post("FolderSync", "14.1", "PHONE1", null, null).status()));
        // 80 wrong passwords for the phone's account and DeviceId, 2 from each of 40 addresses
        int refused = 0;
        for (int i = 0; i < 80; i++) {
            Map<String, String> h = auth(TestRig.USER, "guess" + i);
            h.put("MS-ASProtocolVersion", "14.1");
            RawResponse r = rig.engine.handle(new EasHttpRequest("POST", "Cmd=FolderSync&DeviceId=PHONE1&DeviceType=RigPhone",
                    h, new byte[0], "198.51.100." + (i / 2), true));
            refused += r.status() == 429 ? 1 : 0;
        }
        // limit 5 per address, 10 per account (twice the address limit): only the first 10 were tried
        assertEquals(70, refused, "guesses past the account's limit are refused untried");
        rig.remoteAddress = "203.0.113.50";
        RawResponse newcomer = rig.post("FolderSync", "14.1", "NEWPHONE", null, null);
        assertEquals(429, newcomer.status(), "a new sign-in to the account waits, even with the right password");
        rig.remoteAddress = "192.0.2.10";
        assertFalse(Set.of(401, 429).contains(rig.post("FolderSync", "14.1", "PHONE1", null, null).status()),
                "the phone that signed in before keeps syncing");
        rig.remoteAddress = "192.0.2.77";
        assertFalse(Set.of(401, 429).contains(rig.post("FolderSync", "14.1", "PHONE1", null, null).status()),
                "also from another address (the phone moved from Wi-Fi to mobile data)");
    }

    @Test
    void unknownAndUnimplementedCommandsAre501() {
        assertEquals(501, rig.post("GetHierarchy", "12.1", "E1", null, null).status());
        assertEquals(501, rig.post("Sync", "14.1", "E1", null, null).status());
    }

    @Test
    void badRequestsAre400NeverAStackTrace() {
        Map<String, String> h = auth(TestRig.USER, TestRig.PASSWORD);
        assertEquals(400, raw("POST", "%%%", h, null, true).status());
        assertEquals(400, raw("POST", "Cmd=FolderSync&DeviceId=E2&DeviceType=T", h, null, true).status(), "no version");
        h.put("MS-ASProtocolVersion", "2.5");
        RawResponse old = raw("POST", "Cmd=FolderSync&DeviceId=E2&DeviceType=T", h, null, true);
        assertEquals(400, old.status());
        assertNotNull(old.header("MS-ASProtocolVersions"));
        h.put("MS-ASProtocolVersion", "14.1");
        RawResponse noDevice = raw("POST", "Cmd=FolderSync&DeviceType=T", h, null, true);
        assertEquals("108", decode(noDevice).childText("FolderHierarchy", "Status"));
        String key = rig.provision("14.1", "E2");
        h.put("X-MS-PolicyKey", key);
        RawResponse garbage = raw("POST", "Cmd=FolderSync&DeviceId=E2&DeviceType=T", h,
                new byte[] { 3, 1, 106, 0, 0x45, 0x56, 0x01 }, true);
        assertEquals(400, garbage.status(), "malformed WBXML");
        assertEquals(0, garbage.body().length);
        RawResponse wrongRoot = raw("POST", "Cmd=FolderSync&DeviceId=E2&DeviceType=T", h,
                TestRig.encode(new Element("Settings", "Settings")), true);
        assertEquals("10", decode(wrongRoot).childText("FolderHierarchy", "Status"));
    }

    @Test
    void getIsNotAnEasMethod() {
        assertEquals(405, raw("GET", null, auth(TestRig.USER, TestRig.PASSWORD), null, true).status());
    }

    @Test
    void theBase64FormCarriesVersionAndPolicyKey() {
        String key = rig.provision("14.1", "B64DEV");
        byte[] id = "B64DEV".getBytes(StandardCharsets.US_ASCII);
        long k = Long.parseLong(key);
        byte[] q = new byte[] { (byte) 141, 9, 9, 4, (byte) id.length, id[0], id[1], id[2], id[3], id[4], id[5], 4,
                (byte) k, (byte) (k >> 8), (byte) (k >> 16), (byte) (k >> 24), 1, 'T' };
        Element body = new Element("FolderHierarchy", "FolderSync").addText("FolderHierarchy", "SyncKey", "0");
        RawResponse r = raw("POST", Base64.getEncoder().encodeToString(q), auth(TestRig.USER, TestRig.PASSWORD),
                TestRig.encode(body), true);
        assertEquals(200, r.status());
        assertEquals("1", decode(r).childText("FolderHierarchy", "Status"));
    }

    @Test
    void theDeviceIsRecordedOnFirstContact() {
        rig.post("Provision", "16.1", "REC1", null, new Element("Provision", "Provision"));
        var d = rig.devices.registry().find(TestRig.USER, "REC1").orElseThrow();
        assertEquals("RigPhone", d.deviceType());
        assertEquals("RigPhone/1.0", d.userAgent());
        assertEquals("16.1", d.protocolVersion());
    }

    @Test
    void mailCommandsSayMailIsNotSupported() {
        String key = rig.provision("16.1", "M1");
        Element send = new Element("ComposeMail", "SendMail").addText("ComposeMail", "ClientId", "1");
        assertEquals("137", decode(rig.post("SendMail", "16.1", "M1", key, send)).childText("ComposeMail", "Status"));
        String oldKey = rig.provision("12.1", "M2");
        RawResponse old = rig.post("SmartReply", "12.1", "M2", oldKey, null);
        assertEquals(501, old.status());
        assertFalse(old.body().length > 0);
    }
}
