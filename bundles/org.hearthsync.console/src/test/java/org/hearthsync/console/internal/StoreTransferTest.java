package org.hearthsync.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.store.MemoryStore;
import org.junit.jupiter.api.Test;

class StoreTransferTest {
    private final MemoryStore store = new MemoryStore();

    record Bytes(String fileName, byte[] bytes) implements StoreTransfer.Upload {
        static Bytes of(String name, String text) {
            return new Bytes(name, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    static String card(String uid, String fn) {
        return "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:" + uid + "\r\nFN:" + fn + "\r\nEND:VCARD\r\n";
    }

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    private CollectionInfo col(String id) throws Exception {
        return store.collections().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theExportIsAZipWithOneFilePerCollectionThatImportsBackWithoutDuplicates() throws Exception {
        store.collections.add(new CollectionInfo("work", "Work/Team: \u00c4rger", DataClass.CALENDAR, null, false));
        store.collections.add(new CollectionInfo("work2", "work-team- \u00e4rger", DataClass.CALENDAR, null, false));
        for (int i = 0; i < 150; i++) {
            store.put("contacts", "p" + i + ".vcf", card("p" + i, "Person " + i), WriteCondition.create());
        }
        store.put("work", "m.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:m\r\nDTSTART:20300101T100000Z\r\n"
                + "SUMMARY:Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", WriteCondition.create());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StoreTransfer.Exported done = StoreTransfer.exportZip(store, out);
        assertEquals(new StoreTransfer.Exported(6, 151), done);

        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()), StandardCharsets.UTF_8)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                entries.put(e.getName(), new String(z.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("Contacts.vcf", "Calendar.ics", "Tasks.ics", "Notes.ics", "Work_Team_ \u00c4rger.ics",
                "work-team- \u00e4rger.ics"), List.copyOf(entries.keySet()));
        assertEquals(150, entries.get("Contacts.vcf").split("BEGIN:VCARD").length - 1);
        assertTrue(entries.get("Work_Team_ \u00c4rger.ics").contains("SUMMARY:Meeting"));

        // the whole zip back into the contacts: all 150 are there already, nothing is written
        int writes = store.writes.size();
        StoreTransfer.Imported back = StoreTransfer.importUploads(store, col("contacts"), true,
                List.of(new Bytes("backup.zip", out.toByteArray())), 1 << 20, 8 << 20);
        assertEquals(150, back.result().unchanged());
        assertEquals(0, back.result().imported());
        assertEquals(writes, store.writes.size());
        assertTrue(back.notes().contains("backup.zip/Calendar.ics: holds no contacts for this collection"), back.notes().toString());
    }

    @Test
    void filesAndZipEntriesOfOtherKindsAreNotedAndLeftOut() throws Exception {
        byte[] z = zip(Map.of("people/a.vcf", card("a", "Ann"), "readme.txt", "hello", "__MACOSX/._a.vcf", "junk",
                ".hidden.vcf", card("h", "Hidden")));
        StoreTransfer.Imported r = StoreTransfer.importUploads(store, col("contacts"), true,
                List.of(new Bytes("in.zip", z), Bytes.of("b.vcf", card("b", "Bob")), Bytes.of("photo.jpg", "\u00ff"),
                        new Bytes("broken.zip", "not a zip".getBytes(StandardCharsets.UTF_8))), 1 << 20, 8 << 20);
        assertEquals(2, r.result().added());
        assertEquals(2, r.files());
        assertTrue(r.notes().contains("in.zip/readme.txt: not a .vcf or .ics file, left out"), r.notes().toString());
        assertTrue(r.notes().contains("photo.jpg: not a .vcf, .ics or .zip file, left out"), r.notes().toString());
        assertTrue(r.notes().contains("broken.zip: no .vcf or .ics files inside"), r.notes().toString());
        assertEquals(3, r.notes().size(), r.notes().toString());
    }

    @Test
    void limitsStopTheImportAndWhatCameBeforeStays() throws Exception {
        String big = card("x", "X".repeat(5000));
        StoreTransfer.Imported one = StoreTransfer.importUploads(store, col("contacts"), true,
                List.of(Bytes.of("small.vcf", card("s", "Small")), Bytes.of("big.vcf", big), Bytes.of("after.vcf", card("a", "After"))),
                4096, 1 << 20);
        assertEquals("big.vcf is larger than 1 MB", one.stopped());
        assertEquals(1, one.result().added(), "the file before stays imported");
        assertEquals(2, one.files());
        assertTrue(store.get("contacts", "a.vcf").isEmpty(), "nothing after the stop");

        byte[] bomb = zip(Map.of("a.vcf", card("b1", "A".repeat(3000)), "b.vcf", card("b2", "B".repeat(3000))));
        StoreTransfer.Imported all = StoreTransfer.importUploads(store, col("contacts"), true, List.of(new Bytes("bomb.zip", bomb)),
                4096, 5000);
        assertTrue(all.stopped().contains("together"), all.stopped());
        assertEquals(1, all.result().added());
    }

    @Test
    void aStoreThatGoesAwayStopsTheImportWithTheReason() throws Exception {
        CollectionInfo contacts = col("contacts");
        store.available = false;
        StoreTransfer.Imported r = StoreTransfer.importUploads(store, contacts, true, List.of(Bytes.of("a.vcf", card("a", "A"))),
                1 << 20, 1 << 20);
        assertEquals("the store is not reachable (away)", r.stopped());
        assertEquals(0, r.result().imported());
    }

    @Test
    void aFileThatIsNotUtf8IsReadAsLatin1() throws Exception {
        byte[] latin = card("l", "J\u00fcrgen").getBytes(StandardCharsets.ISO_8859_1);
        StoreTransfer.importUploads(store, col("contacts"), true, List.of(new Bytes("old.vcf", latin)), 1 << 20, 1 << 20);
        assertTrue(store.get("contacts", "l.vcf").orElseThrow().content().contains("J\u00fcrgen"));
    }

    /** Windows programs write Windows-1252 (the euro sign and curly quotes are not Latin-1) and UTF-16 with a BOM. */
    @Test
    void aFileIsReadLikeEveryStoredItemWindows1252AndUtf16Included() throws Exception {
        byte[] cp1252 = card("w", "\u201eCaf\u00e9\u201c 5\u20ac").getBytes("windows-1252");
        byte[] utf16 = card("u", "\u00c5sa").getBytes(StandardCharsets.UTF_16);
        StoreTransfer.importUploads(store, col("contacts"), true, List.of(new Bytes("win.vcf", cp1252), new Bytes("u16.vcf", utf16)),
                1 << 20, 1 << 20);
        assertTrue(store.get("contacts", "w.vcf").orElseThrow().content().contains("FN:\u201eCaf\u00e9\u201c 5\u20ac"));
        assertTrue(store.get("contacts", "u.vcf").orElseThrow().content().contains("FN:\u00c5sa"));
    }

    @Test
    void displayNamesDropPathsAndControlCharacters() {
        assertEquals("evil.vcf", StoreTransfer.displayName("C:\\Users\\x\\..\\evil.vcf"));
        assertEquals("ab.ics", StoreTransfer.displayName("../a\u0000b.ics"));
        assertEquals("", StoreTransfer.displayName(null));
    }
}
