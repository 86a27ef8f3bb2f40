package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.hearthsync.activesync.internal.sync.ClientAdds.ClientAdd;
import org.hearthsync.activesync.internal.sync.UndoLog.Undo;
import org.hearthsync.activesync.internal.sync.DeleteGuard.HeldItem;
import org.hearthsync.activesync.internal.sync.SavedRecord.BadRecord;
import org.junit.jupiter.api.Test;

/**
 * Every kind of saved record round-trips through its codec with awkward text (separators of the old
 * layouts, newlines, empty fields), and hostile values (truncated at every length, another kind,
 * another version, a huge claimed length or count, trailing bytes) fail with {@link BadRecord} only.
 */
class SavedRecordTest {
    static final String AWKWARD = "a\u0001b\nc d%e=f\u0000g\u0002";

    static FolderHeader header() {
        Map<String, ClientAdd> cids = new LinkedHashMap<>();
        cids.put("client " + AWKWARD, new ClientAdd("1:7", 4));
        return new FolderHeader(0xfedcba9876543210L, 5, 4, AWKWARD, 8, 9, 3, 2, 5000, 0,
                new LinkedHashSet<>(List.of("FileAs", "Email1Address")), 20_000, 3,
                List.of(new Undo("1:5", "x.vcf", null), new Undo("1:6", AWKWARD, new ItemEntry("y.vcf", "\"etag\""))), cids);
    }

    static final List<String> SAMPLES = List.of(header().encode(),
            new FolderHeader(1, 0, -1, null, 1, 1, 0, 1, -1, 1, null, -1, 0, List.of(), Map.of()).encode(),
            new ActivityRecord(AWKWARD, "D", "1", "", 42, new int[] { 1, 2, 3, 4, 5, 6, 7, 8 }).encode(),
            new ConflictRecord("u", "D", "1", "n.vcf", "server", AWKWARD, 7, "default", "c", "").encode(),
            new BinRecord("u", "D", "default", "c", "n.vcf", 9, "BEGIN:VCARD\r\nFN:" + AWKWARD + "\r\nEND:VCARD").encode(),
            new HeldRecord(false, "u", "D", "1", "Contacts", "default", "c", 11, 40,
                    List.of(new HeldItem("1:1", "a.vcf", "e1"), new HeldItem("1:2", AWKWARD, ""))).encode(),
            new ResendRecord("abcd", List.of(new ResendRecord.Folder("1", "{5}1", "{5}2"),
                    new ResendRecord.Folder(AWKWARD, "0", "")), new byte[] { 3, 1, 106, 0, -1 }).encode(),
            new ItemEntry(AWKWARD, "\"etag\u0001\"").encode(),
            new CachedRequest(512, List.of(new CachedRequest.Collection("1:2", 100, true),
                    new CachedRequest.Collection(AWKWARD, null, null))).encode(),
            new CachedRequest(null, List.of()).encode());

    static final List<Function<String, ?>> DECODERS = List.of(FolderHeader::decode, FolderHeader::decode,
            ActivityRecord::decode, ConflictRecord::decode, BinRecord::decode, HeldRecord::decode, ResendRecord::decode,
            ItemEntry::decode, CachedRequest::decode, CachedRequest::decode);

    @Test
    void everyKindRoundTrips() {
        FolderHeader h = FolderHeader.decode(header().encode());
        assertEquals(header().epoch(), h.epoch());
        assertEquals(AWKWARD, h.token());
        assertEquals(header().supported(), h.supported());
        assertEquals(header().pending(), h.pending());
        assertEquals(header().clientIds(), h.clientIds());
        assertNull(FolderHeader.decode(SAMPLES.get(1)).supported());
        assertNull(FolderHeader.decode(SAMPLES.get(1)).token());
        ActivityRecord a = ActivityRecord.decode(SAMPLES.get(2));
        assertEquals(AWKWARD, a.user());
        assertArrayEquals(new int[] { 1, 2, 3, 4, 5, 6, 7, 8 }, a.counts());
        assertEquals(AWKWARD, ConflictRecord.decode(SAMPLES.get(3)).loserText());
        assertEquals("BEGIN:VCARD\r\nFN:" + AWKWARD + "\r\nEND:VCARD", BinRecord.decode(SAMPLES.get(4)).content());
        HeldRecord held = HeldRecord.decode(SAMPLES.get(5));
        assertEquals(AWKWARD, held.items().get(1).name());
        assertEquals(held.reject(), HeldRecord.decode(held.reject().encode()));
        ResendRecord r = ResendRecord.decode(SAMPLES.get(6));
        assertEquals(AWKWARD, r.folders().get(1).collectionId());
        assertArrayEquals(new byte[] { 3, 1, 106, 0, -1 }, r.response());
        assertEquals(new ItemEntry(AWKWARD, "\"etag\u0001\""), ItemEntry.decode(SAMPLES.get(7)));
        CachedRequest q = CachedRequest.decode(SAMPLES.get(8));
        assertEquals(512, q.windowSize());
        assertEquals(List.of(new CachedRequest.Collection("1:2", 100, true), new CachedRequest.Collection(AWKWARD, null, null)),
                q.collections());
        assertEquals(new CachedRequest(null, List.of()), CachedRequest.decode(SAMPLES.get(9)));
    }

    @Test
    void truncatedAtEveryLengthIsABadRecord() {
        for (int i = 0; i < SAMPLES.size(); i++) {
            String v = SAMPLES.get(i);
            Function<String, ?> d = DECODERS.get(i);
            for (int len = 0; len < v.length(); len++) {
                String cut = v.substring(0, len);
                assertThrows(BadRecord.class, () -> d.apply(cut), "sample " + i + " cut at " + len);
            }
            assertThrows(BadRecord.class, () -> d.apply(v + "0"), "trailing data, sample " + i);
        }
    }

    @Test
    void anotherKindOrVersionIsABadRecord() {
        for (int i = 0; i < SAMPLES.size(); i++) {
            String v = SAMPLES.get(i);
            String newer = v.charAt(0) + "" + v.charAt(1) + "2" + v.substring(3);
            for (Function<String, ?> d : DECODERS) {
                assertThrows(BadRecord.class, () -> d.apply(newer), "version 2 of sample " + i);
            }
            for (int j = 2; j < SAMPLES.size(); j++) {
                if (SAMPLES.get(j).charAt(1) != v.charAt(1)) {
                    Function<String, ?> d = DECODERS.get(j);
                    assertThrows(BadRecord.class, () -> d.apply(v), "sample " + i + " read as kind of " + j);
                }
            }
        }
    }

    @Test
    void hugeClaimedLengthsAndCountsAreBadRecordsWithoutAllocating() {
        String head = "" + SavedRecord.MARK + HeldRecord.KIND + HeldRecord.VERSION + ';';
        // a length far beyond the value, a length with too many digits, a negative and a non-digit one
        for (String field : List.of("2147483647:x", "99999999999999999999:x", "-1:x", "1x:a", ":", "4:held")) {
            assertThrows(BadRecord.class, () -> HeldRecord.decode(head + field));
        }
        // a valid head and a count of two billion items: refused before any list grows
        String v = new SavedRecord.Writer(HeldRecord.KIND, HeldRecord.VERSION).str("held").str("u").str("D").str("1").str("C")
                .str("default").str("c").num(1).num(40).num(2_000_000_000).toString();
        assertThrows(BadRecord.class, () -> HeldRecord.decode(v));
        String r = new SavedRecord.Writer(ResendRecord.KIND, ResendRecord.VERSION).str("h").num(Integer.MAX_VALUE).toString();
        assertThrows(BadRecord.class, () -> ResendRecord.decode(r));
        String f = new SavedRecord.Writer(FolderHeader.KIND, FolderHeader.VERSION).num(1).num(1).num(0).opt(null).num(1).num(1)
                .num(0).num(1).num(-1).num(1).num(-1).num(0).num(Integer.MAX_VALUE).toString();
        assertThrows(BadRecord.class, () -> FolderHeader.decode(f));
        assertThrows(BadRecord.class, () -> ResendRecord.decode(new SavedRecord.Writer(ResendRecord.KIND, 1).str("h").num(0)
                .str("not base64 !").toString()));
    }

    @Test
    void garbageAndNullAreBadRecords() {
        for (Function<String, ?> d : DECODERS) {
            for (String v : new String[] { null, "", "\u0002", "ss1", "random text", "\u0002Z1;" }) {
                assertThrows(BadRecord.class, () -> d.apply(v), String.valueOf(v));
            }
        }
    }

    @Test
    void legacyValuesAsFormatOneWroteThem() {
        char f = '\u0001';
        ActivityRecord a = ActivityRecord.legacy(String.join("" + f, "alice", "D1", "1:2", "Contacts", "1700000000000",
                "1", "2", "3", "4", "5", "6", "7", "8"));
        assertEquals("Contacts", a.folderName());
        assertEquals(8, a.counts()[7]);
        assertEquals(0L, ConflictRecord.legacy(String.join("" + f, "u", "D", "1", "n", "server", "loser")).timeMillis());
        assertEquals("x" + f + "y", BinRecord.legacy(String.join("" + f, "u", "D", "s", "c", "n", "5", "x" + f + "y")).content());
        HeldRecord h = HeldRecord.legacy(String.join("" + f, "rejected", "u", "D", "1", "C", "s", "c", "5", "40")
                + "\n1:1" + f + "a.vcf" + f + "e");
        assertEquals(List.of(new HeldItem("1:1", "a.vcf", "e")), h.items());
        ResendRecord r = ResendRecord.legacy("hash\n1 %7B5%7D1 %7B5%7D2\n2 0 %\n=AwE=");
        assertEquals(new ResendRecord.Folder("2", "0", ""), r.folders().get(1));
        assertArrayEquals(new byte[] { 3, 1 }, r.response());
        FolderHeader fh = FolderHeader.legacy("ss1\nepoch c5949d6\nn 2\nprev -1\ntoken %\nbody 2+5000\n"
                + "p 1%3A5 x.vcf -\np 1%3A6 y.vcf %22e%22%01y.vcf\ncid c1 1%3A7 2\nlater-line whatever\n");
        assertEquals(0xc5949d6L, fh.epoch());
        assertNull(fh.token());
        assertEquals(5000, fh.truncation());
        assertEquals(new ItemEntry("y.vcf", "\"e\""), fh.pending().get(1).before());
        assertEquals(new ClientAdd("1:7", 2), fh.clientIds().get("c1"));
        // format-1 values that are broken fail the same way
        for (String bad : List.of("ss1\nepoch zz", "ss1\nn", "ss1\np 1", "ss1\nbody 2", "ss1\ntoken %zz")) {
            assertThrows(BadRecord.class, () -> FolderHeader.legacy(bad), bad);
        }
        assertThrows(BadRecord.class, () -> ActivityRecord.legacy("a" + f + "b"));
        assertThrows(BadRecord.class, () -> BinRecord.legacy("a" + f + "b" + f + "c" + f + "d" + f + "e" + f + "notime" + f + "x"));
        assertThrows(BadRecord.class, () -> HeldRecord.legacy("maybe" + f + "u" + f + "D" + f + "1" + f + "C" + f + "s" + f + "c"
                + f + "5" + f + "40"));
        assertThrows(BadRecord.class, () -> ResendRecord.legacy("hash\n1 2 3\n"));
    }

    @Test
    void legacyValuesAsFormatTwoWroteThem() {
        // an item entry: etag U+0001 name (a name may hold the separator, an etag does not)
        assertEquals(new ItemEntry("a\u0001b.vcf", "\"e1\""), ItemEntry.legacy("\"e1\"\u0001a\u0001b.vcf"));
        assertEquals(new ItemEntry("", ""), ItemEntry.legacy("\u0001"));
        assertEquals(ItemEntry.legacy("e\u0001n"), ItemEntry.decode("e\u0001n"), "not migrated yet: still read");
        assertThrows(BadRecord.class, () -> ItemEntry.legacy("no separator"));
        // the cached request as SyncRequest wrote it: sr1, the window, one line per collection
        CachedRequest q = CachedRequest.legacy("sr1\nw 50\nc 1%3A2 100 1\nc a+b%01 - -\nc x - 0\nlater-line\n");
        assertEquals(50, q.windowSize());
        assertEquals(List.of(new CachedRequest.Collection("1:2", 100, true), new CachedRequest.Collection("a b\u0001", null, null),
                new CachedRequest.Collection("x", null, false)), q.collections());
        assertEquals(new CachedRequest(null, List.of(new CachedRequest.Collection("c1", 100, true))),
                CachedRequest.decode("sr1\nc c1 100 1\n"));
        for (String bad : List.of("sr1\nw x", "sr1\nc 1 many 1", "sr2\nc 1 2 1", "c 1 2 1")) {
            assertThrows(BadRecord.class, () -> CachedRequest.legacy(bad), bad);
        }
    }
}
