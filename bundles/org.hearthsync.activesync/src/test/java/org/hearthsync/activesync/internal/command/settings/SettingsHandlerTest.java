package org.hearthsync.activesync.internal.command.settings;

import static org.hearthsync.activesync.internal.TestRig.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsHandlerTest {
    private static final String NS = "Settings";
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

    private Element send(String version, Element body) {
        String key = rig.provision(version, "S" + version.replace(".", ""));
        return decode(rig.post("Settings", version, "S" + version.replace(".", ""), key, body));
    }

    @Test
    void deviceInformationIsRecorded() {
        Element s = new Element(NS, "Settings");
        s.add(NS, "DeviceInformation").add(NS, "Set").addText(NS, "Model", "iPhone16,2").addText(NS, "OS", "iOS 18.1")
                .addText(NS, "FriendlyName", "Ann\u0007's iPhone");
        Element r = send("16.1", s);
        assertEquals("1", r.childText(NS, "Status"));
        assertEquals("1", r.child(NS, "DeviceInformation").orElseThrow().childText(NS, "Status"));
        var d = rig.devices.registry().find(TestRig.USER, "S161").orElseThrow();
        assertEquals("iPhone16,2", d.model());
        assertEquals("Ann's iPhone", d.friendlyName(), "control characters are dropped");
    }

    @Test
    void userInformationGivesTheAccountsAddressInTheVersionsForm() {
        Element s = new Element(NS, "Settings");
        s.add(NS, "UserInformation").add(NS, "Get");
        Element modern = send("14.1", s).child(NS, "UserInformation").orElseThrow().child(NS, "Get").orElseThrow();
        assertEquals(TestRig.EMAIL, modern.child(NS, "Accounts").orElseThrow().child(NS, "Account").orElseThrow()
                .child(NS, "EmailAddresses").orElseThrow().childText(NS, "PrimarySmtpAddress"));
        Element old = send("12.1", s).child(NS, "UserInformation").orElseThrow().child(NS, "Get").orElseThrow();
        assertEquals(TestRig.EMAIL, old.child(NS, "EmailAddresses").orElseThrow().childText(NS, "SMTPAddress"));
    }

    @Test
    void outOfOfficeIsOffAndCannotBeTurnedOn() {
        Element get = new Element(NS, "Settings");
        get.add(NS, "Oof").add(NS, "Get").addText(NS, "BodyType", "Text");
        Element g = send("14.1", get).child(NS, "Oof").orElseThrow();
        assertEquals("1", g.childText(NS, "Status"));
        assertEquals("0", g.child(NS, "Get").orElseThrow().childText(NS, "OofState"));

        Element on = new Element(NS, "Settings");
        on.add(NS, "Oof").add(NS, "Set").addText(NS, "OofState", "1");
        String key = rig.provision("14.1", "OOF");
        assertEquals("7", decode(rig.post("Settings", "14.1", "OOF", key, on)).child(NS, "Oof").orElseThrow().childText(NS, "Status"));
        Element off = new Element(NS, "Settings");
        off.add(NS, "Oof").add(NS, "Set").addText(NS, "OofState", "0");
        assertEquals("1", decode(rig.post("Settings", "14.1", "OOF", key, off)).child(NS, "Oof").orElseThrow().childText(NS, "Status"));
    }

    @Test
    void anUnknownOrEmptyRequestIsAProtocolError() {
        Element s = new Element(NS, "Settings");
        s.add(NS, "UserInformation"); // neither Get nor Set
        assertEquals("2", send("14.1", s).childText(NS, "Status"));
        String key = rig.provision("14.1", "EMPTY");
        assertEquals("2", decode(rig.post("Settings", "14.1", "EMPTY", key, new Element(NS, "Settings"))).childText(NS, "Status"));
    }
}
