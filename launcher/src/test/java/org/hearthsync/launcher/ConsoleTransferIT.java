package org.hearthsync.launcher;

import static org.hearthsync.launcher.ConsoleBrowserIT.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;
import org.hearthsync.launcher.EasTestClient.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's import and export against the launched distribution while phones sync: the embedded
 * store is downloaded as a .zip that holds a phone's contact, the .zip comes back changed (one contact
 * changed, one new, one cut off) and a phone with a parked Ping is pushed and receives exactly those
 * changes; the summary names the broken contact, the activity journal lists the import. The same on a
 * vdir store (the contacts appear as files in its folder) and on a CardDAV server (a real Radicale
 * started by the test). An upload over the limit is refused with a message, and one without the form's
 * token is refused; in a real browser the form imports a file and the button downloads the .zip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTransferIT {
    static final String PASSWORD = "import export pass phrase";
    static final String AS = "AirSync";

    private RunningHearth hearth;
    private SSLContext tls;
    private Path vdir;
    private Radicale radicale;
    private ConsoleTransferClient web;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path etc = data.resolve("etc");
        Files.createDirectories(etc);
        vdir = tmp.resolve("vdir");
        account(etc, "xfer", null);
        account(etc, "xfervdir", "files");
        Files.writeString(etc.resolve("org.hearthsync.store.vdir-files.cfg"), "store.name = files\npath = " + vdir
                + "\nrescan.seconds = 5\n", StandardCharsets.UTF_8);
        if (Radicale.installed()) {
            radicale = Radicale.start(tmp.resolve("radicale"));
            radicale.createCollections();
            account(etc, "xferdav", "cloud");
            Files.writeString(etc.resolve("org.hearthsync.store.dav-cloud.cfg"), "store.name = cloud\nurl = " + radicale.url()
                    + "\nuser = " + Radicale.USER + "\n.password = " + Radicale.PASSWORD + "\npoll.seconds = 5\n", StandardCharsets.UTF_8);
        }
        // a small limit, so the test's over-limit upload stays small
        Files.writeString(etc.resolve("org.hearthsync.console.transfer.cfg"), "max.upload.mb = 1\n", StandardCharsets.UTF_8);
        hearth = RunningHearth.start(data).awaitRunning();
        tls = hearth.trustingHearth();
        web = new ConsoleTransferClient(hearth);
        for (String user : radicale == null ? new String[] { "xfer", "xfervdir" } : new String[] { "xfer", "xfervdir", "xferdav" }) {
            EasTestClient probe = client(user, "XPROBE");
            eventually("the engine and the account " + user + " are up", () -> probe.options().status(), s -> s == 200);
        }
        eventually("the page lists the stores", () -> web.get("/hearth-transfer").body(),
                b -> b.contains("id='store-default'") && b.contains("id='store-files'") && (radicale == null || b.contains("id='store-cloud'")));
    }

    private static void account(Path etc, String user, String store) throws Exception {
        Files.writeString(etc.resolve("org.hearthsync.account-" + user + ".cfg"), "user.name = " + user + "\nemail.address = " + user
                + "@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n"
                + (store == null ? "" : "store.name = " + store + "\n"), StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (hearth != null) {
                String out = hearth.output();
                hearth.close();
                assertFalse(out.contains(PASSWORD), "a password reached the log");
                assertFalse(out.contains(Radicale.PASSWORD), "the DAV password reached the log");
                assertFalse(out.contains("Beekeeper"), "item contents reached the log");
                assertFalse(out.contains("Exception"), out);
            }
        } finally {
            if (radicale != null) {
                radicale.close();
            }
        }
    }

    private EasTestClient client(String user, String deviceId) {
        return EasTestClient.of(tls, hearth.easPort, user, PASSWORD, deviceId, "TestPhone", "16.1", false);
    }

    // ---------------------------------------------------------------- the embedded store

    @Test
    void exportThenImportAChangedZipAndThePhoneIsPushedTheChanges() throws Exception {
        EasPhone writer = new EasPhone(client("xfer", "XWRITER")).setUp();
        String f = writer.folder("Contacts");
        writer.syncAll(f);
        writer.add(f, EasPhone.item("Contacts", "Erika Export", "Gardener"));
        writer.syncAll(f);

        // the download holds one file per collection, and the phone's contact
        Map<String, String> zip = ConsoleTransferClient.unzip(web.export("default"));
        assertEquals(java.util.Set.of("Contacts.vcf", "Calendar.ics", "Tasks.ics", "Notes.ics"), zip.keySet());
        String contacts = zip.get("Contacts.vcf");
        assertTrue(contacts.contains("Erika"), contacts);
        assertTrue(zip.get("Calendar.ics").startsWith("BEGIN:VCALENDAR"), zip.get("Calendar.ics"));

        // a second phone is up to date and waits for changes
        EasPhone reader = new EasPhone(client("xfer", "XREADER")).setUp();
        reader.syncAll(f);
        assertEquals(1, reader.items(f).size());
        CompletableFuture<HttpResponse<byte[]>> ping = parkPing(reader, f);

        // the backup comes back changed: Erika has a new title, Ingo is new, Bert is cut off
        String changed = contacts.replace("Gardener", "Beekeeper")
                + "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:imported-ingo\r\nFN:Ingo Import\r\nN:Import;Ingo;;;\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:broken-bert\r\nFN:Bert Broken\r\n";
        byte[] upload = zip(Map.of("Contacts.vcf", changed, "Calendar.ics", zip.get("Calendar.ics")));
        String page = web.get("/hearth-transfer").body();
        String summary = web.importFiles(page, "default", ConsoleTransferClient.collectionId(page, "default", "Contacts"), true, "backup.zip", upload);
        assertTrue(summary.contains("data-imported='2' data-added='1' data-updated='1' data-broken='1'"), summary);
        assertTrue(summary.contains("backup.zip/Contacts.vcf: Bert Broken"), summary);
        assertTrue(summary.contains("backup.zip/Calendar.ics: holds no contacts"), summary);

        // pushed, and the Sync brings exactly the new contact and the change
        Result r = EasTestClient.result(ping.get(20, TimeUnit.SECONDS));
        assertEquals("2", r.document().childText("Ping", "Status"), "the Ping reports a change");
        reader.syncAll(f);
        assertEquals(Map.of("Add", 1, "Change", 1), reader.lastCommands);
        assertTrue(reader.items(f).values().stream().anyMatch(d -> d.toString().contains("Ingo")), "the imported contact reached the phone");
        assertTrue(reader.items(f).values().stream().anyMatch(d -> "Beekeeper".equals(d.childText("Contacts", "JobTitle"))),
                "the changed contact reached the phone");
        assertEquals(2, reader.items(f).size(), "no duplicate, nothing broken");

        // importing the same again changes nothing
        String again = web.importFiles(web.get("/hearth-transfer").body(), "default", ConsoleTransferClient.collectionId(page, "default", "Contacts"), true,
                "backup.zip", upload);
        assertTrue(again.contains("data-imported='0'"), again);
        reader.syncAll(f);
        assertEquals(Map.of(), reader.lastCommands);

        eventually("the log line", hearth::output, out -> out.contains("console: imported 2 items into 'Contacts' of store 'default'"));
        String activity = web.get("/hearth-activity").body();
        assertTrue(activity.contains(">" + "console import" + "<"), "the journal lists the import:\n" + activity);
    }

    // ---------------------------------------------------------------- a vdir store, a DAV server

    @Test
    void importIntoAVdirStoreReachesItsFolderAndThePhone() throws Exception {
        int total = importReachesThePhone("xfervdir", "XVDIR", "files", "Vdir");
        try (Stream<Path> files = Files.list(vdir.resolve("contacts"))) {
            assertEquals(total, files.filter(p -> p.toString().endsWith(".vcf")).count(), "one file per contact in the vdir");
        }
    }

    @Test
    void importIntoACardDavServerReachesItAndThePhone() throws Exception {
        if (radicale == null) {
            Radicale.require(); // skips with a message, or fails in CI
        }
        int total = importReachesThePhone("xferdav", "XDAV", "cloud", "Dav");
        assertEquals(total, radicale.files("contacts").size(), "Radicale holds each contact");
    }

    /** Three contacts imported into the store's contacts reach a phone with a parked Ping, and the export; returns the phone's count. */
    private int importReachesThePhone(String user, String device, String store, String family) throws Exception {
        EasPhone phone = new EasPhone(client(user, device)).setUp();
        String f = phone.folder("Contacts");
        phone.syncAll(f);
        int before = phone.items(f).size();
        CompletableFuture<HttpResponse<byte[]>> ping = parkPing(phone, f);

        StringBuilder vcf = new StringBuilder();
        for (String given : new String[] { "Vera", "Otto", "Anna" }) {
            vcf.append("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:").append(store).append('-').append(given.toLowerCase())
                    .append("\r\nFN:").append(given).append(' ').append(family).append("\r\nN:").append(family).append(';')
                    .append(given).append(";;;\r\nEND:VCARD\r\n");
        }
        String page = web.get("/hearth-transfer").body();
        String summary = web.importFiles(page, store, ConsoleTransferClient.collectionId(page, store, "contacts"), true, "people.vcf",
                vcf.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(summary.contains("data-imported='3' data-added='3'"), summary);

        assertEquals("2", EasTestClient.result(ping.get(20, TimeUnit.SECONDS)).document().childText("Ping", "Status"),
                "the phone is pushed");
        phone.syncAll(f);
        assertEquals(before + 3, phone.items(f).size());
        assertTrue(phone.items(f).values().stream().anyMatch(d -> d.toString().contains("Vera")));
        String exported = ConsoleTransferClient.unzip(web.export(store)).entrySet().stream().filter(e -> e.getKey().endsWith(".vcf")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        assertTrue(exported.contains("Otto " + family) && exported.contains("Anna " + family), exported);
        return before + 3;
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void anUploadOverTheLimitOrWithoutTheFormTokenIsRefused() throws Exception {
        String page = web.get("/hearth-transfer").body();
        String contacts = ConsoleTransferClient.collectionId(page, "default", "Contacts");
        byte[] big = new byte[1536 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        HttpResponse<String> tooBig = web.postMultipart(page, "default", contacts, true, "huge.vcf", big, true);
        assertEquals(302, tooBig.statusCode(), tooBig.body());
        String location = tooBig.headers().firstValue("Location").orElse("");
        assertTrue(location.endsWith("error=too-large"), location);
        String shown = web.get(location.substring(location.indexOf("/hearth-transfer"))).body();
        assertTrue(shown.contains("The upload is larger than 1 MB"), shown);

        HttpResponse<String> forged = web.postMultipart(page, "default", contacts, true, "a.vcf",
                "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:forged\r\nFN:Forged\r\nEND:VCARD\r\n".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(403, forged.statusCode(), forged.body());
        assertFalse(ConsoleTransferClient.unzip(web.export("default")).get("Contacts.vcf").contains("Forged"));
    }

    // ---------------------------------------------------------------- in a real browser

    @Test
    void inABrowserTheFormImportsAFileAndTheButtonDownloadsTheZip(@TempDir Path tmp) throws Exception {
        ConsoleBrowser.requirePrograms();
        Path vcf = Files.writeString(tmp.resolve("From Browser.vcf"),
                "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:browser-bea\r\nFN:Bea Browser\r\nEND:VCARD\r\n", StandardCharsets.UTF_8);
        byte[] big = new byte[1536 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        Path huge = Files.write(tmp.resolve("huge.vcf"), big);
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        try (ConsoleBrowser browser = ConsoleBrowser.open(hearth, tmp.resolve("chromium"))) {
            browser.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
                    downloads.toString()));
            browser.open("/hearth-transfer");
            org.openqa.selenium.WebElement form = browser.await("the import form",
                    d -> d.findElements(org.openqa.selenium.By.id("store-default-import")).stream().findFirst().orElse(null));
            browser.fullScreenshot("transfer-page");

            // too large: the page says so before sending anything
            form.findElement(org.openqa.selenium.By.id("store-default-files")).sendKeys(huge.toString());
            form.findElement(org.openqa.selenium.By.id("store-default-import-button")).click();
            org.openqa.selenium.WebElement note = browser.await("the size warning", d -> d.findElements(
                    org.openqa.selenium.By.cssSelector("#store-default-import .hearth-upload-error")).stream().findFirst().orElse(null));
            assertTrue(note.getText().contains("larger than 1 MB"), note.getText());

            browser.open("/hearth-transfer");
            form = browser.await("the import form again",
                    d -> d.findElements(org.openqa.selenium.By.id("store-default-import")).stream().findFirst().orElse(null));
            form.findElement(org.openqa.selenium.By.id("store-default-files")).sendKeys(vcf.toString());
            new org.openqa.selenium.support.ui.Select(form.findElement(org.openqa.selenium.By.id("store-default-collection")))
                    .selectByVisibleText("Contacts (contacts)");
            form.findElement(org.openqa.selenium.By.id("store-default-import-button")).click();
            org.openqa.selenium.WebElement counts = browser.await("the summary", d -> d.findElements(
                    org.openqa.selenium.By.id("summary-counts")).stream().findFirst().orElse(null));
            assertEquals("1", counts.getAttribute("data-imported"), counts.getText());
            assertTrue(counts.getText().contains("Imported 1 item into \u201cContacts\u201d"), counts.getText());
            browser.fullScreenshot("transfer-imported");

            browser.driver.findElement(org.openqa.selenium.By.id("store-default-export")).click();
            Path zip = eventually("the download", () -> {
                try (Stream<Path> files = Files.list(downloads)) {
                    return files.filter(p -> p.getFileName().toString().matches("hearth-default-.*\\.zip")).findFirst().orElse(null);
                }
            }, p -> p != null);
            Map<String, String> entries = eventually("the download is complete", () -> {
                try {
                    return ConsoleTransferClient.unzip(Files.readAllBytes(zip));
                } catch (Exception e) {
                    return null;
                }
            }, m -> m != null && m.containsKey("Notes.ics"));
            assertTrue(entries.get("Contacts.vcf").contains("Bea Browser"), entries.get("Contacts.vcf"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private CompletableFuture<HttpResponse<byte[]>> parkPing(EasPhone phone, String folder) throws Exception {
        CompletableFuture<HttpResponse<byte[]>> ping = phone.client.http().sendAsync(
                phone.client.request("Ping", EasPhone.ping(120, folder), Duration.ofSeconds(150)),
                HttpResponse.BodyHandlers.ofByteArray());
        Thread.sleep(500);
        assertFalse(ping.isDone(), "the Ping is parked");
        return ping;
    }

    private static byte[] zip(Map<String, String> files) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }
}
