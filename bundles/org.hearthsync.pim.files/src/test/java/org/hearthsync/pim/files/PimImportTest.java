package org.hearthsync.pim.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.MemoryStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.junit.jupiter.api.Test;

class PimImportTest {
    private final MemoryStore store = new MemoryStore();

    private static String card(String uid, String fn, String extra) {
        return "BEGIN:VCARD\r\nVERSION:4.0\r\n" + (uid == null ? "" : "UID:" + uid + "\r\n") + "FN:" + fn + "\r\n" + extra
                + "END:VCARD\r\n";
    }

    @Test
    void anItemWhoseUidIsThereUnderAnotherNameIsUpdatedNotDuplicated() throws Exception {
        // a phone's addition: stored under a name of the engine's, not after its UID
        store.put("contacts", "7f3a-from-phone.vcf", card("phone-1", "Paula Phone", "TITLE:Old\r\n"), WriteCondition.create());
        PimImport in = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        assertEquals(2, in.importText("backup.vcf", card("phone-1", "Paula Phone", "TITLE:New\r\n") + card("new-1", "Nina New", "")));
        PimImport.Result r = in.result();
        assertEquals(1, r.added());
        assertEquals(1, r.updated());
        assertEquals(2, store.list("contacts").size(), "no duplicate of the phone's contact");
        assertTrue(store.get("contacts", "7f3a-from-phone.vcf").orElseThrow().content().contains("TITLE:New"));
    }

    @Test
    void aLargeFileIsWrittenInBatchesAndAConflictInOneBatchLeavesTheOthersWritten() throws Exception {
        // stored under the name the import will choose for it, but another item (another UID): a conflict
        store.put("contacts", PimFiles.resourceName("n-7", DataClass.CONTACTS), card("other", "Someone Else", ""),
                WriteCondition.create());
        StringBuilder vcf = new StringBuilder();
        int n = PimImport.BATCH * 2 + 50;
        for (int i = 0; i < n; i++) {
            vcf.append(card("n-" + i, "Name " + i, ""));
        }
        PimImport in = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        assertEquals(n, in.importText("big.vcf", vcf.toString()));
        PimImport.Result r = in.result();
        assertEquals(n, r.added());
        assertEquals(0, r.brokenCount(), r.broken().toString());
        assertEquals(n + 1, store.list("contacts").size(), "the other item is kept and n-7 stored beside it");
        assertEquals(List.of(PimImport.BATCH, PimImport.BATCH, 50), store.putAlls, "one putAll per batch");

        PimImport again = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        again.importText("big.vcf", vcf.toString());
        assertEquals(n, again.result().unchanged(), "the second time every item is found, n-7 too");
    }

    @Test
    void anItemTwiceInOneFileIsAddedThenUpdatedAsIfImportedOneByOne() throws Exception {
        PimImport in = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        in.importText("twice.vcf", card("t-1", "Tom", "TITLE:First\r\n") + card("t-2", "Tess", "")
                + card("t-1", "Tom", "TITLE:Second\r\n"));
        PimImport.Result r = in.result();
        assertEquals(2, r.added());
        assertEquals(1, r.updated());
        assertEquals(2, store.list("contacts").size());
        assertTrue(store.get("contacts", PimFiles.resourceName("t-1", DataClass.CONTACTS)).orElseThrow().content()
                .contains("TITLE:Second"));
    }

    @Test
    void anItemNeverReplacesAnotherItemThatHasItsName() throws Exception {
        // a phone's contact with UID "zzz" happens to be stored under the name the import would give UID "abc"
        store.put("contacts", "abc.vcf", card("zzz", "Zora Phone", ""), WriteCondition.create());
        PimImport in = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        in.importText("a.vcf", card("abc", "Abe Import", ""));
        assertEquals(1, in.result().added());
        assertEquals(2, store.list("contacts").size());
        assertTrue(store.get("contacts", "abc.vcf").orElseThrow().content().contains("Zora Phone"), "the phone's contact is untouched");
        // and importing it again finds it under its new name
        PimImport again = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        again.importText("a.vcf", card("abc", "Abe Import", ""));
        assertEquals(1, again.result().unchanged());
        assertEquals(2, store.list("contacts").size());
    }

    @Test
    void withoutReplaceTheStoredVersionIsKept() throws Exception {
        store.put("contacts", "x.vcf", card("k-1", "Kept Kim", "TITLE:Mine\r\n"), WriteCondition.create());
        PimImport in = new PimImport(store, "contacts", DataClass.CONTACTS, false);
        in.importText("old.vcf", card("k-1", "Kept Kim", "TITLE:Theirs\r\n") + card("k-2", "Other", ""));
        PimImport.Result r = in.result();
        assertEquals(1, r.kept());
        assertEquals(1, r.added());
        assertTrue(store.get("contacts", "x.vcf").orElseThrow().content().contains("TITLE:Mine"));
    }

    @Test
    void importingTheSameFileTwiceChangesNothingEvenWithoutUids() throws Exception {
        String vcf = card("u-1", "Uma", "") + card(null, "No Uid Norbert", "");
        PimImport first = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        first.importText("a.vcf", vcf);
        assertEquals(2, first.result().added());
        int writes = store.writes.size();
        PimImport again = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        again.importText("a.vcf", vcf.replace("\r\n", "\n"));
        assertEquals(2, again.result().unchanged(), again.result().toString());
        assertEquals(writes, store.writes.size(), "nothing written, so phones are not sent anything");
        assertEquals(2, store.list("contacts").size());
    }

    @Test
    void brokenItemsAreNamedAndTheOthersImported() throws Exception {
        store.refuse = "X-REFUSE";
        PimImport in = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        String vcf = card("ok-1", "Olga Okay", "") + card("bad-1", "Rita Refused", "X-REFUSE:1\r\n")
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:cut-1\r\nFN:Carl Cut\r\n";
        in.importText("mixed.vcf", vcf);
        PimImport.Result r = in.result();
        assertEquals(1, r.added());
        assertEquals(2, r.brokenCount());
        assertEquals(2, r.broken().size());
        assertTrue(r.broken().get(0).startsWith("mixed.vcf: Rita Refused (the store refused it"), r.broken().toString());
        assertTrue(r.broken().get(1).startsWith("mixed.vcf: Carl Cut (the file ends inside it"), r.broken().toString());

        PimImport cal = new PimImport(store, "calendar", DataClass.CALENDAR, true);
        cal.importText("cal.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e1\r\nSUMMARY:No start\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nUID:e2\r\nSUMMARY:Fine\r\nDTSTART:20300101T100000Z\r\nEND:VEVENT\r\n"
                + "BEGIN:VTODO\r\nUID:t1\r\nSUMMARY:A task\r\nEND:VTODO\r\n"
                + "BEGIN:VEVENT\r\nUID:e3\r\nSUMMARY:Left open\r\nDTSTART:20300101T100000Z\r\nEND:VCALENDAR\r\n");
        PimImport.Result c = cal.result();
        assertEquals(2, c.added(), "an event without a start is kept: valid with METHOD, and phones cope");
        assertEquals(1, c.otherKind());
        assertEquals(List.of("cal.ics: Left open (END:VEVENT is missing)"), c.broken());
    }

    @Test
    void aFileWithNothingForTheCollectionSaysSo() throws Exception {
        PimImport in = new PimImport(store, "calendar", DataClass.CALENDAR, true);
        assertEquals(0, in.importText("people.vcf", card("p", "P", "")));
        assertEquals(0, in.importText("junk.ics", "\u0000\u0001not a calendar at all"));
        assertEquals(0, in.result().imported());
        assertTrue(store.list("calendar").isEmpty());
    }

    @Test
    void anUnreachableStoreStopsTheImport() throws Exception {
        store.available = false;
        PimImport in = new PimImport(store, "contacts", DataClass.CONTACTS, true);
        assertThrows(StoreException.Unavailable.class, () -> in.importText("a.vcf", card("a", "A", "")));
    }

    @Test
    void exportReadsTheStoreInBatchesAndWritesEachTimeZoneOnceBeforeItsFirstUse() throws Exception {
        for (int i = 0; i < 250; i++) {
            store.put("contacts", String.format("c%03d.vcf", i), card("c" + i, "Person " + i, ""), WriteCondition.create());
        }
        StringWriter w = new StringWriter();
        assertEquals(250, PimFiles.export(store, "contacts", DataClass.CONTACTS, w));
        assertEquals(250, w.toString().split("BEGIN:VCARD", -1).length - 1);
        assertTrue(store.largestBatch <= 100, "asked for " + store.largestBatch + " at once");
        assertEquals(3, store.getAlls.get());

        String tz = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\n"
                + "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
        for (String uid : List.of("a", "b")) {
            store.put("calendar", uid + ".ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + tz + "BEGIN:VEVENT\r\nUID:" + uid
                    + "\r\nDTSTART;TZID=Europe/Berlin:20300101T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", WriteCondition.create());
        }
        String ics = PimFiles.exportText(store, "calendar", DataClass.CALENDAR);
        assertEquals(1, ics.split("BEGIN:VTIMEZONE", -1).length - 1, ics);
        assertTrue(ics.indexOf("BEGIN:VTIMEZONE") < ics.indexOf("BEGIN:VEVENT"), ics);
        assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\n") && ics.endsWith("END:VCALENDAR\r\n"), ics);

        // and it reads back as the same two events
        MemoryStore other = new MemoryStore();
        PimImport in = new PimImport(other, "calendar", DataClass.CALENDAR, true);
        in.importText("Calendar.ics", ics);
        assertEquals(2, in.result().added());
        assertTrue(other.get("calendar", "a.ics").orElseThrow().content().contains("TZID:Europe/Berlin"));
    }

    /** Every .vcf/.ics file of the shared fixtures imports; only the two cut off on purpose have broken items. */
    @Test
    void theSharedFixturesImportAndOnlyTheCutOffOnesAreBroken() throws Exception {
        String fixtures = System.getProperty("hearth.fixtures");
        org.junit.jupiter.api.Assumptions.assumeTrue(fixtures != null && java.nio.file.Files.isDirectory(java.nio.file.Path.of(fixtures)),
                "shared fixtures not present");
        List<java.nio.file.Path> files;
        try (java.util.stream.Stream<java.nio.file.Path> w = java.nio.file.Files.walk(java.nio.file.Path.of(fixtures))) {
            files = w.filter(java.nio.file.Files::isRegularFile).filter(p -> PimFiles.isPimFile(p.toString())).sorted().toList();
        }
        assertTrue(files.size() > 100, "fixtures: " + files.size());
        Set<String> brokenFiles = new java.util.TreeSet<>();
        int imported = 0;
        for (java.nio.file.Path f : files) {
            String text = new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
            for (DataClass dc : PimFiles.kindsIn(text)) {
                MemoryStore fresh = new MemoryStore();
                String collection = fresh.collections().stream().filter(c -> c.dataClass() == dc).findFirst().orElseThrow().id();
                PimImport in = new PimImport(fresh, collection, dc, true);
                in.importText(f.getFileName().toString(), text);
                imported += in.result().imported();
                if (in.result().brokenCount() > 0) {
                    brokenFiles.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(Set.of("13-MoonPhase.ics", "broken-vevent.ics"), brokenFiles);
        assertTrue(imported > 1000, "imported " + imported);
    }

    @Test
    void exportFileNamesAreSafeAndUnique() {
        Set<String> taken = new HashSet<>();
        assertEquals("Work.ics", PimFiles.uniqueFileName(cal("1", "Work"), taken));
        assertEquals("work (2).ics", PimFiles.uniqueFileName(cal("2", "work"), taken));
        assertEquals("_.._etc_passwd.ics", PimFiles.fileName(cal("3", "../../etc/passwd")));
        assertFalse(PimFiles.fileName(cal("4", ".hidden")).startsWith("."));
        assertEquals("_CON.ics", PimFiles.fileName(cal("5", "CON")));
        assertEquals("Zoë_s Kalender.ics", PimFiles.fileName(cal("6", "Zoë\u2019s Kalender")));
        assertTrue(PimFiles.fileName(cal("8", "x".repeat(300))).length() <= 84);
        assertEquals("Calendar.ics", PimFiles.fileName(cal("/", "")));
        assertEquals("7.ics", PimFiles.fileName(cal("7", "???")));
    }

    private static CollectionInfo cal(String id, String name) {
        return new CollectionInfo(id, name, DataClass.CALENDAR, null, false);
    }
}
