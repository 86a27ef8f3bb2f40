package org.hearthsync.store.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.StoreException.InvalidSyncToken;
import org.hearthsync.api.store.StoreException.Unavailable;
import org.hearthsync.api.store.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded store promises beyond the contract. */
class MvPimStoreTest {

    @TempDir
    Path dir;

    private final List<MvPimStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(MvPimStore::close);
    }

    private MvPimStore open(String name, StoreOptions options) throws StoreException {
        MvPimStore store = MvPimStore.open(dir.resolve(name + ".mv.db"), options, null);
        opened.add(store);
        return store;
    }

    private static String card(String uid) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + uid + "\r\nEND:VCARD\r\n";
    }

    private static String contacts(MvPimStore store) throws StoreException {
        return store.collections().stream().filter(c -> c.dataClass() == DataClass.CONTACTS).findFirst()
                .orElseThrow().id();
    }

    @Test
    void newStoreHasTheDefaultCollectionsOnce() throws Exception {
        MvPimStore store = open("s", StoreOptions.defaults());
        List<CollectionInfo> collections = store.collections();
        assertEquals(List.of("Contacts", "Calendar", "Tasks", "Notes"),
                collections.stream().map(CollectionInfo::displayName).toList());
        assertEquals(List.of(DataClass.CONTACTS, DataClass.CALENDAR, DataClass.TASKS, DataClass.NOTES),
                collections.stream().map(CollectionInfo::dataClass).toList());
        assertTrue(collections.stream().allMatch(CollectionInfo::isDefault));

        // the user deletes one; a restart must not bring it back
        store.deleteCollection(collections.get(3).id());
        store.close();
        MvPimStore again = open("s", StoreOptions.defaults());
        assertEquals(3, again.collections().size());
    }

    @Test
    void noDefaultCollectionsWhenNoneConfigured() throws Exception {
        MvPimStore store = open("empty", StoreOptions.defaults().withDefaultCollections(List.of()));
        assertTrue(store.collections().isEmpty());
    }

    @Test
    void tokensOfARecreatedStoreAreInvalid() throws Exception {
        MvPimStore store = open("re", StoreOptions.defaults());
        String c = contacts(store);
        String etag = store.put(c, "a.vcf", card("a"), WriteCondition.create());
        String token = store.syncToken(c);
        store.close();
        Files.delete(dir.resolve("re.mv.db"));

        MvPimStore recreated = open("re", StoreOptions.defaults());
        String c2 = contacts(recreated);
        assertEquals(c, c2, "same collection id after re-creation");
        String etag2 = recreated.put(c2, "a.vcf", card("a other"), WriteCondition.create());
        assertNotEquals(etag, etag2, "etags must not repeat in a re-created store");
        assertThrows(InvalidSyncToken.class, () -> recreated.changesSince(c2, token));
        assertThrows(StoreException.PreconditionFailed.class,
                () -> recreated.put(c2, "a.vcf", card("a"), WriteCondition.ifMatch(etag)));
    }

    @Test
    void tokensFromTheFutureAreInvalid() throws Exception {
        MvPimStore store = open("future", StoreOptions.defaults());
        String c = contacts(store);
        String token = store.syncToken(c);
        String future = token.substring(0, token.lastIndexOf('.') + 1) + "5";
        assertThrows(InvalidSyncToken.class, () -> store.changesSince(c, future));
        assertThrows(InvalidSyncToken.class, () -> store.changesSince(c, future.replace(".5", ".-1")));
        assertThrows(InvalidSyncToken.class, () -> store.changesSince(c, future.replace(".5", ".99999999999999999999")));
    }

    @Test
    void tombstonesBeyondTheCountLimitAreForgottenAndOldTokensExpire() throws Exception {
        MvPimStore store = open("count", StoreOptions.defaults().withTombstones(Duration.ofDays(365), 5));
        String c = contacts(store);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            store.put(c, i + ".vcf", card("u" + i), WriteCondition.create());
        }
        for (int i = 0; i < 10; i++) {
            tokens.add(store.syncToken(c));
            store.delete(c, i + ".vcf", WriteCondition.unconditional());
        }
        // deletions 0..4 are forgotten: a token from before deletion 4 cannot be answered
        for (int i = 0; i <= 4; i++) {
            int index = i;
            assertThrows(InvalidSyncToken.class, () -> store.changesSince(c, tokens.get(index)), "token " + i);
        }
        ChangeSet cs = store.changesSince(c, tokens.get(5));
        assertEquals(List.of("5.vcf", "6.vcf", "7.vcf", "8.vcf", "9.vcf"), cs.deleted());
        assertTrue(cs.changed().isEmpty());
    }

    @Test
    void tombstonesOlderThanTheRetentionAreForgotten() throws Exception {
        MutableClock clock = new MutableClock();
        StoreOptions options = StoreOptions.defaults().withTombstones(Duration.ofDays(30), 1000).withClock(clock);
        MvPimStore store = open("age", options);
        String c = contacts(store);
        store.put(c, "old.vcf", card("old"), WriteCondition.create());
        store.put(c, "young.vcf", card("young"), WriteCondition.create());
        String before = store.syncToken(c);
        store.delete(c, "old.vcf", WriteCondition.unconditional());
        String afterOld = store.syncToken(c);
        clock.advance(Duration.ofDays(20));
        store.delete(c, "young.vcf", WriteCondition.unconditional());
        assertEquals(List.of("old.vcf", "young.vcf"), store.changesSince(c, before).deleted());

        clock.advance(Duration.ofDays(15)); // the first deletion is now 35 days old
        store.put(c, "new.vcf", card("new"), WriteCondition.create());
        assertThrows(InvalidSyncToken.class, () -> store.changesSince(c, before));
        ChangeSet cs = store.changesSince(c, afterOld);
        assertEquals(List.of("young.vcf"), cs.deleted());
        assertEquals(Set.of("new.vcf"), cs.changed().stream().map(ResourceRef::name).collect(Collectors.toSet()));

        // the age limit also applies when the store opens
        clock.advance(Duration.ofDays(40));
        store.close();
        MvPimStore reopened = open("age", options);
        assertThrows(InvalidSyncToken.class, () -> reopened.changesSince(c, afterOld));
    }

    @Test
    void changeListingVisitsOnlyTheChanges() throws Exception {
        MvPimStore store = open("cost", StoreOptions.defaults());
        String c = contacts(store);
        int size = 3000;
        for (int i = 0; i < size; i++) {
            store.put(c, i + ".vcf", card("u" + i), WriteCondition.create());
        }
        String token = store.syncToken(c);
        for (int i = 0; i < 7; i++) {
            store.put(c, i + ".vcf", card("changed " + i), WriteCondition.unconditional());
        }
        for (int i = 100; i < 103; i++) {
            store.delete(c, i + ".vcf", WriteCondition.unconditional());
        }
        long before = store.changeEntriesVisited.get();
        ChangeSet cs = store.changesSince(c, token);
        assertEquals(10, store.changeEntriesVisited.get() - before, "entries visited for 10 changes");
        assertEquals(7, cs.changed().size());
        assertEquals(3, cs.deleted().size());
        assertEquals(size - 3, store.list(c).size());
    }

    @Test
    void writingTheSameContentKeepsTheEtagAndTheToken() throws Exception {
        MvPimStore store = open("same", StoreOptions.defaults());
        String c = contacts(store);
        String etag = store.put(c, "a.vcf", card("a"), WriteCondition.create());
        String token = store.syncToken(c);
        assertEquals(etag, store.put(c, "a.vcf", card("a"), WriteCondition.ifMatch(etag)));
        assertEquals(token, store.syncToken(c));
        assertTrue(store.changesSince(c, token).isEmpty());
    }

    @Test
    void limitsAndValidation() throws Exception {
        MvPimStore store = open("limits", StoreOptions.defaults().withMaxResourceChars(1000));
        String c = contacts(store);
        StoreException tooBig = assertThrows(StoreException.class,
                () -> store.put(c, "big.vcf", "x".repeat(1001), WriteCondition.create()));
        // a permanent failure, not a retryable one, and one the EAS engine answers with 6, not 5 (issue 13 item 9)
        assertEquals(StoreException.TooLarge.class, tooBig.getClass());
        assertThrows(IllegalArgumentException.class, () -> store.put(c, "", card("x"), WriteCondition.create()));
        assertThrows(IllegalArgumentException.class, () -> store.put(c, "a\nb", card("x"), WriteCondition.create()));
        assertThrows(IllegalArgumentException.class, () -> store.createCollection("  ", DataClass.NOTES));
        assertFalse(store.get(c, "big.vcf").isPresent());
    }

    @Test
    void closedStoreIsUnavailable() throws Exception {
        MvPimStore store = open("closed", StoreOptions.defaults());
        String c = contacts(store);
        store.close();
        assertThrows(Unavailable.class, () -> store.list(c));
        assertThrows(Unavailable.class, () -> store.put(c, "a.vcf", card("a"), WriteCondition.create()));
        assertThrows(Unavailable.class, store::collections);
    }

    @Test
    void aSecondProcessCannotOpenTheSameFile() throws Exception {
        open("locked", StoreOptions.defaults());
        // MVStore locks the file; a second open (here: same JVM) fails cleanly rather than corrupting it
        assertThrows(StoreException.class, () -> MvPimStore.open(dir.resolve("locked.mv.db"), StoreOptions.defaults(), null));
    }

    @Test
    void fileIsCreatedWhereAsked() throws Exception {
        MvPimStore store = MvPimStore.open(dir.resolve("a/b/deep.mv.db"), StoreOptions.defaults(), null);
        opened.add(store);
        assertTrue(Files.isRegularFile(dir.resolve("a/b/deep.mv.db")));
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
