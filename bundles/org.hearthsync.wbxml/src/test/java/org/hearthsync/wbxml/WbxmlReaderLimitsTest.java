package org.hearthsync.wbxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Malformed and over-limit input: always WbxmlException with a useful message, nothing else. */
class WbxmlReaderLimitsTest {
    private static final WbxmlReader READER = WbxmlReader.create();

    private static byte[] doc(int... body) {
        byte[] out = new byte[4 + body.length];
        out[0] = 0x03;
        out[1] = 0x01;
        out[2] = 0x6a;
        for (int i = 0; i < body.length; i++) {
            out[4 + i] = (byte) body[i];
        }
        return out;
    }

    private static WbxmlException rejects(byte[] bytes) {
        WbxmlException e = assertThrows(WbxmlException.class, () -> READER.read(bytes));
        // The stream path must agree.
        assertThrows(WbxmlException.class, () -> READER.read(new ByteArrayInputStream(bytes)));
        return e;
    }

    @Test
    void decodesMinimalSync() throws Exception {
        Element e = READER.read(doc(0x45, 0x4B, 0x03, '1', 0x00, 0x01, 0x01));
        assertEquals("AirSync", e.namespace());
        assertEquals("Sync", e.name());
        assertEquals("1", e.childText("AirSync", "SyncKey"));
    }

    @Test
    void deepNestingIsBounded() {
        // 100 000 nested AirSync Collections elements: must fail on depth, not the stack.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(doc());
        for (int i = 0; i < 100_000; i++) {
            b.write(0x5C);
        }
        WbxmlException e = rejects(b.toByteArray());
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void depthLimitIsConfigurable() throws Exception {
        WbxmlReader shallow = WbxmlReader.builder()
                .limits(WbxmlLimits.builder().maxDepth(2).build()).build();
        shallow.read(doc(0x45, 0x5C, 0x0F, 0x01, 0x01));
        assertThrows(WbxmlException.class, () -> shallow.read(doc(0x45, 0x5C, 0x4F, 0x01, 0x01, 0x01)));
    }

    @Test
    void hugeDeclaredOpaqueLengthFailsWithoutAllocating() {
        WbxmlException e = rejects(doc(0x45, 0xC3, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x01));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
        // Under the limit but past the end of the input.
        e = rejects(doc(0x45, 0xC3, 0x83, 0x80, 0x00, 0x01, 0x01));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("past the end"),
                e.getMessage());
    }

    @Test
    void hugeStringTableIsRejected() {
        byte[] b = {0x03, 0x01, 0x6a, (byte) 0x8F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        assertTrue(rejects(b).getMessage().contains("string table"));
    }

    @Test
    void multiByteIntegerLongerThanFiveBytes() {
        assertTrue(rejects(doc(0x45, 0xC3, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x01))
                .getMessage().contains("longer than 5 bytes"));
        assertTrue(rejects(doc(0x45, 0xC3, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01))
                .getMessage().contains("overflows"));
    }

    @Test
    void stringLengthAndElementCountLimits() throws Exception {
        WbxmlReader small = WbxmlReader.builder().limits(WbxmlLimits.builder()
                .maxStringLength(3).maxElementCount(2).build()).build();
        small.read(doc(0x45, 0x03, 'a', 'b', 'c', 0x00, 0x01));
        assertThrows(WbxmlException.class, () -> small.read(doc(0x45, 0x03, 'a', 'b', 'c', 'd', 0x00, 0x01)));
        assertThrows(WbxmlException.class, () -> small.read(doc(0x45, 0x0B, 0x0B, 0x01)));
        WbxmlReader tiny = WbxmlReader.builder()
                .limits(WbxmlLimits.builder().maxDocumentSize(8).build()).build();
        assertThrows(WbxmlException.class, () -> tiny.read(doc(0x45, 0x03, 'a', 'b', 0x00, 0x01)));
        assertThrows(WbxmlException.class,
                () -> tiny.read(new ByteArrayInputStream(doc(0x45, 0x03, 'a', 'b', 0x00, 0x01))));
    }

    @Test
    void unknownPageAndToken() throws Exception {
        assertTrue(rejects(doc(0x00, 26, 0x45, 0x01)).getMessage().contains("unknown code page 26"));
        // Page 0 has no token 0x2A.
        assertTrue(rejects(doc(0x45, 0x2A, 0x01)).getMessage().contains("unknown tag 0x2a"));
        Element kept = WbxmlReader.builder().keepUnknownTags(true).build().read(doc(0x45, 0x2A, 0x01));
        assertEquals("unknown:0x2a", kept.children().get(0).name());
        assertEquals(Arrays.toString(doc(0x45, 0x2A, 0x01)), Arrays.toString(WbxmlWriter.encode(kept)));
    }

    @Test
    void attributesLiteralsAndExtensionsAreRejected() {
        assertTrue(rejects(doc(0xC5, 0x01, 0x01)).getMessage().contains("attributes"));
        assertTrue(rejects(doc(0x85, 0x01)).getMessage().contains("attributes"));
        rejects(doc(0x45, 0x04, 0x00, 0x01));
        rejects(doc(0x45, 0x40, 'x', 0x00, 0x01));
        rejects(doc(0x45, 0xC0, 0x01));
        rejects(doc(0x45, 0x43, 0x01));
    }

    @Test
    void structuralErrors() {
        rejects(doc());
        rejects(doc(0x01));
        rejects(doc(0x03, 'x', 0x00));
        rejects(doc(0x45, 0x01, 0x01));
        rejects(doc(0x45, 0x01, 0x45, 0x01));
        rejects(doc(0x45));
        rejects(new byte[] {0x09, 0x01, 0x6a, 0x00, 0x05});
        rejects(new byte[] {0x03, 0x01, 0x04, 0x00, 0x05});
        rejects(doc(0x45, 0x83, 0x00, 0x01));
        rejects(doc(0x45, 0x02, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x01));
    }

    @Test
    void stringTableReferencesAndEntities() throws Exception {
        byte[] b = {0x03, 0x01, 0x6a, 0x03, 'h', 'i', 0x00, 0x45, (byte) 0x83, 0x00, 0x02, 0x41, 0x01};
        assertEquals("hiA", READER.read(b).text());
    }

    @Test
    void truncationAtEveryOffsetOfARealFixture() throws Exception {
        Path p = Fixtures.easWire().resolve("syncgw-traces/761/02-Sync-resp.wbxml");
        byte[] full = Fixtures.wbxml(p);
        READER.read(full);
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            int at = len;
            assertThrows(WbxmlException.class, () -> READER.read(cut), () -> "prefix of " + at);
            assertThrows(WbxmlException.class, () -> READER.read(new ByteArrayInputStream(cut)));
        }
    }

    @Test
    void streamReadsSplitAtEveryByte() throws Exception {
        byte[] full = Fixtures.wbxml(Fixtures.easWire().resolve("syncgw-traces/761/02-Sync-resp.wbxml"));
        Element expected = READER.read(full);
        Element actual = READER.read(new java.io.InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < full.length ? full[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= full.length) {
                    return -1;
                }
                b[off] = full[pos++];
                return 1;
            }
        });
        assertEquals(java.util.Optional.empty(),
                org.hearthsync.wbxml.xml.ElementComparison.firstDifference(expected, actual));
    }
}
