package org.hearthsync.activesync.internal.command.provision;

import static org.hearthsync.activesync.internal.TestRig.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.policy.Policy;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.api.account.DeviceState;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProvisionHandlerTest {
    private static final String NS = "Provision";
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

    private static Element initial(boolean deviceInformation) {
        Element p = new Element(NS, "Provision");
        if (deviceInformation) {
            p.add("Settings", "DeviceInformation").add("Settings", "Set").addText("Settings", "Model", "Pixel 9")
                    .addText("Settings", "IMEI", "000000000000000").addText("Settings", "OS", "Android 16")
                    .addText("Settings", "FriendlyName", "Ann's phone");
        }
        p.add(NS, "Policies").add(NS, "Policy").addText(NS, "PolicyType", Policy.TYPE);
        return p;
    }

    private static Element ack(String key, String status) {
        Element p = new Element(NS, "Provision");
        p.add(NS, "Policies").add(NS, "Policy").addText(NS, "PolicyType", Policy.TYPE).addText(NS, "PolicyKey", key)
                .addText(NS, "Status", status);
        return p;
    }

    private static Element policy(Element provision) {
        return provision.child(NS, "Policies").orElseThrow().child(NS, "Policy").orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = { "12.0", "12.1", "14.0", "14.1", "16.0", "16.1" })
    void twoPhasesGiveAFinalKeyThatAdmitsCommands(String version) {
        boolean withInfo = !version.startsWith("12") && !version.equals("14.0");
        Element r1 = decode(rig.post("Provision", version, "P1", null, initial(withInfo)));
        assertEquals("1", r1.childText(NS, "Status"));
        assertEquals(withInfo, r1.child("Settings", "DeviceInformation").isPresent());
        Element p1 = policy(r1);
        assertEquals("1", p1.childText(NS, "Status"));
        Element doc = p1.child(NS, "Data").orElseThrow().child(NS, "EASProvisionDoc").orElseThrow();
        assertEquals("0", doc.childText(NS, "DevicePasswordEnabled"));
        assertEquals(version.equals("12.0"), doc.child(NS, "AllowCamera").isEmpty(), "12.0 gets only its own settings");
        String temporary = p1.childText(NS, "PolicyKey");

        RawResponse refused = rig.post("FolderSync", version, "P1", temporary, folderSync());
        if (version.startsWith("12")) {
            assertEquals(449, refused.status(), "the temporary key is not a key");
        } else {
            assertEquals("144", decode(refused).childText("FolderHierarchy", "Status"));
        }

        Element r2 = decode(rig.post("Provision", version, "P1", "0", ack(temporary, "1")));
        Element p2 = policy(r2);
        assertEquals("1", p2.childText(NS, "Status"));
        assertFalse(p2.child(NS, "Data").isPresent(), "no policy document in the acknowledgement response");
        String fin = p2.childText(NS, "PolicyKey");
        assertNotNull(fin);
        assertNotEquals(temporary, fin);

        RawResponse ok = rig.post("FolderSync", version, "P1", fin, folderSync());
        assertEquals(200, ok.status());
        assertEquals("1", decode(ok).childText("FolderHierarchy", "Status"));
        if (withInfo) {
            var d = rig.devices.registry().find(TestRig.USER, "P1").orElseThrow();
            assertEquals("Pixel 9", d.model());
            assertEquals("Android 16", d.operatingSystem());
            assertEquals("Ann's phone", d.friendlyName());
        }
    }

    @Test
    void aRepeatedAcknowledgementGetsTheSameFinalKey() {
        String temporary = policy(decode(rig.post("Provision", "14.1", "P2", null, initial(true)))).childText(NS, "PolicyKey");
        String first = policy(decode(rig.post("Provision", "14.1", "P2", "0", ack(temporary, "1")))).childText(NS, "PolicyKey");
        String again = policy(decode(rig.post("Provision", "14.1", "P2", "0", ack(temporary, "1")))).childText(NS, "PolicyKey");
        assertEquals(first, again);
    }

    @Test
    void acknowledgingAKeyNeverGivenIsStatusFive() {
        rig.post("Provision", "14.1", "P3", null, initial(true));
        Element r = decode(rig.post("Provision", "14.1", "P3", "0", ack("12345", "1")));
        assertEquals("5", policy(r).childText(NS, "Status"));
    }

    @Test
    void anUnknownPolicyTypeIsStatusThree() {
        Element p = new Element(NS, "Provision");
        p.add(NS, "Policies").add(NS, "Policy").addText(NS, "PolicyType", "MS-WAP-Provisioning-XML");
        assertEquals("3", policy(decode(rig.post("Provision", "14.1", "P4", null, p))).childText(NS, "Status"));
    }

    @Test
    void anEmptyProvisionIsAProtocolError() {
        assertEquals("2", decode(rig.post("Provision", "14.1", "P5", null, new Element(NS, "Provision"))).childText(NS, "Status"));
    }

    @Test
    void aPolicyChangeAsksForAPolicyRefresh() {
        String key = rig.provision("14.1", "P6");
        rig.policy.set(new Policy(true, false, 6, false, 600, 10, false, false));
        assertEquals("143", decode(rig.post("FolderSync", "14.1", "P6", key, folderSync())).childText("FolderHierarchy", "Status"));
        assertEquals(449, rig.post("FolderSync", "12.1", "P6", key, folderSync()).status());
        String fresh = rig.provision("14.1", "P6");
        assertEquals("1", decode(rig.post("FolderSync", "14.1", "P6", fresh, folderSync())).childText("FolderHierarchy", "Status"));
    }

    @Test
    void remoteWipeIsAskedForAndConfirmed() {
        String key = rig.provision("14.1", "W1");
        rig.devices.registry().setState(TestRig.USER, "W1", DeviceState.WIPE_PENDING);
        assertEquals("140", decode(rig.post("FolderSync", "14.1", "W1", key, folderSync())).childText("FolderHierarchy", "Status"));
        Element directive = decode(rig.post("Provision", "14.1", "W1", key, initial(true)));
        assertEquals("1", directive.childText(NS, "Status"));
        assertTrue(directive.child(NS, "RemoteWipe").isPresent());
        assertFalse(directive.child(NS, "Policies").isPresent());

        Element confirm = new Element(NS, "Provision");
        confirm.add(NS, "RemoteWipe").addText(NS, "Status", "1");
        Element done = decode(rig.post("Provision", "14.1", "W1", key, confirm));
        assertEquals("1", done.childText(NS, "Status"));
        assertEquals(DeviceState.WIPED, rig.devices.registry().find(TestRig.USER, "W1").orElseThrow().state());
        assertEquals("129", decode(rig.post("FolderSync", "14.1", "W1", key, folderSync())).childText("FolderHierarchy", "Status"));
        assertEquals("129", decode(rig.post("Provision", "14.1", "W1", key, initial(true))).childText(NS, "Status"));
    }

    @Test
    void aFailedWipeIsAskedForAgain() {
        rig.devices.registry().setState(TestRig.USER, "W2", DeviceState.WIPE_PENDING);
        Element confirm = new Element(NS, "Provision");
        confirm.add(NS, "RemoteWipe").addText(NS, "Status", "2");
        Element r = decode(rig.post("Provision", "12.1", "W2", null, confirm));
        assertEquals("2", r.childText(NS, "Status"));
        assertTrue(r.child(NS, "RemoteWipe").isPresent());
        assertEquals(DeviceState.WIPE_PENDING, rig.devices.registry().find(TestRig.USER, "W2").orElseThrow().state());
    }

    @Test
    void accountOnlyWipeAt161AndNeverAFullWipeBefore() {
        String key = rig.provision("16.1", "A1");
        rig.devices.registry().setState(TestRig.USER, "A1", DeviceState.ACCOUNT_WIPE_PENDING);
        Element directive = decode(rig.post("Provision", "16.1", "A1", key, initial(true)));
        assertTrue(directive.child(NS, "AccountOnlyRemoteWipe").isPresent());
        assertFalse(directive.child(NS, "RemoteWipe").isPresent());
        Element confirm = new Element(NS, "Provision");
        confirm.add(NS, "AccountOnlyRemoteWipe").addText(NS, "Status", "1");
        assertEquals("1", decode(rig.post("Provision", "16.1", "A1", key, confirm)).childText(NS, "Status"));
        assertEquals(DeviceState.WIPED, rig.devices.registry().find(TestRig.USER, "A1").orElseThrow().state());

        rig.devices.registry().setState(TestRig.USER, "A2", DeviceState.ACCOUNT_WIPE_PENDING);
        Element old = decode(rig.post("Provision", "14.1", "A2", null, initial(true)));
        assertEquals("129", old.childText(NS, "Status"), "refused, not escalated to a full wipe");
        assertEquals(403, rig.post("Provision", "12.1", "A2", null, initial(false)).status());
    }

    @Test
    void blockedDevicesAreRefusedByStatusOrHttp403() {
        rig.devices.registry().setState(TestRig.USER, "B1", DeviceState.BLOCKED);
        assertEquals("129", decode(rig.post("Provision", "16.1", "B1", null, initial(true))).childText(NS, "Status"));
        assertEquals(403, rig.post("Provision", "12.1", "B1", null, initial(false)).status());
        assertEquals(403, rig.post("FolderSync", "12.1", "B1", null, folderSync()).status());
    }

    @Test
    void nonProvisionableDevicesMayBeAllowed() {
        assertEquals("142", decode(rig.post("FolderSync", "14.1", "N1", null, folderSync())).childText("FolderHierarchy", "Status"));
        rig.policy.set(new Policy(false, false, 4, true, 900, 0, false, true));
        assertEquals("1", decode(rig.post("FolderSync", "14.1", "N1", null, folderSync())).childText("FolderHierarchy", "Status"));
        assertEquals("142", decode(rig.post("FolderSync", "14.1", "N1", "0", folderSync())).childText("FolderHierarchy", "Status"),
                "a phone that sends key 0 wants to provision");
    }

    private static Element folderSync() {
        return new Element("FolderHierarchy", "FolderSync").addText("FolderHierarchy", "SyncKey", "0");
    }
}
