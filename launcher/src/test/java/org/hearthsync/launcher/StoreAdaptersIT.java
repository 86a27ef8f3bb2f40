package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

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
 * The store adapters end to end, through the launched server: a phone on an account served from a
 * vdir (with edits made directly in its folder, as khard makes them) and on one served from a real
 * Radicale (with edits made by another DAV client), and an account switched at runtime from the
 * embedded store to a vdir and back by rewriting its configuration file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreAdaptersIT {
    static final String PASSWORD = "store adapters pass phrase";
    static final String FH = "FolderHierarchy";
    static final String AS = "AirSync";
    static final Duration ARRIVAL = Duration.ofSeconds(30);

    private Path tmp;
    private Path etc;
    private Path vdir;
    private Path swapVdir;
    private Radicale radicale;
    private RunningHearth hearth;
    private SSLContext tls;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        this.tmp = tmp;
        Path data = tmp.resolve("data");
        etc = data.resolve("etc");
        Files.createDirectories(etc);
        vdir = tmp.resolve("vdir");
        swapVdir = tmp.resolve("swap-vdir");
        account("vdiruser", "khal");
        store("org.hearthsync.store.vdir-khal.cfg", "store.name = khal\npath = " + vdir + "\nrescan.seconds = 5\n");
        account("swapper", "default");
        store("org.hearthsync.store.vdir-swap.cfg", "store.name = swapvdir\npath = " + swapVdir + "\nrescan.seconds = 5\n");
        if (Radicale.installed()) {
            radicale = Radicale.start(tmp.resolve("radicale"));
            radicale.createCollections();
            account("davuser", "cloud");
            store("org.hearthsync.store.dav-cloud.cfg", "store.name = cloud\nurl = " + radicale.url() + "\nuser = "
                    + Radicale.USER + "\n.password = " + Radicale.PASSWORD + "\npoll.seconds = 5\n");
        }
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        EasTestClient probe = client("vdiruser", "PROBE");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (probe.options().status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (hearth != null) {
                String out = hearth.output();
                hearth.close();
                assertFalse(out.contains(PASSWORD), "a password reached the log");
                assertFalse(out.contains(Radicale.PASSWORD), "the DAV password reached the log");
            }
        } finally {
            if (radicale != null) {
                radicale.close();
            }
        }
    }

    private void account(String user, String store) throws IOException {
        writeAccount(user, store);
    }

    // an account file is replaced in one step, as an editor or the console does: never half written
    private void writeAccount(String user, String store) throws IOException {
        Path file = etc.resolve("org.hearthsync.account-" + user + ".cfg");
        Path part = etc.resolve("account-" + user + ".part");
        Files.writeString(part, "user.name = " + user + "\nemail.address = " + user + "@hearth.test\npassword.hash = "
                + PasswordHash.hash(PASSWORD.toCharArray()) + "\nstore.name = " + store + "\n", StandardCharsets.UTF_8);
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void store(String name, String content) throws IOException {
        Files.writeString(etc.resolve(name), content, StandardCharsets.UTF_8);
    }

    EasTestClient client(String user, String deviceId) {
        return EasTestClient.of(tls, hearth.easPort, user, PASSWORD, deviceId, "TestPhone", "16.1", false);
    }

    // ------------------------------------------------------------------ helpers

    /** What a contact is called on the phone: FileAs, else first and last name. */
    static String name(Element d) {
        String fileAs = d.childText("Contacts", "FileAs");
        if (fileAs != null) {
            return fileAs;
        }
        String first = d.childText("Contacts", "FirstName");
        String last = d.childText("Contacts", "LastName");
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
    }

    static List<String> names(Map<String, Element> items) {
        List<String> out = new ArrayList<>();
        items.values().forEach(d -> out.add(name(d)));
        Collections.sort(out);
        return out;
    }

    static String sidOf(Map<String, Element> items, String containing) {
        return items.entrySet().stream().filter(e -> name(e.getValue()).contains(containing)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no '" + containing + "' on the phone: " + names(items)));
    }

    /** Syncs the folder until the condition holds (changes made elsewhere arrive within seconds). */
    static void syncUntil(EasPhone phone, String folder, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (true) {
            phone.syncAll(folder);
            if (condition.call()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not reach the phone within " + ARRIVAL + ": " + names(phone.items(folder)));
            }
            Thread.sleep(500);
        }
    }

    /** Waits until a file in the folder satisfies the condition. */
    static Path fileUntil(Path dir, String what, java.util.function.Predicate<String> content) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path p : files(dir)) {
                try {
                    if (content.test(Files.readString(p, StandardCharsets.UTF_8))) {
                        return p;
                    }
                } catch (IOException goneMeanwhile) {
                    // replaced while we read
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " not in " + dir + " within " + ARRIVAL);
    }

    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".vcf") || n.endsWith(".ics");
            }).toList();
        }
    }

    static List<Path> filesNamed(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals("hearth-dataclass") && !p.getFileName().toString().equals("displayname")).toList();
        }
    }

    static String vcard(String uid, String given, String family, String title) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + given + " " + family + "\r\nN:" + family + ";" + given
                + ";;;\r\n" + (title == null ? "" : "TITLE:" + title + "\r\n") + "END:VCARD\r\n";
    }

    /** The hierarchy key and the changes of one FolderSync. */
    record Hierarchy(String key, Map<String, String> added, List<String> deleted) {
        String added(String type) {
            return added.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new AssertionError("no folder of type " + type + " added: " + added));
        }
    }

    static Hierarchy folderSync(EasPhone phone, String key) throws Exception {
        Result r = phone.client.post("FolderSync", EasTestClient.folderSync(key));
        assertEquals(200, r.status());
        assertEquals("1", r.document().childText(FH, "Status"), r.document().toString());
        Map<String, String> added = new LinkedHashMap<>();
        List<String> deleted = new ArrayList<>();
        Element changes = r.document().child(FH, "Changes").orElseThrow();
        changes.children(FH, "Add").forEach(a -> added.put(a.childText(FH, "ServerId"), a.childText(FH, "Type")));
        changes.children(FH, "Delete").forEach(d -> deleted.add(d.childText(FH, "ServerId")));
        return new Hierarchy(r.document().childText(FH, "SyncKey"), added, deleted);
    }

    /** The status a Sync of the folder with the phone's key gets, the phone's state untouched. */
    static String syncStatus(EasPhone phone, String folder) throws Exception {
        Result r = phone.client.post("Sync", phone.request(folder));
        assertEquals(200, r.status());
        return r.document().child(AS, "Collections").orElseThrow().child(AS, "Collection").orElseThrow()
                .childText(AS, "Status");
    }

    /** A phone's local edits to contacts and the other side's edits, both ways, through one account. */
    interface OtherSide {
        Path put(String uid, String content) throws Exception;

        void delete(Path file) throws Exception;

        List<Path> files() throws Exception;
    }

    private void bothWays(EasPhone phone, OtherSide other, String tag) throws Exception {
        String f = phone.folder("Contacts");
        phone.syncAll(f);
        int before = phone.items(f).size();

        // phone → store
        phone.add(f, EasPhone.item("Contacts", "Phone-" + tag, null));
        phone.syncAll(f);
        String sid = sidOf(phone.items(f), "Phone-" + tag);
        Path phoneFile = fileUntilIn(other, "the phone's contact", c -> c.contains("Phone-" + tag));
        phone.change(f, sid, EasPhone.item("Contacts", "Phone-" + tag, "Engineer"));
        phone.syncAll(f);
        fileUntilIn(other, "the phone's change", c -> c.contains("Phone-" + tag) && c.contains("Engineer"));

        // store → phone
        Path theirs = other.put("other-" + tag, vcard("other-" + tag, "Other", "Side" + tag, null));
        syncUntil(phone, f, "the other side's contact", () -> names(phone.items(f)).stream().anyMatch(n -> n.contains("Side" + tag)));
        String theirSid = sidOf(phone.items(f), "Side" + tag);
        other.put("other-" + tag, vcard("other-" + tag, "Other", "Side" + tag, "Changed elsewhere"));
        syncUntil(phone, f, "the other side's change",
                () -> "Changed elsewhere".equals(phone.items(f).get(theirSid).childText("Contacts", "JobTitle")));
        assertEquals(before + 2, phone.items(f).size(), "no duplicates: " + names(phone.items(f)));

        // deletes both ways
        phone.delete(f, sid);
        phone.syncAll(f);
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (Files.exists(phoneFile) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(Files.exists(phoneFile), "the phone's delete removed the item from the store");
        other.delete(theirs);
        syncUntil(phone, f, "the other side's delete", () -> !phone.items(f).containsKey(theirSid));
        assertEquals(before, phone.items(f).size(), names(phone.items(f)).toString());

        // and an event from the phone lands in the store's calendar
        String cal = phone.folder("Calendar");
        phone.syncAll(cal);
        phone.add(cal, EasPhone.item("Calendar", "Dentist-" + tag, null));
        phone.syncAll(cal);
        assertEquals(1, phone.items(cal).size());
    }

    private static Path fileUntilIn(OtherSide other, String what, java.util.function.Predicate<String> content)
            throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path p : other.files()) {
                try {
                    if (content.test(Files.readString(p, StandardCharsets.UTF_8))) {
                        return p;
                    }
                } catch (IOException goneMeanwhile) {
                    // replaced while we read
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " not in the store within " + ARRIVAL);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aPhoneOnAVdirSyncsBothWaysWithFilesEditedInPlace() throws Exception {
        EasPhone phone = new EasPhone(client("vdiruser", "VDIR1")).setUp();
        Path contacts = vdir.resolve("contacts");
        assertTrue(Files.isDirectory(contacts), "the empty vdir got its standard folders");
        bothWays(phone, new OtherSide() {
            @Override
            public Path put(String uid, String content) throws Exception {
                // as khard writes: a temporary file renamed over the item
                Path file = contacts.resolve(uid + ".vcf");
                Path tmpFile = contacts.resolve("." + uid + ".tmp");
                Files.writeString(tmpFile, content, StandardCharsets.UTF_8);
                Files.move(tmpFile, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return file;
            }

            @Override
            public void delete(Path file) throws Exception {
                Files.delete(file);
            }

            @Override
            public List<Path> files() throws Exception {
                return StoreAdaptersIT.files(contacts);
            }
        }, "vdir");
        fileUntil(vdir.resolve("calendar"), "the phone's event", c -> c.contains("Dentist-vdir"));
    }

    /** Issue 18: Hearth does not serve a copy of a DAV server over DAV; the computer is sent to the origin. */
    @Test
    void aDavClientOfAnAccountOnADavStoreIsSentToTheOriginServer() throws Exception {
        Radicale.require();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder().sslContext(tls).build().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + hearth.easPort + "/dav/"))
                        .method("PROPFIND", java.net.http.HttpRequest.BodyPublishers.ofString(
                                "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:current-user-principal/></d:prop></d:propfind>"))
                        .header("Depth", "0").header("Authorization", "Basic " + java.util.Base64.getEncoder()
                                .encodeToString(("davuser:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains(radicale.url().toString().replaceAll("/+$", "")), r.body());
        assertFalse(r.body().contains(Radicale.PASSWORD), "the origin's password is never shown: " + r.body());
    }

    /** Files the vdir does not take are named on the console's status page with why, not only in the log (issue 17). */
    @Test
    void filesTheVdirDoesNotTakeAreNamedOnTheStatusPage() throws Exception {
        Path contacts = vdir.resolve("contacts");
        Files.createDirectories(contacts);
        Files.writeString(contacts.resolve("<b>readme.txt"), "hello");
        Files.writeString(contacts.resolve("two.vnt"), "BEGIN:VNOTE\r\nBODY:a\r\nEND:VNOTE\r\nBEGIN:VNOTE\r\nBODY:b\r\nEND:VNOTE\r\n");
        ConsoleTransferClient web = new ConsoleTransferClient(hearth);
        String page = ConsoleBrowserIT.eventually("the status page names the files", () -> web.get("/hearth").body(),
                b -> b.contains("contacts/two.vnt"));
        assertTrue(page.contains("Files khal does not take (2)"), page);
        assertTrue(page.contains("<li>contacts/&lt;b&gt;readme.txt: not a .vcf, .ics or .vnt file</li>"), page);
        assertTrue(page.contains("<li>contacts/two.vnt: an iCalendar or vNote file in an address book</li>"), page);
        Files.delete(contacts.resolve("<b>readme.txt"));
        Files.delete(contacts.resolve("two.vnt"));
        ConsoleBrowserIT.eventually("the page forgets the files once they are gone", () -> web.get("/hearth").body(),
                b -> !b.contains("hearth-not-taken") && b.contains("khal (vdir)"));
    }

    /** A .vnt a Nokia backup left in the vdir's notes: on the phone as a note, its edit back in the file as a vNote. */
    @Test
    void aVnoteInTheVdirIsAPhoneNoteAndItsEditGoesBackAsAVnote() throws Exception {
        Path vnt = vdir.resolve("notes").resolve("nokia.vnt");
        String original = "BEGIN:VNOTE\r\nVERSION:1.1\r\nX-IRMC-LUID:000123\r\nSUMMARY:Shopping list\r\nBODY:Milk\r\n"
                + "DCREATED:20060301T101500Z\r\nLAST-MODIFIED:20060301T101500Z\r\nEND:VNOTE\r\n";
        Files.writeString(vnt, original, StandardCharsets.UTF_8);
        EasPhone phone = new EasPhone(client("vdiruser", "VDIR3")).setUp();
        String f = phone.folder("Notes");
        java.util.function.Function<Element, String> subject = d -> d.childText("Notes", "Subject");
        try {
            syncUntil(phone, f, "the vNote", () -> phone.items(f).values().stream().anyMatch(d -> "Shopping list".equals(subject.apply(d))));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " " + phone.items(f) + "\n" + hearth.output().lines()
                    .filter(l -> l.contains("vnt") || l.contains("otes") || l.contains("WARN") || l.contains("ERROR")).toList(), e);
        }
        String sid = phone.items(f).entrySet().stream().filter(e -> "Shopping list".equals(subject.apply(e.getValue())))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Element edit = EasPhone.item("Notes", "Shopping list", null);
        Element body = edit.add("AirSyncBase", "Body");
        body.addText("AirSyncBase", "Type", "1").addText("AirSyncBase", "Data", "Milk\r\nK\u00e4se");
        phone.change(f, sid, edit);
        phone.syncAll(f);
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        String now = original;
        while (now.equals(original) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            now = Files.readString(vnt, StandardCharsets.UTF_8);
        }
        assertTrue(now.startsWith("BEGIN:VNOTE\r\nVERSION:1.1\r\nX-IRMC-LUID:000123\r\nSUMMARY:Shopping list\r\n"
                + "BODY;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Milk=0D=0AK=C3=A4se\r\nDCREATED:20060301T101500Z\r\nLAST-MODIFIED:"), now);
        assertTrue(now.endsWith("END:VNOTE\r\n"), now);
        assertEquals(List.of(vnt), StoreAdaptersIT.filesNamed(vdir.resolve("notes")), "no other file beside it");
    }

    @Test
    void aPhoneOnARadicaleSyncsBothWaysWithAnotherDavClient() throws Exception {
        Radicale.require();
        EasPhone phone = new EasPhone(client("davuser", "DAV1")).setUp();
        assertTrue(phone.folder("Contacts") != null && phone.folder("Calendar") != null, phone.folderByClass.toString());
        bothWays(phone, new OtherSide() {
            @Override
            public Path put(String uid, String content) throws Exception {
                int s = radicale.send("PUT", "/" + Radicale.USER + "/contacts/" + uid + ".vcf", "text/vcard", content)
                        .statusCode();
                assertTrue(s == 201 || s == 204, "PUT: " + s);
                return radicale.storage.resolve("collection-root").resolve(Radicale.USER).resolve("contacts")
                        .resolve(uid + ".vcf");
            }

            @Override
            public void delete(Path file) throws Exception {
                int s = radicale.send("DELETE", "/" + Radicale.USER + "/contacts/" + file.getFileName(), null, null)
                        .statusCode();
                assertTrue(s == 200 || s == 204, "DELETE: " + s);
            }

            @Override
            public List<Path> files() throws Exception {
                return radicale.files("contacts");
            }
        }, "dav");
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (radicale.files("calendar").stream().noneMatch(p -> read(p).contains("Dentist-dav"))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(radicale.files("calendar").stream().anyMatch(p -> read(p).contains("Dentist-dav")),
                "the phone's event is in Radicale");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The account moves from the embedded store to a vdir and back by rewriting its file: the phone's
     * folders follow, Sync on an old folder says "hierarchy changed", nothing is lost or doubled on the
     * phone after it resyncs, and both stores keep all their items.
     */
    @Test
    void switchingAnAccountsStoreAtRuntime() throws Exception {
        EasPhone phone = new EasPhone(client("swapper", "SWAP1"));
        phone.setUp();
        Hierarchy h = folderSync(phone, "0");
        String embedded = h.added("9");
        assertEquals(embedded, phone.folder("Contacts"));
        phone.syncAll(embedded);
        phone.add(embedded, EasPhone.item("Contacts", "Embedded-1", null));
        phone.add(embedded, EasPhone.item("Contacts", "Embedded-2", null));
        phone.syncAll(embedded);
        List<String> onEmbedded = names(phone.items(embedded));
        assertEquals(2, onEmbedded.size(), onEmbedded.toString());
        // the vdir already has a contact of its own, written as khard writes it
        Path swapContacts = swapVdir.resolve("contacts");
        assertTrue(Files.isDirectory(swapContacts), "the vdir store made its folders at start");
        Files.writeString(swapContacts.resolve("khard-1.vcf"), vcard("khard-1", "Only", "InVdir", null));

        // to the vdir
        writeAccount("swapper", "swapvdir");
        String key = h.key();
        Hierarchy toVdir = awaitHierarchyChange(phone, key);
        assertEquals("12", syncStatus(phone, embedded), "Sync on the old store's folder: hierarchy changed");
        assertTrue(toVdir.deleted().contains(embedded), "the embedded store's folders are deleted: " + toVdir);
        String vdirContacts = toVdir.added("9");
        assertNotEquals(embedded, vdirContacts, "the vdir's contacts are another folder");
        phone.items.remove(embedded);
        phone.keys.remove(embedded);
        syncUntil(phone, vdirContacts, "the vdir's contact", () -> names(phone.items(vdirContacts)).contains("Only InVdir")
                || names(phone.items(vdirContacts)).contains("InVdir, Only"));
        assertEquals(1, phone.items(vdirContacts).size(), "only the vdir's items: " + names(phone.items(vdirContacts)));
        phone.add(vdirContacts, EasPhone.item("Contacts", "Added-On-Vdir", null));
        phone.syncAll(vdirContacts);
        fileUntil(swapContacts, "the contact added while on the vdir", c -> c.contains("Added-On-Vdir"));

        // and back
        writeAccount("swapper", "default");
        Hierarchy back = awaitHierarchyChange(phone, toVdir.key());
        assertEquals("12", syncStatus(phone, vdirContacts));
        assertTrue(back.deleted().contains(vdirContacts), back.toString());
        assertEquals(embedded, back.added("9"), "the embedded contacts come back under their ServerId");
        phone.items.remove(vdirContacts);
        phone.keys.remove(vdirContacts);
        phone.syncAll(embedded);
        assertEquals(onEmbedded, names(phone.items(embedded)), "exactly the embedded store's contacts, once each");
        assertEquals(2, files(swapContacts).size(), "the vdir keeps both its contacts");
        assertTrue(files(swapContacts).stream().anyMatch(p -> read(p).contains("InVdir")));
        assertEquals(0, phone.estimate(embedded));
    }

    /** FolderSyncs until the hierarchy changed (the rewritten file takes effect within a second or so). */
    private static Hierarchy awaitHierarchyChange(EasPhone phone, String key) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (true) {
            Hierarchy h = folderSync(phone, key);
            if (!h.added().isEmpty() || !h.deleted().isEmpty()) {
                return h;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the store switch did not show in the hierarchy within " + ARRIVAL);
            }
            Thread.sleep(250);
        }
    }
}
