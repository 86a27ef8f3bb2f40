package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.sync.ActivityJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync state file of the saved-state upgrade fixture, written by main before the typed records
 * (launcher/src/test/resources/upgrade-state, made by the launcher's SavedStateFixture), opens with this
 * build: every device's folder state, the journal, the conflict, the recycle bin, the held batch and the
 * pending resend come through, and afterwards no value of any map is in a positional layout. The same
 * file as main left it at format 2 (item entries and the cached request still positional) opens too.
 * The launcher's SavedStateUpgradeIT drives the same folder with phones.
 */
class SyncStateMigrationTest {
    static final Path FIXTURE = Path.of("../../launcher/src/test/resources/upgrade-state");
    /** The fixture's file after main at format 2 opened it (see its README). */
    static final Path FORMAT2 = Path.of("src/test/resources/sync-state-format2/syncstate.mv.db");
    /** The maps whose values are records, each checked to be typed after the upgrade. */
    static final List<String> RECORD_MAPS = List.of("head", "items", "journal", "activity", "bin", "held", "device");
    static final String USER = "keeper";
    /** Shortly after the fixture was written: the recycle bin keeps its entries 30 days. */
    static final Clock AFTER = Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private Path copy() throws Exception {
        return copy(FIXTURE.resolve("data/activesync/syncstate.mv.db"));
    }

    private Path copy(Path from) throws Exception {
        Path f = tmp.resolve("syncstate.mv.db");
        Files.copy(from, f);
        return f;
    }

    private static Properties phones() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(FIXTURE.resolve("phones.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static String format(Path file) {
        MVStore mv = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return map(mv, "meta").get("format");
        } finally {
            mv.close();
        }
    }

    private static MVMap<String, String> map(MVStore mv, String name) {
        return mv.openMap(name, new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    }

    @Test
    void theFixtureWrittenByFormatOneSurvivesTheUpgrade() throws Exception {
        Path file = copy();
        assertEquals("1", format(file), "the fixture is a format-1 file");
        opensWithEveryRecord(file);
    }

    @Test
    void theFixtureAsMainLeftItAtFormatTwoSurvivesTheUpgrade() throws Exception {
        Path file = copy(FORMAT2);
        assertEquals("2", format(file), "main's migration left it at format 2");
        MVStore before = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            assertTrue(map(before, "items").values().stream().noneMatch(SavedRecord::typed), "item entries still positional");
            assertTrue(map(before, "device").get(USER + "\u0000" + SavedStatePhones.A + "\u0000syncreq").startsWith("sr1\n"));
            assertTrue(SavedRecord.typed(map(before, "head").values().iterator().next()), "headers already typed");
        } finally {
            before.close();
        }
        opensWithEveryRecord(file);
    }

    private void opensWithEveryRecord(Path file) throws Exception {
        Properties phones = phones();
        String folder = phones.getProperty("folder.Contacts");
        SyncStateStore states = SyncStateStore.open(file);
        try {
            FolderState a = states.load(USER, SavedStatePhones.A, folder);
            assertTrue(a.primed());
            assertEquals(phones.getProperty("lost.key"), a.curKey(), "the key of the lost response is current");
            assertEquals(phones.getProperty("a.key"), a.prevKey(), "and the phone's own key is the previous one");
            assertTrue(a.hasPending(), "the lost response's changes can still be rolled back");
            FolderState b = states.load(USER, SavedStatePhones.B, folder);
            assertEquals(phones.getProperty("b.key"), b.curKey());
            assertEquals(phones.stringPropertyNames().stream().filter(k -> k.startsWith("b.item.")).count(), b.itemCount());
            for (String name : phones.stringPropertyNames()) {
                if (name.startsWith("b.item.")) {
                    String sid = name.substring("b.item.".length());
                    assertTrue(b.resourceName(sid) != null, "phone B's " + sid + " is known with its resource");
                }
            }
            for (String phone : List.of(SavedStatePhones.A, SavedStatePhones.B)) {
                CachedRequest req = CachedRequest.decode(states.deviceValue(USER, phone, CachedRequest.DEVICE_KIND).orElseThrow());
                assertEquals(List.of(new CachedRequest.Collection(folder, 100, true)), req.collections(), phone);
                assertNull(req.windowSize());
            }

            ResendRecord resend = ResendRecord.decode(states.deviceValue(USER, SavedStatePhones.A, ResendRecord.DEVICE_KIND)
                    .orElseThrow());
            assertEquals(List.of(new ResendRecord.Folder(folder, phones.getProperty("a.key"), phones.getProperty("lost.key"))),
                    resend.folders());
            assertTrue(resend.response().length > 0);

            SafetyNet net = SafetyNet.of(states, new StoreDirectory(), AFTER, SafetySettings.DEFAULTS, null);
            assertFalse(net.recent(100, SavedStatePhones.A, null).isEmpty(), "the journal of syncs");
            List<ActivityJournal.Conflict> conflicts = net.conflicts(10, SavedStatePhones.A, null);
            assertEquals(1, conflicts.size());
            assertTrue(conflicts.get(0).loserSummary().contains("Conflicted"), conflicts.get(0).toString());
            assertTrue(conflicts.get(0).restorable());
            List<ActivityJournal.Deleted> bin = net.recycleBin(10);
            assertEquals(List.of("fn: binned-1", "fn: binned-0"), bin.stream().map(ActivityJournal.Deleted::summary).toList());
            List<ActivityJournal.HeldDeletion> held = net.held();
            assertEquals(1, held.size());
            assertEquals(30, held.get(0).count());
            assertEquals(41, held.get(0).folderSize());
            assertEquals(30, net.heldNames(USER, SavedStatePhones.A, folder).size());
        } finally {
            states.close();
        }
        assertEquals("3", format(file));
        MVStore mv = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            for (String map : RECORD_MAPS) {
                MVMap<String, String> m = map(mv, map);
                assertFalse(m.isEmpty(), map);
                m.forEach((k, v) -> assertTrue(SavedRecord.typed(v), map + " " + k.replace('\u0000', '/')));
            }
        } finally {
            mv.close();
        }
        // opened again: nothing to migrate, the same state
        SyncStateStore again = SyncStateStore.open(file);
        try {
            assertEquals(phones.getProperty("lost.key"), again.load(USER, SavedStatePhones.A, folder).curKey());
            assertEquals(phones.stringPropertyNames().stream().filter(k -> k.startsWith("b.item.")).count(),
                    again.load(USER, SavedStatePhones.B, folder).itemCount());
        } finally {
            again.close();
        }
    }

    @Test
    void anUnreadableRecordIsLeftAsItWasAndTheRestMigrates() throws Exception {
        Path file = copy();
        MVStore mv = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<String, String> activity = map(mv, "activity");
        String last = activity.lastKey();
        activity.put(last, "not\u0001a record");
        map(mv, "bin").put("9999999999999999999", "truncated\u0001");
        mv.commit();
        mv.close();
        SyncStateStore states = SyncStateStore.open(file);
        try {
            assertEquals("not\u0001a record", states.activity.get(last), "kept, not dropped");
            SafetyNet net = SafetyNet.of(states, new StoreDirectory(), AFTER, SafetySettings.DEFAULTS, null);
            assertFalse(net.recent(100, null, null).stream().anyMatch(x -> x.id().equals(last)), "but not listed");
            assertFalse(net.recent(100, null, null).isEmpty());
            assertEquals(2, net.recycleBin(10).size());
        } finally {
            states.close();
        }
    }

    /** The fixture's phones (SavedStateFixture in the launcher). */
    static final class SavedStatePhones {
        static final String A = "FixturePhoneA";
        static final String B = "FixturePhoneB";
    }
}
