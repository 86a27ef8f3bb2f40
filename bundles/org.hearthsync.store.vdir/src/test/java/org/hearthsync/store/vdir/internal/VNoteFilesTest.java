package org.hearthsync.store.vdir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.Write;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.store.WriteResult;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.pim.PimMappers;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vNote (.vnt) files in a vdir: a phone sees each as a note, its edit goes back into the file in vNote's own form
 * with every other line as it was, and files the store does not take are named with the reason.
 */
class VNoteFilesTest {
    private static final PimMapper NOTES = PimMappers.notes();
    private static final MappingOptions OPTIONS = MappingOptions.defaults();

    @TempDir
    Path dir;
    private VdirStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private VdirStore open() throws Exception {
        store = VdirStore.open(dir.resolve("vdir"), dir.resolve("state"), VdirStore.Options.defaults(), VdirStore.Listener.NONE);
        return store;
    }

    private Path notes() throws Exception {
        Path notes = dir.resolve("vdir/notes");
        Files.createDirectories(notes);
        Files.writeString(notes.resolve(VdirStore.CLASS_FILE), "notes");
        return notes;
    }

    private static List<Path> corpus() throws Exception {
        String p = System.getProperty("hearth.fixtures");
        Path root = p == null ? null : Paths.get(p);
        boolean present = root != null && Files.isDirectory(root);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("the fixtures are missing (hearth.fixtures=" + p + ")");
        }
        Assumptions.assumeTrue(present, "fixtures not found");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".vnt")).sorted().toList();
        }
    }

    /** The phone's edit: the note as the phone got it, with a new body. */
    private static String phoneEdit(String stored, String newBody) throws Exception {
        Element data = NOTES.toEas(stored, OPTIONS);
        Element body = data.child("AirSyncBase", "Body").orElseThrow();
        body.child("AirSyncBase", "Data").orElseThrow().text(newBody);
        MergeResult merged = NOTES.fromEas(stored, data, OPTIONS);
        assertTrue(merged.changed());
        return merged.text();
    }

    private static String body(String stored) throws Exception {
        Element data = NOTES.toEas(stored, OPTIONS);
        return data.child("AirSyncBase", "Body").orElseThrow().childText("AirSyncBase", "Data");
    }

    private static List<String> lines(byte[] file) {
        return List.of(new String(file, StandardCharsets.UTF_8).split("\r\n|\n", -1));
    }

    @Test
    void everyCorpusVnoteIsANoteAndAPhoneEditGoesBackAsAVnoteKeepingEveryOtherLine() throws Exception {
        List<Path> files = corpus();
        assertFalse(files.isEmpty(), "the corpus holds .vnt files");
        Path notes = notes();
        for (Path f : files) {
            Files.copy(f, notes.resolve(f.getParent().getFileName() + "-" + f.getFileName()));
        }
        open();
        assertEquals(Map.of(), store.notTaken());
        List<ResourceRef> refs = store.list("notes");
        assertEquals(files.size(), refs.size());
        String edited = "Edited on the phone:\nZo\u00eb's list = \u00e4\u00f6\u00fc \u20ac, \"quoted\"; a\\b";
        for (ResourceRef ref : refs) {
            Path file = notes.resolve(ref.name());
            byte[] before = Files.readAllBytes(file);
            Resource r = store.get("notes", ref.name()).orElseThrow();
            String subjectBefore = NOTES.toEas(r.content(), OPTIONS).childText("Notes", "Subject");
            String categoriesBefore = String.valueOf(NOTES.toEas(r.content(), OPTIONS).child("Notes", "Categories")
                    .map(Element::toString).orElse(""));

            String etag = store.put("notes", ref.name(), phoneEdit(r.content(), edited), WriteCondition.ifMatch(ref.etag()));

            byte[] after = Files.readAllBytes(file);
            List<String> was = new ArrayList<>(lines(before));
            List<String> is = new ArrayList<>(lines(after));
            assertEquals("BEGIN:VNOTE", is.get(0), ref.name());
            assertTrue(is.contains("VERSION:1.1"), ref.name());
            String unbroken = new String(after, StandardCharsets.UTF_8).replaceAll("=\r?\n", "");
            assertTrue(unbroken.contains("\nBODY;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Edited on the phone:=0D=0AZo=C3=AB's list =3D"
                    + " =C3=A4=C3=B6=C3=BC =E2=82=AC, \"quoted\"; a\\\\b"), ref.name() + ": " + is);
            assertTrue(is.stream().allMatch(l -> l.length() <= 76), "quoted-printable lines of at most 76 characters");
            // every line but the body and the modification date is the file's own, in its order
            was.removeIf(l -> l.startsWith("BODY") || l.startsWith("LAST-MODIFIED"));
            is.removeIf(l -> l.startsWith("BODY") || l.startsWith("LAST-MODIFIED") || l.startsWith(" ") || l.startsWith("=")
                    || !l.contains(":") && !l.isEmpty() && !l.equals("END:VNOTE"));
            assertEquals(was, is, ref.name());

            Resource back = store.get("notes", ref.name()).orElseThrow();
            assertEquals(etag, back.etag());
            assertEquals(edited, body(back.content()), ref.name());
            assertEquals(subjectBefore, NOTES.toEas(back.content(), OPTIONS).childText("Notes", "Subject"), ref.name());
            assertEquals(categoriesBefore, String.valueOf(NOTES.toEas(back.content(), OPTIONS).child("Notes", "Categories")
                    .map(Element::toString).orElse("")), ref.name());
            assertEquals(r.content().lines().filter(l -> l.startsWith("UID:")).toList(),
                    back.content().lines().filter(l -> l.startsWith("UID:")).toList(), "the UID stays with the file");
        }
    }

    @Test
    void aQuotedPrintableWindowsVnoteKeepsItsFormAndLetters() throws Exception {
        Path notes = notes();
        // Windows Mobile style: CRLF, Windows-1252, a quoted-printable body with a soft break, an X- property
        String vnt = "BEGIN:VNOTE\r\nVERSION:1.1\r\nX-IRMC-LUID:000042\r\nSUMMARY:Einkauf f\u00fcr M\u00fcller\r\n"
                + "BODY;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Milch=0D=0AK=E4se und =\r\nBrot\r\n"
                + "CATEGORIES:Privat\r\nDCREATED:20040301T101500\r\nLAST-MODIFIED:20040302T101500\r\nEND:VNOTE\r\n";
        Files.write(notes.resolve("shop.vnt"), vnt.getBytes("windows-1252"));
        open();
        Resource r = store.get("notes", "shop.vnt").orElseThrow();
        assertEquals("Milch\r\nK\u00e4se und Brot", body(r.content()).replace("\n", "\r\n").replace("\r\r", "\r"));
        assertEquals("Einkauf f\u00fcr M\u00fcller", NOTES.toEas(r.content(), OPTIONS).childText("Notes", "Subject"));

        // an edit that leaves the body alone keeps its quoted-printable line byte for byte
        Element data = NOTES.toEas(r.content(), OPTIONS);
        data.child("Notes", "Subject").orElseThrow().text("Einkauf f\u00fcr Schmidt");
        String merged = NOTES.fromEas(r.content(), data, OPTIONS).text();
        store.put("notes", "shop.vnt", merged, WriteCondition.ifMatch(r.etag()));
        String file = new String(Files.readAllBytes(notes.resolve("shop.vnt")), "windows-1252");
        assertTrue(file.contains("BODY;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Milch=0D=0AK=E4se und =\r\nBrot\r\n"), file);
        assertTrue(file.contains("X-IRMC-LUID:000042\r\n"), file);
        assertTrue(file.contains("DCREATED:20040301T101500\r\n"), file);
        assertTrue(file.contains("CATEGORIES:Privat\r\n"), file);
        assertTrue(file.contains("SUMMARY;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Einkauf f=C3=BCr Schmidt\r\n"), file);
        assertTrue(file.startsWith("BEGIN:VNOTE\r\nVERSION:1.1\r\n") && file.endsWith("END:VNOTE\r\n"), file);
        assertEquals("Einkauf f\u00fcr Schmidt", NOTES.toEas(store.get("notes", "shop.vnt").orElseThrow().content(), OPTIONS)
                .childText("Notes", "Subject"));
    }

    @Test
    void anEditAVnoteCannotHoldKeepsTheFileAndIsStoredBesideIt() throws Exception {
        Path notes = notes();
        String vnt = "BEGIN:VNOTE\nVERSION:1.1\nBODY:Plan\nEND:VNOTE\n";
        Files.writeString(notes.resolve("plan.vnt"), vnt);
        open();
        Resource r = store.get("notes", "plan.vnt").orElseThrow();
        String withMore = r.content().replace("END:VJOURNAL", "DTSTART:20300101T090000Z\r\nATTACH:https://example.org/a.pdf\r\nEND:VJOURNAL");
        List<WriteResult> results = store.putAll("notes", List.of(new Write("plan.vnt", withMore, WriteCondition.ifMatch(r.etag()))));
        StoreException failure = results.get(0).failure();
        assertInstanceOf(StoreException.Unsupported.class, failure);
        assertTrue(failure.getMessage().contains("DTSTART, ATTACH") && failure.getMessage().contains("plan.ics"), failure.getMessage());
        assertEquals(vnt, Files.readString(notes.resolve("plan.vnt")), "the file is kept as it was");
        assertTrue(Files.readString(notes.resolve("plan.ics")).contains("ATTACH:https://example.org/a.pdf"));
        assertEquals(2, store.list("notes").size());
    }

    @Test
    void filesTheStoreDoesNotTakeAreNamedWithTheReason() throws Exception {
        Path notes = notes();
        Files.writeString(notes.resolve("two.vnt"), "BEGIN:VNOTE\r\nBODY:a\r\nEND:VNOTE\r\nBEGIN:VNOTE\r\nBODY:b\r\nEND:VNOTE\r\n");
        Files.writeString(notes.resolve("readme.txt"), "hello");
        Files.writeString(notes.resolve("zones.ics"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:X\r\n"
                + "END:VTIMEZONE\r\nEND:VCALENDAR\r\n");
        Files.writeString(notes.resolve("ok.vnt"), "BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY:fine\r\nEND:VNOTE\r\n");
        Path contacts = dir.resolve("vdir/contacts");
        Files.createDirectories(contacts);
        Files.writeString(contacts.resolve("a.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nUID:a\r\nEND:VCARD\r\n");
        Files.writeString(contacts.resolve("n.vnt"), "BEGIN:VNOTE\r\nBODY:x\r\nEND:VNOTE\r\n");
        open();
        assertEquals(Map.of("contacts", Map.of("n.vnt", "an iCalendar or vNote file in an address book"),
                "notes", Map.of("readme.txt", "not a .vcf, .ics or .vnt file",
                        "two.vnt", "holds 2 vNotes; a note is one file, so none of them is taken",
                        "zones.ics", "holds no event, task or note, only VTIMEZONE")), store.notTaken());
        assertEquals(List.of("ok.vnt"), store.list("notes").stream().map(ResourceRef::name).toList());
        assertTrue(store.collections().stream().noneMatch(c -> c.dataClass() == DataClass.CALENDAR && c.id().startsWith("notes")));
    }

    @Test
    void aVnoteInACalendarFolderIsOnItsNotesView() throws Exception {
        Path cal = dir.resolve("vdir/khal");
        Files.createDirectories(cal);
        Files.writeString(cal.resolve("e.ics"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e\r\nDTSTART:20300101T100000Z\r\n"
                + "SUMMARY:E\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        Files.writeString(cal.resolve("n.vnt"), "BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY:note\r\nEND:VNOTE\r\n");
        open();
        assertEquals(List.of("n.vnt"), store.list("khal#notes").stream().map(ResourceRef::name).toList());
        assertEquals("note", body(store.get("khal#notes", "n.vnt").orElseThrow().content()));
    }
}
