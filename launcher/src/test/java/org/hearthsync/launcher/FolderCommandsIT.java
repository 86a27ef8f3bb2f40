package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.hearthsync.launcher.EasTestClient.Result;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * FolderCreate, FolderUpdate and FolderDelete through the launched server on the embedded store, as
 * a second phone sees them, and a GAL Search finding a contact another phone added.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FolderCommandsIT {
    static final String USER = "folders";
    static final String PASSWORD = "folders and more folders";
    static final String NS = "FolderHierarchy";

    private RunningHearth hearth;
    private SSLContext tls;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Path etc = tmp.resolve("data").resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("org.hearthsync.account-folders.cfg"), "user.name = " + USER + "\n"
                + "email.address = folders@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        hearth = RunningHearth.start(tmp.resolve("data")).awaitRunning();
        tls = hearth.trustingHearth();
        EasTestClient probe = client("PROBE", "14.1");
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
            assertFalse(out.contains("Exception"), out);
        }
    }

    EasTestClient client(String deviceId, String version) {
        return EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, deviceId, "TestPhone", version, false);
    }

    static Element folderCommand(String root, String key, String... fields) {
        Element e = new Element(NS, root).addText(NS, "SyncKey", key);
        for (int i = 0; i < fields.length; i += 2) {
            e.addText(NS, fields[i], fields[i + 1]);
        }
        return e;
    }

    static Element ok(Result r) {
        assertEquals(200, r.status());
        assertEquals("1", r.document().childText(NS, "Status"), r.document().toString());
        return r.document();
    }

    /** The first change of {@code kind} in a FolderSync response. */
    static Element change(Element fs, String kind) {
        List<Element> l = fs.child(NS, "Changes").orElseThrow().children(NS, kind);
        return l.isEmpty() ? null : l.get(0);
    }

    @Test
    void aFolderMadeOnOnePhoneLivesOnTheOtherAndSearchFindsItsContacts() throws Exception {
        EasPhone a = new EasPhone(client("FA", "16.1")).setUp();
        EasPhone b = new EasPhone(client("FB", "14.1")).setUp();
        String keyA = ok(a.client.post("FolderSync", EasTestClient.folderSync("0"))).childText(NS, "SyncKey");
        Element fsB = ok(b.client.post("FolderSync", EasTestClient.folderSync("0")));
        String keyB = fsB.childText(NS, "SyncKey");

        // create on a: not echoed to a, an Add on b
        Element created = ok(a.client.post("FolderCreate",
                folderCommand("FolderCreate", keyA, "ParentId", "0", "DisplayName", "Project X", "Type", "13")));
        String sidA = created.childText(NS, "ServerId");
        keyA = created.childText(NS, "SyncKey");
        Element echo = ok(a.client.post("FolderSync", EasTestClient.folderSync(keyA)));
        assertEquals("0", echo.child(NS, "Changes").orElseThrow().childText(NS, "Count"));
        Element seen = ok(b.client.post("FolderSync", EasTestClient.folderSync(keyB)));
        keyB = seen.childText(NS, "SyncKey");
        Element add = change(seen, "Add");
        assertNotNull(add, seen.toString());
        assertEquals("Project X", add.childText(NS, "DisplayName"));
        assertEquals("13", add.childText(NS, "Type"));
        String sidB = add.childText(NS, "ServerId");

        // an event synced into it on a reaches b
        a.syncAll(sidA);
        a.add(sidA, EasPhone.item("Calendar", "Kick-off", null));
        a.syncAll(sidA);
        b.syncAll(sidB);
        assertEquals(List.of("Kick-off"), SyncIT.labels(b.items(sidB)));

        // rename on a: an Update on b
        keyA = ok(a.client.post("FolderUpdate", folderCommand("FolderUpdate", keyA, "ServerId", sidA, "ParentId", "0",
                "DisplayName", "Project Y"))).childText(NS, "SyncKey");
        Element renamed = ok(b.client.post("FolderSync", EasTestClient.folderSync(keyB)));
        keyB = renamed.childText(NS, "SyncKey");
        assertEquals("Project Y", change(renamed, "Update").childText(NS, "DisplayName"));

        // the default calendar cannot go; the new one can: a Delete on b
        assertEquals("3", a.client.post("FolderDelete", folderCommand("FolderDelete", keyA, "ServerId", a.folder("Calendar")))
                .document().childText(NS, "Status"));
        keyA = ok(a.client.post("FolderDelete", folderCommand("FolderDelete", keyA, "ServerId", sidA))).childText(NS, "SyncKey");
        Element deleted = ok(b.client.post("FolderSync", EasTestClient.folderSync(keyB)));
        assertEquals(sidB, change(deleted, "Delete").childText(NS, "ServerId"));
        assertEquals("0", ok(a.client.post("FolderSync", EasTestClient.folderSync(keyA))).child(NS, "Changes")
                .orElseThrow().childText(NS, "Count"));

        // b adds a contact; a's directory look-up finds it
        String contacts = b.folder("Contacts");
        b.syncAll(contacts);
        Element card = new Element(EasPhone.AS, "ApplicationData");
        card.addText("Contacts", "FileAs", "Zelda Zephyr").addText("Contacts", "FirstName", "Zelda")
                .addText("Contacts", "LastName", "Zephyr").addText("Contacts", "Email1Address", "zelda@example.org")
                .addText("Contacts", "MobilePhoneNumber", "+15550100");
        b.add(contacts, card);
        b.syncAll(contacts);
        String s = "Search";
        Element q = new Element(s, "Search");
        q.add(s, "Store").addText(s, "Name", "GAL").addText(s, "Query", "zeph").add(s, "Options").addText(s, "Range", "0-49");
        Result found = a.client.post("Search", q);
        assertEquals(200, found.status());
        Element store = found.document().child(s, "Response").orElseThrow().child(s, "Store").orElseThrow();
        assertEquals("1", store.childText(s, "Status"));
        assertEquals("1", store.childText(s, "Total"));
        Element props = store.child(s, "Result").orElseThrow().child(s, "Properties").orElseThrow();
        assertEquals("zelda@example.org", props.childText("GAL", "EmailAddress"));
        assertEquals("+15550100", props.childText("GAL", "MobilePhone"));
    }
}
