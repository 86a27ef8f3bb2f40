package org.hearthsync.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.hearthsync.api.store.StoreException.InvalidSyncToken;
import org.hearthsync.api.store.StoreException.NotFound;
import org.hearthsync.api.store.StoreException.PreconditionFailed;
import org.hearthsync.api.store.StoreException.Unsupported;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link PimStore} adapter must pass. An adapter's test module depends on this
 * class (the {@code org.hearthsync.api} test-jar) and extends it:
 *
 * <pre>
 * class MyStoreContractTest extends PimStoreContract {
 *     protected PimStore newStore() { return new MyStore(tempDir); }
 *     protected boolean supportsReopen() { return true; }
 *     protected PimStore reopen(PimStore old) { close(old); return new MyStore(tempDir); }
 * }
 * </pre>
 *
 * <p>The tests assume nothing about what the store already holds: each test works in a fresh
 * collection ({@link #freshCollection}) where the store can create one, and otherwise uses unique
 * resource names and UIDs in an existing collection of the class. All content is valid vCard 3.0 or
 * iCalendar 2.0, so servers that validate accept it; where a server rewrites content, override
 * {@link #assertSameContent}.
 *
 * <p>Behaviour the contract pins down beyond the interface's Javadoc:
 * <ul>
 * <li>An operation on a collection that does not exist throws {@link NotFound}; {@code get} of a
 * missing resource in an existing collection returns empty.</li>
 * <li>{@code put} with {@code ifMatch} on a missing resource throws {@link PreconditionFailed} (as HTTP 412).</li>
 * <li>{@code delete} with {@code create()} throws {@link IllegalArgumentException}.</li>
 * <li>A resource deleted and created again gets an etag it never had before.</li>
 * <li>{@code changesSince} lists each name at most once: in {@code changed} with its current etag if it
 * exists now, in {@code deleted} if it does not. {@code deleted} may name resources the caller never
 * saw (created and deleted since the token).</li>
 * </ul>
 */
public abstract class PimStoreContract {

    /** A new, open store. Called once before each test. */
    protected abstract PimStore newStore() throws Exception;

    /** Whether {@link #reopen} is supported (closing and opening the same store again). */
    protected boolean supportsReopen() {
        return false;
    }

    /** Closes {@code store} and opens the same store again, as after a restart. */
    protected PimStore reopen(PimStore store) throws Exception {
        throw new UnsupportedOperationException("reopen");
    }

    /** Releases the store; the default closes it if it is {@link AutoCloseable}. */
    protected void close(PimStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Compares stored content; override where the backend normalises what it stores. */
    protected void assertSameContent(String expected, String actual) {
        assertEquals(expected, actual, "stored content differs");
    }

    /** Threads used by the concurrent-writer tests. */
    protected int concurrentWriters() {
        return 8;
    }

    /**
     * The collection ids the store announced as changed since the store was opened (its listener, as the
     * component turns them into {@link StoreEvents#TOPIC_CHANGED}), or {@code null} where the test does not
     * observe them; then the event checks are skipped.
     */
    protected List<String> announcedChanges() {
        return null;
    }

    protected PimStore store;
    private final List<String> createdCollections = new ArrayList<>();

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            for (String id : createdCollections) {
                try {
                    store.deleteCollection(id);
                } catch (StoreException ignored) {
                    // already gone, or not supported
                }
            }
            close(store);
        }
    }

    /**
     * A collection of {@code dataClass} the test may fill: a new one where the store can create
     * collections, otherwise the store's existing (default) collection of that class.
     */
    protected String freshCollection(DataClass dataClass) throws StoreException {
        try {
            CollectionInfo info = store.createCollection("Contract " + shortId(), dataClass);
            createdCollections.add(info.id());
            return info.id();
        } catch (Unsupported e) {
            return store.collections().stream()
                    .filter(c -> c.dataClass() == dataClass)
                    .sorted((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()))
                    .map(CollectionInfo::id)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("store has no " + dataClass + " collection and cannot create one"));
        }
    }

    // ---------------------------------------------------------------- content helpers

    protected static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A unique resource name for contacts. */
    protected static String vcfName() {
        return UUID.randomUUID() + ".vcf";
    }

    /** A valid vCard 3.0 with the given UID and formatted name, CRLF line endings. */
    protected static String vcard(String uid, String fn) {
        return vcard(uid, fn, "");
    }

    protected static String vcard(String uid, String fn, String extraLines) {
        String family = fn.contains(" ") ? fn.substring(fn.lastIndexOf(' ') + 1) : fn;
        String given = fn.contains(" ") ? fn.substring(0, fn.lastIndexOf(' ')) : "";
        return "BEGIN:VCARD\r\n"
                + "VERSION:3.0\r\n"
                + "UID:" + uid + "\r\n"
                + "FN:" + fn + "\r\n"
                + "N:" + family + ";" + given + ";;;\r\n"
                + extraLines
                + "END:VCARD\r\n";
    }

    /** A valid iCalendar object holding one VEVENT. */
    protected static String vevent(String uid, String summary) {
        return "BEGIN:VCALENDAR\r\n"
                + "VERSION:2.0\r\n"
                + "PRODID:-//Hearth//Contract Test//EN\r\n"
                + "BEGIN:VEVENT\r\n"
                + "UID:" + uid + "\r\n"
                + "DTSTAMP:20250101T120000Z\r\n"
                + "DTSTART:20250102T090000Z\r\n"
                + "DTEND:20250102T100000Z\r\n"
                + "SUMMARY:" + summary + "\r\n"
                + "END:VEVENT\r\n"
                + "END:VCALENDAR\r\n";
    }

    /** A contact with its UID derived from the resource name. */
    private static String contact(String name, String fn) {
        return vcard(name.replace(".vcf", ""), fn);
    }

    private static Set<String> names(List<ResourceRef> refs) {
        return refs.stream().map(ResourceRef::name).collect(Collectors.toSet());
    }

    private static Map<String, String> etags(List<ResourceRef> refs) {
        return refs.stream().collect(Collectors.toMap(ResourceRef::name, ResourceRef::etag));
    }

    // ---------------------------------------------------------------- collections

    @Test
    void collectionsHaveUniqueIdsAndNames() throws Exception {
        List<CollectionInfo> collections = store.collections();
        Set<String> ids = new HashSet<>();
        for (CollectionInfo c : collections) {
            assertTrue(ids.add(c.id()), "duplicate collection id " + c.id());
            assertFalse(c.displayName().isBlank(), "blank display name");
        }
        for (DataClass dc : DataClass.values()) {
            assertTrue(collections.stream().filter(c -> c.dataClass() == dc && c.isDefault()).count() <= 1,
                    "more than one default collection of " + dc);
        }
    }

    @Test
    void createCollectionListsIt() throws Exception {
        CollectionInfo created;
        try {
            created = store.createCollection("Work ✓ " + shortId(), DataClass.CALENDAR);
        } catch (Unsupported e) {
            abort("store cannot create collections");
            return;
        }
        createdCollections.add(created.id());
        assertEquals(DataClass.CALENDAR, created.dataClass());
        assertFalse(created.isDefault(), "a created collection is not the default");
        CollectionInfo listed = store.collections().stream().filter(c -> c.id().equals(created.id()))
                .findFirst().orElseThrow(() -> new AssertionError("created collection not listed"));
        assertEquals(created.displayName(), listed.displayName());
        assertEquals(DataClass.CALENDAR, listed.dataClass());
        assertTrue(store.list(created.id()).isEmpty(), "a new collection is empty");
        assertTrue(store.changesSince(created.id(), null).isEmpty(), "a new collection has no changes");
    }

    @Test
    void renameCollection() throws Exception {
        String id = freshCollection(DataClass.CONTACTS);
        String newName = "Renamed Ünïcode " + shortId();
        try {
            store.renameCollection(id, newName);
        } catch (Unsupported e) {
            abort("store cannot rename collections");
            return;
        }
        CollectionInfo listed = store.collections().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        assertEquals(newName, listed.displayName());
        assertThrows(NotFound.class, () -> store.renameCollection("no-such-collection-" + shortId(), "x"));
    }

    @Test
    void deleteCollectionRemovesItAndItsContent() throws Exception {
        CollectionInfo created;
        try {
            created = store.createCollection("Doomed " + shortId(), DataClass.CONTACTS);
        } catch (Unsupported e) {
            abort("store cannot create collections");
            return;
        }
        String id = created.id();
        String name = vcfName();
        store.put(id, name, contact(name, "Doomed Person"), WriteCondition.create());
        try {
            store.deleteCollection(id);
        } catch (Unsupported e) {
            createdCollections.add(id);
            abort("store cannot delete collections");
            return;
        }
        assertTrue(store.collections().stream().noneMatch(c -> c.id().equals(id)), "deleted collection still listed");
        assertThrows(NotFound.class, () -> store.list(id));
        assertThrows(NotFound.class, () -> store.get(id, name));
        assertThrows(NotFound.class, () -> store.deleteCollection(id));

        CollectionInfo again = store.createCollection(created.displayName(), DataClass.CONTACTS);
        createdCollections.add(again.id());
        assertNotEquals(id, again.id(), "collection ids must never be reused");
        assertTrue(store.list(again.id()).isEmpty(), "a re-created collection starts empty");
    }

    @Test
    void missingCollectionIsNotFound() {
        String missing = "no-such-collection-" + shortId();
        String name = vcfName();
        assertThrows(NotFound.class, () -> store.list(missing));
        assertThrows(NotFound.class, () -> store.get(missing, name));
        assertThrows(NotFound.class, () -> store.getAll(missing, List.of(name)));
        assertThrows(NotFound.class, () -> store.put(missing, name, contact(name, "A B"), WriteCondition.create()));
        assertThrows(NotFound.class, () -> store.delete(missing, name, WriteCondition.unconditional()));
        assertThrows(NotFound.class, () -> store.syncToken(missing));
        assertThrows(NotFound.class, () -> store.changesSince(missing, null));
    }

    // ---------------------------------------------------------------- resources

    @Test
    void addGetList() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String content = contact(name, "Ada Lovelace");
        String etag = store.put(c, name, content, WriteCondition.create());
        assertFalse(etag.isEmpty(), "empty etag");

        Resource r = store.get(c, name).orElseThrow(() -> new AssertionError("written resource not found"));
        assertEquals(name, r.name());
        assertEquals(etag, r.etag());
        assertSameContent(content, r.content());
        assertEquals(etag, etags(store.list(c)).get(name), "list shows the etag put returned");
    }

    @Test
    void getMissingIsEmpty() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        assertEquals(Optional.empty(), store.get(c, vcfName()));
    }

    @Test
    void getAllReturnsExistingOnly() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String a = vcfName();
        String b = vcfName();
        String missing = vcfName();
        String etagA = store.put(c, a, contact(a, "Alice A"), WriteCondition.create());
        String etagB = store.put(c, b, contact(b, "Bob B"), WriteCondition.create());
        Map<String, Resource> all = store.getAll(c, List.of(a, b, missing));
        assertEquals(Set.of(a, b), all.keySet());
        assertEquals(etagA, all.get(a).etag());
        assertEquals(etagB, all.get(b).etag());
        assertSameContent(contact(b, "Bob B"), all.get(b).content());
        assertTrue(store.getAll(c, List.of()).isEmpty());
    }

    @Test
    void changeWithIfMatch() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String v1 = store.put(c, name, contact(name, "Grace Hopper"), WriteCondition.create());
        String changed = contact(name, "Grace Brewster Hopper");
        String v2 = store.put(c, name, changed, WriteCondition.ifMatch(v1));
        assertNotEquals(v1, v2, "etag must change with the content");
        Resource r = store.get(c, name).orElseThrow();
        assertEquals(v2, r.etag());
        assertSameContent(changed, r.content());
    }

    @Test
    void unconditionalPutCreatesAndOverwrites() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String v1 = store.put(c, name, contact(name, "Alan Turing"), WriteCondition.unconditional());
        String v2 = store.put(c, name, contact(name, "Alan M Turing"), WriteCondition.unconditional());
        assertNotEquals(v1, v2);
        assertSameContent(contact(name, "Alan M Turing"), store.get(c, name).orElseThrow().content());
    }

    @Test
    void deleteWithIfMatchAndUnconditional() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String a = vcfName();
        String b = vcfName();
        String etagA = store.put(c, a, contact(a, "Del A"), WriteCondition.create());
        store.put(c, b, contact(b, "Del B"), WriteCondition.create());
        store.delete(c, a, WriteCondition.ifMatch(etagA));
        store.delete(c, b, WriteCondition.unconditional());
        assertTrue(store.get(c, a).isEmpty());
        assertTrue(store.get(c, b).isEmpty());
        assertFalse(names(store.list(c)).contains(a));
        assertThrows(NotFound.class, () -> store.delete(c, a, WriteCondition.unconditional()));
        assertThrows(NotFound.class, () -> store.delete(c, vcfName(), WriteCondition.unconditional()));
    }

    @Test
    void deleteWithCreateConditionIsRejected() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        store.put(c, name, contact(name, "Keep Me"), WriteCondition.create());
        assertThrows(IllegalArgumentException.class, () -> store.delete(c, name, WriteCondition.create()));
        assertTrue(store.get(c, name).isPresent());
    }

    // ---------------------------------------------------------------- conditional write conflicts

    @Test
    void createOnExistingFails() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String original = contact(name, "First Writer");
        String etag = store.put(c, name, original, WriteCondition.create());
        assertThrows(PreconditionFailed.class,
                () -> store.put(c, name, contact(name, "Second Writer"), WriteCondition.create()));
        Resource r = store.get(c, name).orElseThrow();
        assertEquals(etag, r.etag(), "a failed write changed the etag");
        assertSameContent(original, r.content());
    }

    @Test
    void ifMatchWithStaleEtagFails() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String v1 = store.put(c, name, contact(name, "Version One"), WriteCondition.create());
        String v2 = store.put(c, name, contact(name, "Version Two"), WriteCondition.ifMatch(v1));
        assertThrows(PreconditionFailed.class,
                () -> store.put(c, name, contact(name, "Lost Update"), WriteCondition.ifMatch(v1)));
        assertThrows(PreconditionFailed.class,
                () -> store.put(c, name, contact(name, "Made Up"), WriteCondition.ifMatch("\"no-such-etag\"")));
        Resource r = store.get(c, name).orElseThrow();
        assertEquals(v2, r.etag());
        assertSameContent(contact(name, "Version Two"), r.content());
    }

    @Test
    void ifMatchOnMissingResourceFails() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        assertThrows(PreconditionFailed.class,
                () -> store.put(c, name, contact(name, "Ghost"), WriteCondition.ifMatch("\"1\"")));
        assertTrue(store.get(c, name).isEmpty(), "a failed conditional write created the resource");
    }

    @Test
    void deleteWithStaleEtagFails() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String v1 = store.put(c, name, contact(name, "Still Here"), WriteCondition.create());
        String v2 = store.put(c, name, contact(name, "Still Here Two"), WriteCondition.ifMatch(v1));
        assertThrows(PreconditionFailed.class, () -> store.delete(c, name, WriteCondition.ifMatch(v1)));
        assertEquals(v2, store.get(c, name).orElseThrow().etag(), "a failed delete changed the resource");
    }

    // ---------------------------------------------------------------- etags

    @Test
    void etagsAreUniquePerContentVersion() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        Set<String> seen = new HashSet<>();
        String etag = store.put(c, name, contact(name, "Version 0"), WriteCondition.create());
        assertTrue(seen.add(etag));
        for (int i = 1; i <= 5; i++) {
            etag = store.put(c, name, contact(name, "Version " + i), WriteCondition.ifMatch(etag));
            assertTrue(seen.add(etag), "etag reused for a different content: " + etag);
        }
        store.delete(c, name, WriteCondition.ifMatch(etag));
        String recreated = store.put(c, name, contact(name, "Version Reborn"), WriteCondition.create());
        assertTrue(seen.add(recreated), "a re-created resource must not get an etag it had before");
    }

    // ---------------------------------------------------------------- content fidelity

    @Test
    void nonAsciiAndEmojiContent() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String content = vcard(name.replace(".vcf", ""), "Zoë Ångström-Łukasz 😀",
                "NOTE:日本語のメモ — ünïcödé \\, 🎉🚀 ©\r\n"
                        + "ORG:Café Müller;Straße\r\n");
        String etag = store.put(c, name, content, WriteCondition.create());
        Resource r = store.get(c, name).orElseThrow();
        assertEquals(etag, r.etag());
        assertSameContent(content, r.content());
        assertSameContent(content, store.getAll(c, List.of(name)).get(name).content());
    }

    @Test
    void calendarContent() throws Exception {
        String c = freshCollection(DataClass.CALENDAR);
        String name = UUID.randomUUID() + ".ics";
        String content = vevent(name.replace(".ics", ""), "Réunion 📅 Besprechung");
        store.put(c, name, content, WriteCondition.create());
        assertSameContent(content, store.get(c, name).orElseThrow().content());
    }

    @Test
    void largeContentWithOneMegabytePhoto() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        byte[] photo = new byte[1024 * 1024];
        new Random(42).nextBytes(photo);
        String b64 = Base64.getEncoder().encodeToString(photo);
        StringBuilder folded = new StringBuilder("PHOTO;ENCODING=b;TYPE=JPEG:");
        int first = 75 - folded.length();
        folded.append(b64, 0, first).append("\r\n");
        for (int i = first; i < b64.length(); i += 74) {
            folded.append(' ').append(b64, i, Math.min(b64.length(), i + 74)).append("\r\n");
        }
        String content = vcard(name.replace(".vcf", ""), "Big Photo", folded.toString());
        assertTrue(content.length() > 1_300_000);
        String etag = store.put(c, name, content, WriteCondition.create());
        Resource r = store.get(c, name).orElseThrow();
        assertEquals(etag, r.etag());
        assertSameContent(content, r.content());
    }

    // ---------------------------------------------------------------- change listing

    @Test
    void changesSinceNullListsEverything() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String a = vcfName();
        String b = vcfName();
        store.put(c, a, contact(a, "All A"), WriteCondition.create());
        store.put(c, b, contact(b, "All B"), WriteCondition.create());
        ChangeSet all = store.changesSince(c, null);
        assertEquals(etags(store.list(c)), etags(all.changed()));
        assertTrue(all.deleted().isEmpty());
        assertTrue(store.changesSince(c, all.token()).isEmpty(), "nothing changed after the full listing");
    }

    @Test
    void changesSinceListsAddsChangesAndDeletes() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String kept = vcfName();
        String changed = vcfName();
        String deleted = vcfName();
        store.put(c, kept, contact(kept, "Kept Same"), WriteCondition.create());
        String changedEtag = store.put(c, changed, contact(changed, "Will Change"), WriteCondition.create());
        String deletedEtag = store.put(c, deleted, contact(deleted, "Will Go"), WriteCondition.create());

        String token = store.syncToken(c);
        assertTrue(store.changesSince(c, token).isEmpty(), "no changes right after syncToken");

        String added = vcfName();
        String addedEtag = store.put(c, added, contact(added, "Newly Added"), WriteCondition.create());
        String newEtag = store.put(c, changed, contact(changed, "Has Changed"), WriteCondition.ifMatch(changedEtag));
        store.delete(c, deleted, WriteCondition.ifMatch(deletedEtag));

        ChangeSet cs = store.changesSince(c, token);
        assertEquals(Map.of(added, addedEtag, changed, newEtag), etags(cs.changed()));
        assertEquals(List.of(deleted), cs.deleted());
        assertNotEquals(token, cs.token(), "the token must move when the collection changed");
        assertTrue(store.changesSince(c, cs.token()).isEmpty());
        assertTrue(store.changesSince(c, store.syncToken(c)).isEmpty());
    }

    @Test
    void changesSinceWithSeveralTokens() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String a = vcfName();
        String b = vcfName();
        String t1 = store.syncToken(c);
        String etagA = store.put(c, a, contact(a, "Token A"), WriteCondition.create());
        String t2 = store.syncToken(c);
        String etagB = store.put(c, b, contact(b, "Token B"), WriteCondition.create());
        String t3 = store.syncToken(c);
        String etagA2 = store.put(c, a, contact(a, "Token A Two"), WriteCondition.ifMatch(etagA));
        String t4 = store.syncToken(c);

        assertEquals(Map.of(a, etagA2, b, etagB), etags(store.changesSince(c, t1).changed()));
        assertEquals(Map.of(a, etagA2, b, etagB), etags(store.changesSince(c, t2).changed()));
        assertEquals(Map.of(a, etagA2), etags(store.changesSince(c, t3).changed()));
        assertTrue(store.changesSince(c, t4).isEmpty());
        // tokens stay usable after being used once
        assertEquals(Map.of(a, etagA2), etags(store.changesSince(c, t3).changed()));
    }

    @Test
    void changedThenDeletedIsListedAsDeletedOnly() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String e1 = store.put(c, name, contact(name, "Short Lived"), WriteCondition.create());
        String token = store.syncToken(c);
        String e2 = store.put(c, name, contact(name, "Short Lived Two"), WriteCondition.ifMatch(e1));
        store.delete(c, name, WriteCondition.ifMatch(e2));
        ChangeSet cs = store.changesSince(c, token);
        assertTrue(cs.changed().isEmpty(), "a deleted resource is not listed as changed");
        assertEquals(List.of(name), cs.deleted());
    }

    @Test
    void deletedThenRecreatedIsListedAsChangedOnly() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String e1 = store.put(c, name, contact(name, "Phoenix One"), WriteCondition.create());
        String token = store.syncToken(c);
        store.delete(c, name, WriteCondition.ifMatch(e1));
        String e2 = store.put(c, name, contact(name, "Phoenix Two"), WriteCondition.create());
        ChangeSet cs = store.changesSince(c, token);
        assertEquals(Map.of(name, e2), etags(cs.changed()));
        assertFalse(cs.deleted().contains(name), "a re-created resource is not listed as deleted");
    }

    @Test
    void changesAreScopedToTheCollection() throws Exception {
        String c1 = freshCollection(DataClass.CONTACTS);
        String c2 = freshCollection(DataClass.CALENDAR);
        assumeTrue(!c1.equals(c2));
        String t2 = store.syncToken(c2);
        String name = vcfName();
        store.put(c1, name, contact(name, "Other Collection"), WriteCondition.create());
        assertFalse(names(store.changesSince(c2, t2).changed()).contains(name));
    }

    @Test
    void garbageTokensAreInvalid() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        for (String garbage : List.of("", "garbage", "0", "-1", "12345678901234567890123", "http://example.com/sync/1",
                "\u0000\u00ff😀", "x".repeat(5000))) {
            assertThrows(InvalidSyncToken.class, () -> store.changesSince(c, garbage), () -> "accepted token " + garbage);
        }
    }

    @Test
    void tokenFromAnotherCollectionIsInvalid() throws Exception {
        String c1 = freshCollection(DataClass.CONTACTS);
        String c2 = freshCollection(DataClass.TASKS);
        assumeTrue(!c1.equals(c2));
        String name = vcfName();
        store.put(c1, name, contact(name, "Token Owner"), WriteCondition.create());
        String foreign = store.syncToken(c1);
        assertThrows(InvalidSyncToken.class, () -> store.changesSince(c2, foreign));
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentIfMatchWritersExactlyOneWins() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String base = store.put(c, name, contact(name, "Contended Base"), WriteCondition.create());
        List<String> winners = race(concurrentWriters(), i -> {
            String etag = store.put(c, name, contact(name, "Writer " + i), WriteCondition.ifMatch(base));
            return "Writer " + i + "|" + etag;
        });
        assertEquals(1, winners.size(), "exactly one conditional writer must win: " + winners);
        String[] win = winners.get(0).split("\\|", 2);
        Resource r = store.get(c, name).orElseThrow();
        assertEquals(win[1], r.etag());
        assertSameContent(contact(name, win[0]), r.content());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentCreatorsExactlyOneWins() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        List<String> winners = race(concurrentWriters(), i -> {
            store.put(c, name, contact(name, "Creator " + i), WriteCondition.create());
            return "Creator " + i;
        });
        assertEquals(1, winners.size(), "exactly one creator must win: " + winners);
        assertSameContent(contact(name, winners.get(0)), store.get(c, name).orElseThrow().content());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentDeletersExactlyOneWins() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String etag = store.put(c, name, contact(name, "Delete Race"), WriteCondition.create());
        List<String> winners = race(concurrentWriters(), i -> {
            try {
                store.delete(c, name, WriteCondition.ifMatch(etag));
            } catch (NotFound e) {
                throw new PreconditionFailed("already gone");
            }
            return "Deleter " + i;
        });
        assertEquals(1, winners.size(), "exactly one deleter must win: " + winners);
        assertTrue(store.get(c, name).isEmpty());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentWritersToDifferentResourcesAllSucceed() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String token = store.syncToken(c);
        int writers = concurrentWriters();
        int each = 10;
        List<String> done = race(writers, i -> {
            for (int j = 0; j < each; j++) {
                String name = "w" + i + "-" + j + "-" + shortId() + ".vcf";
                store.put(c, name, contact(name, "Parallel " + i + " " + j), WriteCondition.create());
            }
            return "ok";
        });
        assertEquals(writers, done.size());
        assertEquals(writers * each, store.changesSince(c, token).changed().size());
    }

    private interface Attempt {
        String run(int writer) throws Exception;
    }

    /** Runs the attempts at once; returns the results of those that did not fail a precondition. */
    private static List<String> race(int writers, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch ready = new CountDownLatch(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int writer = i;
                Callable<String> task = () -> {
                    ready.countDown();
                    go.await();
                    try {
                        return attempt.run(writer);
                    } catch (PreconditionFailed e) {
                        return null;
                    }
                };
                futures.add(pool.submit(task));
            }
            ready.await();
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> f : futures) {
                String result = f.get();
                if (result != null) {
                    winners.add(result);
                }
            }
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- durability

    @Test
    void everythingSurvivesReopen() throws Exception {
        assumeTrue(supportsReopen(), "store cannot be reopened");
        String c = freshCollection(DataClass.CONTACTS);
        String a = vcfName();
        String b = vcfName();
        String etagA = store.put(c, a, contact(a, "Durable Ä"), WriteCondition.create());
        String etagB = store.put(c, b, contact(b, "Durable B"), WriteCondition.create());
        String token = store.syncToken(c);
        store.delete(c, b, WriteCondition.ifMatch(etagB));
        List<CollectionInfo> collections = store.collections();

        store = reopen(store);

        assertEquals(new HashSet<>(collections), new HashSet<>(store.collections()));
        Resource r = store.get(c, a).orElseThrow(() -> new AssertionError("lost after reopen"));
        assertEquals(etagA, r.etag());
        assertSameContent(contact(a, "Durable Ä"), r.content());
        assertTrue(store.get(c, b).isEmpty(), "delete lost after reopen");

        ChangeSet cs = store.changesSince(c, token);
        assertEquals(List.of(b), cs.deleted(), "a token from before the reopen still works");
        String x = vcfName();
        String etagX = store.put(c, x, contact(x, "After Reopen"), WriteCondition.create());
        assertNotEquals(etagA, etagX);
        assertEquals(Map.of(x, etagX), etags(store.changesSince(c, cs.token()).changed()));
        assertThrows(PreconditionFailed.class,
                () -> store.put(c, a, contact(a, "Stale"), WriteCondition.ifMatch(etagB)));
    }

    @Test
    void putAllWritesEachItemUnderItsOwnConditionAndAnnouncesTheChange() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String kept = vcfName();
        String keptEtag = store.put(c, kept, vcard("k-" + shortId(), "Kept"), WriteCondition.create());
        String changed = vcfName();
        String changedUid = "c-" + shortId();
        String changedEtag = store.put(c, changed, vcard(changedUid, "Before"), WriteCondition.create());
        String fresh1 = vcfName();
        String fresh2 = vcfName();
        String newContent = vcard(changedUid, "After"); // the same UID: servers refuse a resource changing its UID
        List<String> announced = announcedChanges();
        int before = announced == null ? 0 : waitFor(announced, 0).size();

        List<WriteResult> results = store.putAll(c, List.of(
                new Write(fresh1, vcard("n1-" + shortId(), "New One"), WriteCondition.create()),
                new Write(kept, vcard("k2-" + shortId(), "Overwrite"), WriteCondition.create()), // exists: conflicts
                new Write(changed, newContent, WriteCondition.ifMatch(changedEtag)),
                new Write(fresh2, vcard("n2-" + shortId(), "New Two"), WriteCondition.ifMatch("no-such-etag"))));

        assertEquals(4, results.size());
        assertEquals(List.of(fresh1, kept, changed, fresh2), results.stream().map(WriteResult::name).toList());
        assertTrue(results.get(0).ok(), "a new item is written though another item of the batch conflicts");
        assertTrue(results.get(1).failure() instanceof PreconditionFailed, String.valueOf(results.get(1)));
        assertTrue(results.get(2).ok(), String.valueOf(results.get(2)));
        assertTrue(results.get(3).failure() instanceof PreconditionFailed, String.valueOf(results.get(3)));
        assertEquals(results.get(0).etag(), store.get(c, fresh1).orElseThrow().etag());
        assertEquals(keptEtag, store.get(c, kept).orElseThrow().etag(), "the conflicting item is left as it was");
        Resource after = store.get(c, changed).orElseThrow();
        assertEquals(results.get(2).etag(), after.etag());
        assertSameContent(newContent, after.content());
        assertFalse(store.get(c, fresh2).isPresent(), "an item whose condition fails is not written");
        Set<String> listed = store.list(c).stream().map(ResourceRef::name).collect(Collectors.toSet());
        assertEquals(Set.of(kept, changed, fresh1), listed);
        if (announced != null) {
            assertTrue(waitFor(announced, before).subList(before, announced.size()).contains(c),
                    "the batch's changes are announced for the collection: " + announced);
        }
        if (supportsReopen()) {
            store = reopen(store);
            assertEquals(results.get(0).etag(), store.get(c, fresh1).orElseThrow().etag(), "the batch is durable");
            assertEquals(results.get(2).etag(), store.get(c, changed).orElseThrow().etag());
        }
    }

    @Test
    void putAllOfItemsThatAllConflictWritesAndAnnouncesNothing() throws Exception {
        String c = freshCollection(DataClass.CONTACTS);
        String name = vcfName();
        String etag = store.put(c, name, vcard("x-" + shortId(), "There"), WriteCondition.create());
        String token = store.syncToken(c);
        List<WriteResult> results = store.putAll(c, List.of(
                new Write(name, vcard("y-" + shortId(), "Again"), WriteCondition.create()),
                new Write(vcfName(), vcard("z-" + shortId(), "Missing"), WriteCondition.ifMatch(etag))));
        assertFalse(results.get(0).ok());
        assertFalse(results.get(1).ok());
        assertEquals(etag, store.get(c, name).orElseThrow().etag());
        assertTrue(store.changesSince(c, token).changed().isEmpty(), "nothing changed");
        assertThrows(NotFound.class, () -> store.putAll("no-such-collection-" + shortId(),
                List.of(new Write(vcfName(), vcard("w-" + shortId(), "W"), WriteCondition.create()))));
    }

    /** Waits briefly for {@code list} to grow beyond {@code size} (announcements may come from another thread). */
    private static List<String> waitFor(List<String> list, int size) throws InterruptedException {
        for (int i = 0; i < 50 && list.size() <= size; i++) {
            Thread.sleep(20);
        }
        return list;
    }
}
