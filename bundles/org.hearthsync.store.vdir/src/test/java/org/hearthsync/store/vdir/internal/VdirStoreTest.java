package org.hearthsync.store.vdir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException.InvalidSyncToken;
import org.hearthsync.api.store.StoreException.NotFound;
import org.hearthsync.api.store.StoreException.PreconditionFailed;
import org.hearthsync.api.store.StoreException.Unavailable;
import org.hearthsync.api.store.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the vdir store does beyond the contract: other programs' edits, restarts, mixed calendar folders. */
class VdirStoreTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private VdirStore store;
    private final RecordingListener listener = new RecordingListener();

    private Path root() {
        return dir.resolve("vdir");
    }

    private VdirStore open() throws Exception {
        store = VdirStore.open(root(), dir.resolve("vdir.state"), VdirStore.Options.defaults(), listener);
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static String vcard(String uid, String fn) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + fn + "\r\nN:" + fn + ";;;;\r\nEND:VCARD\r\n";
    }

    static String ics(String component, String uid, String summary) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:" + component + "\r\nUID:" + uid
                + "\r\nDTSTAMP:20250101T120000Z\r\nDTSTART:20250102T090000Z\r\nSUMMARY:" + summary + "\r\nEND:"
                + component + "\r\nEND:VCALENDAR\r\n";
    }

    private static Map<String, String> etags(List<ResourceRef> refs) {
        return refs.stream().collect(Collectors.toMap(ResourceRef::name, ResourceRef::etag));
    }

    /** Issue 13 item 9: a write over the limit is TooLarge (the EAS engine answers 6, which phones do not retry). */
    @Test
    void aWriteOverTheLimitIsTooLarge() throws Exception {
        VdirStore.Options d = VdirStore.Options.defaults();
        store = VdirStore.open(root(), dir.resolve("vdir.state"), new VdirStore.Options(d.rescanInterval(), 200,
                true, d.maxTombstones(), d.tombstoneRetention(), d.storeName()), listener);
        String contacts = store.collections().stream().filter(c -> c.dataClass() == DataClass.CONTACTS).findFirst()
                .orElseThrow().id();
        org.junit.jupiter.api.Assertions.assertThrows(org.hearthsync.api.store.StoreException.TooLarge.class,
                () -> store.put(contacts, "big.vcf", vcard("big", "x".repeat(500)), WriteCondition.create()));
    }

    @Test
    void emptyRootGetsTheStandardFolders() throws Exception {
        open();
        List<CollectionInfo> collections = store.collections();
        assertEquals(Set.of("contacts", "calendar", "tasks", "notes"),
                collections.stream().map(CollectionInfo::id).collect(Collectors.toSet()));
        for (CollectionInfo c : collections) {
            assertTrue(c.isDefault(), c.id());
            assertEquals(c.dataClass().easName(), c.displayName());
        }
        assertEquals("tasks", Files.readString(root().resolve("tasks").resolve(VdirStore.CLASS_FILE)));
    }

    @Test
    void aColourSetOverDavIsTheFoldersColorFile() throws Exception {
        open();
        store.recolorCollection("calendar", "#3a87ad");
        assertEquals("#3a87ad", Files.readString(root().resolve("calendar").resolve(VdirStore.COLOR_FILE)).trim());
        assertEquals("#3a87ad", store.collections().stream().filter(c -> c.id().equals("calendar")).findFirst().orElseThrow().color());
        store.recolorCollection("calendar", null);
        assertFalse(Files.exists(root().resolve("calendar").resolve(VdirStore.COLOR_FILE)));
    }

    @Test
    void filesInOtherProgramsEncodingsAreReadAsTheirText() throws Exception {
        // issue 17 class 4: Windows programs write a byte-order mark, older ones Latin-1; read as UTF-8 the letters
        // became U+FFFD and were lost on the next write
        open();
        Path folder = root().resolve("contacts");
        byte[] bom = { (byte) 0xef, (byte) 0xbb, (byte) 0xbf };
        byte[] utf8 = vcard("bom-1", "Ren\u00e9e").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(utf8, 0, withBom, bom.length, utf8.length);
        Files.write(folder.resolve("bom-1.vcf"), withBom);
        Files.write(folder.resolve("latin-1.vcf"), vcard("latin-1", "J\u00fcrgen M\u00fcller").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("\uFEFF" + vcard("bom-1", "Ren\u00e9e"), store.get("contacts", "bom-1.vcf").orElseThrow().content());
        assertEquals(vcard("latin-1", "J\u00fcrgen M\u00fcller"), store.get("contacts", "latin-1.vcf").orElseThrow().content());
    }

    @Test
    void otherProgramsEditsAreNoticedAndAnnounced() throws Exception {
        open();
        String token = store.syncToken("contacts");
        Path file = root().resolve("contacts").resolve("ext-1.vcf");

        Files.writeString(file, vcard("ext-1", "Written Outside"));
        Duration took = listener.await("changed:contacts", EVENT_TIMEOUT);
        assertNotNull(took, "no event for a file another program wrote");
        ChangeSet cs = store.changesSince("contacts", token);
        Resource r = store.get("contacts", "ext-1.vcf").orElseThrow();
        assertEquals(Map.of("ext-1.vcf", r.etag()), etags(cs.changed()));
        assertEquals(vcard("ext-1", "Written Outside"), r.content());

        Files.writeString(file, vcard("ext-1", "Edited Outside"));
        assertNotNull(listener.await("changed:contacts", EVENT_TIMEOUT), "no event for an edit");
        ChangeSet cs2 = store.changesSince("contacts", cs.token());
        assertEquals(1, cs2.changed().size());
        assertFalse(cs2.changed().get(0).etag().equals(r.etag()), "the etag must change with the content");

        Files.delete(file);
        assertNotNull(listener.await("changed:contacts", EVENT_TIMEOUT), "no event for a deletion");
        assertEquals(List.of("ext-1.vcf"), store.changesSince("contacts", cs2.token()).deleted());
    }

    /**
     * An in-place edit of the same length in the same mtime step as Hearth's own write (a few ms on Linux, 1 s on
     * ext3 or HFS+, 2 s on FAT) leaves size, mtime and inode as they were. Setting the mtime back makes that case
     * certain: before the fix the index trusted the attributes, get() gave up with "keeps changing" and the edit was
     * never listed (the load-dependent failure of this test, when the edit fell in the kernel's same clock tick).
     */
    @Test
    void sameSizeEditWithinTheSameSecondIsSeenByGet() throws Exception {
        open();
        String etag = store.put("contacts", "a.vcf", vcard("a", "Version A"), WriteCondition.create());
        String token = store.syncToken("contacts");
        Path file = root().resolve("contacts").resolve("a.vcf");
        FileTime written = Files.getLastModifiedTime(file);
        Files.writeString(file, vcard("a", "Version B"));
        Files.setLastModifiedTime(file, written);
        Resource r = store.get("contacts", "a.vcf").orElseThrow();
        assertEquals(vcard("a", "Version B"), r.content());
        assertFalse(etag.equals(r.etag()));
        assertEquals(r.etag(), etags(store.list("contacts")).get("a.vcf"));
        assertEquals(Map.of("a.vcf", r.etag()), etags(store.changesSince("contacts", token).changed()));
    }

    /**
     * The same for a file another program wrote and Hearth read: a second same-size edit in the same mtime step is
     * listed, and a phone's write made on the etag it had before is refused rather than overwriting the edit.
     */
    @Test
    void sameSizeEditInTheSameStepAsHearthsReadIsNeverMissed() throws Exception {
        open();
        Path file = root().resolve("contacts").resolve("ext.vcf");
        Files.writeString(file, vcard("ext", "Version A"));
        // a stamp not older than Hearth's look, however slow the machine is between these lines (as a share whose
        // clock runs ahead gives too)
        FileTime stamp = FileTime.fromMillis(System.currentTimeMillis() + 60_000);
        Files.setLastModifiedTime(file, stamp);
        String seen = store.get("contacts", "ext.vcf").orElseThrow().etag();
        String token = store.syncToken("contacts");
        Files.writeString(file, vcard("ext", "Version B"));
        Files.setLastModifiedTime(file, stamp);
        ChangeSet cs = store.changesSince("contacts", token);
        assertTrue(cs.isEmpty() || !seen.equals(etags(cs.changed()).get("ext.vcf")), "stale etag listed: " + cs);
        assertThrows(PreconditionFailed.class, () -> store.put("contacts", "ext.vcf", vcard("ext", "Phone's edit"),
                WriteCondition.ifMatch(seen)));
        assertEquals(vcard("ext", "Version B"), Files.readString(file));
        String now = etags(store.changesSince("contacts", token).changed()).get("ext.vcf");
        assertNotNull(now, "the edit is listed once the store looked at the file again");
        assertFalse(seen.equals(now));
        assertEquals(now, store.get("contacts", "ext.vcf").orElseThrow().etag());
    }

    @Test
    void ownWritesAreAnnouncedOnceAndLeaveNoTemporaryFiles() throws Exception {
        open();
        store.put("contacts", "own.vcf", vcard("own", "Own Write"), WriteCondition.create());
        assertEquals("changed:contacts", listener.events.poll());
        Thread.sleep(500); // the watcher sees the rename too, but finds nothing new
        assertTrue(listener.events.isEmpty(), "extra events: " + listener.events);
        try (Stream<Path> files = Files.list(root().resolve("contacts"))) {
            assertEquals(List.of("displayname", "hearth-dataclass", "own.vcf"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void changesWhileClosedAreFoundAtOpen() throws Exception {
        open();
        String etagA = store.put("contacts", "a.vcf", vcard("a", "Before"), WriteCondition.create());
        store.put("contacts", "gone.vcf", vcard("gone", "Gone Soon"), WriteCondition.create());
        store.put("contacts", "same.vcf", vcard("same", "Untouched"), WriteCondition.create());
        String token = store.syncToken("contacts");
        store.close();

        Path folder = root().resolve("contacts");
        Files.writeString(folder.resolve("a.vcf"), vcard("a", "Edited while Hearth was stopped"));
        Files.writeString(folder.resolve("b.vcf"), vcard("b", "Added while stopped"));
        Files.delete(folder.resolve("gone.vcf"));
        Files.setLastModifiedTime(folder.resolve("same.vcf"), java.nio.file.attribute.FileTime.fromMillis(0));

        open();
        ChangeSet cs = store.changesSince("contacts", token);
        assertEquals(Set.of("a.vcf", "b.vcf"), etags(cs.changed()).keySet(), "touching without a change is no change");
        assertEquals(List.of("gone.vcf"), cs.deleted());
        assertFalse(etagA.equals(etags(cs.changed()).get("a.vcf")));
    }

    @Test
    void damagedStateFileInvalidatesOldTokens() throws Exception {
        open();
        store.put("contacts", "a.vcf", vcard("a", "Kept"), WriteCondition.create());
        String token = store.syncToken("contacts");
        store.close();
        Files.write(dir.resolve("vdir.state"), "garbage".getBytes(StandardCharsets.UTF_8));
        open();
        assertThrows(InvalidSyncToken.class, () -> store.changesSince("contacts", token));
        assertEquals(Set.of("a.vcf"), etags(store.changesSince("contacts", null).changed()).keySet());
    }

    @Test
    void mixedCalendarFolderServesEventsAndTasks() throws Exception {
        Path khal = root().resolve("personal");
        Files.createDirectories(khal);
        Files.writeString(khal.resolve("e1.ics"), ics("VEVENT", "e1", "Event one"));
        Files.writeString(khal.resolve("e2.ics"), ics("VEVENT", "e2", "Event two"));
        Files.writeString(khal.resolve("t1.ics"), ics("VTODO", "t1", "Task one"));
        Files.writeString(khal.resolve("displayname"), "Personal\n");
        Files.writeString(khal.resolve("color"), "#ff0000");
        open();

        Map<String, CollectionInfo> byId = store.collections().stream()
                .collect(Collectors.toMap(CollectionInfo::id, c -> c));
        assertEquals(new CollectionInfo("personal", "Personal", DataClass.CALENDAR, "#ff0000", true), byId.get("personal"));
        assertEquals(new CollectionInfo("personal#tasks", "Personal", DataClass.TASKS, "#ff0000", true),
                byId.get("personal#tasks"));
        assertEquals(Set.of("e1.ics", "e2.ics"), etags(store.list("personal")).keySet());
        assertEquals(Set.of("t1.ics"), etags(store.list("personal#tasks")).keySet());
        assertTrue(store.get("personal", "t1.ics").isEmpty(), "a task is not in the events view");

        String eventToken = store.syncToken("personal");
        String taskToken = store.syncToken("personal#tasks");
        store.put("personal#tasks", "t2.ics", ics("VTODO", "t2", "Task two"), WriteCondition.create());
        assertTrue(store.changesSince("personal", eventToken).isEmpty());
        assertEquals(Set.of("t2.ics"), etags(store.changesSince("personal#tasks", taskToken).changed()).keySet());
        assertThrows(InvalidSyncToken.class, () -> store.changesSince("personal", taskToken));

        // another program turns an event into a task: deleted from one view, added to the other
        listener.events.clear();
        Files.writeString(khal.resolve("e2.ics"), ics("VTODO", "e2", "Now a task"));
        assertNotNull(listener.await("changed:personal#tasks", EVENT_TIMEOUT));
        assertEquals(List.of("e2.ics"), store.changesSince("personal", eventToken).deleted());
        assertEquals(Set.of("t2.ics", "e2.ics"),
                etags(store.changesSince("personal#tasks", taskToken).changed()).keySet());

        assertThrows(NotFound.class, () -> store.list("personal#notes"));
        // Hearth's own calendar folders (with a class file) have no tasks view of their own
        assertThrows(NotFound.class, () -> store.list("calendar#tasks"));
        assertThrows(NotFound.class, () -> store.list("contacts#tasks"));
    }

    @Test
    void calendarOfAnotherProgramAlwaysOffersATaskList() throws Exception {
        Path khal = root().resolve("home");
        Files.createDirectories(khal);
        Files.writeString(khal.resolve("e1.ics"), ics("VEVENT", "e1", "Event one"));
        open();
        assertTrue(store.list("home#tasks").isEmpty());
        store.put("home#tasks", "t1.ics", ics("VTODO", "t1", "First task from a phone"), WriteCondition.create());
        assertEquals(Set.of("t1.ics"), etags(store.list("home#tasks")).keySet());
        assertEquals(Set.of("e1.ics"), etags(store.list("home")).keySet());
    }

    @Test
    void folderTypedByMajorityStaysTyped() throws Exception {
        Path todo = root().resolve("todo");
        Files.createDirectories(todo);
        Files.writeString(todo.resolve("t1.ics"), ics("VTODO", "t1", "One"));
        Files.writeString(todo.resolve("t2.ics"), ics("VTODO", "t2", "Two"));
        open();
        assertEquals(DataClass.TASKS, info("todo").dataClass());
        assertThrows(NotFound.class, () -> store.list("todo#calendar"), "a task list has no events view while it has no events");
        Files.writeString(todo.resolve("e0.ics"), ics("VEVENT", "e0", "E"));
        assertNotNull(listener.await("hierarchy", EVENT_TIMEOUT));
        for (int i = 1; i < 3; i++) {
            store.put("todo#calendar", "e" + i + ".ics", ics("VEVENT", "e" + i, "E"), WriteCondition.create());
        }
        store.close();
        open();
        assertEquals(DataClass.TASKS, info("todo").dataClass(), "the class does not flip with the majority");
        assertEquals(3, store.list("todo#calendar").size());
    }

    private CollectionInfo info(String id) throws Exception {
        return store.collections().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void newFoldersAndMetadataEditsAreAnnounced() throws Exception {
        open();
        Path work = root().resolve("work");
        Files.createDirectories(work);
        assertNotNull(listener.await("hierarchy", EVENT_TIMEOUT), "a new folder is a new collection");
        assertTrue(store.collections().stream().anyMatch(c -> c.id().equals("work")));
        Files.writeString(work.resolve("displayname"), "Work");
        assertNotNull(listener.await("hierarchy", EVENT_TIMEOUT), "a new display name");
        assertEquals("Work", info("work").displayName());
    }

    @Test
    void itemNamesAreFileNamesWithTheCollectionsExtension() throws Exception {
        open();
        for (String bad : List.of("a/b.vcf", "../x.vcf", ".hidden.vcf", "x.ics", "x")) {
            assertThrows(IllegalArgumentException.class,
                    () -> store.put("contacts", bad, vcard("x", "X"), WriteCondition.create()), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> store.put("calendar", "x.vcf", ics("VEVENT", "x", "X"), WriteCondition.create()));
    }

    @Test
    void closedStoreIsUnavailable() throws Exception {
        open();
        store.close();
        assertThrows(Unavailable.class, () -> store.list("contacts"));
    }
}
