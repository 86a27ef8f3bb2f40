package org.hearthsync.wbxml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hearthsync.wbxml.xml.ElementComparison;
import org.hearthsync.wbxml.xml.XmlBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real .wbxml fixture decodes; where libwbxml's decode sits beside it, the trees agree;
 * re-encoding gives an equivalent tree and, where the source encoder was canonical, the same bytes.
 */
class WbxmlFixtureTest {
    private static final WbxmlReader READER = WbxmlReader.create();
    /** fixture -> why our bytes differ; filled as the tests run, printed at the end. */
    private static final Map<String, String> NON_CANONICAL = new TreeMap<>();
    private static final List<String> CANONICAL = new ArrayList<>();

    @TestFactory
    List<DynamicTest> everyWbxmlFixture() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : Fixtures.wbxmlFiles()) {
            tests.add(DynamicTest.dynamicTest(Fixtures.relative(p), () -> check(p)));
        }
        assertFalse(tests.isEmpty(), "no .wbxml fixtures found");
        return tests;
    }

    /**
     * Fixtures that are not valid ActiveSync WBXML, and why. The reader must reject them with
     * WbxmlException (libwbxml rejects in04 too, and silently drops the tail of activesync-016).
     */
    static final Map<String, String> INVALID = Map.of(
            "syncgw-mimedata-wbxml/in04.wbxml",
            "tag byte 0xD3 at offset 2493 has the attribute bit; wbxml2xml fails on it as well",
            "wbxml-stream/activesync-016.wbxml",
            "49 bytes after the root element (a second header-less copy of the body)");

    private void check(Path p) throws Exception {
        byte[] bytes = Fixtures.wbxml(p);
        String why = INVALID.get(Fixtures.relative(p));
        if (why != null) {
            WbxmlException e = assertThrows(WbxmlException.class, () -> READER.read(bytes), why);
            System.out.println("[wbxml fixtures] rejected as expected: " + Fixtures.relative(p)
                    + ": " + e.getMessage());
            if (!Fixtures.relative(p).endsWith("activesync-016.wbxml")) {
                return;
            }
            // What libwbxml does: decode the first root, ignore the rest.
            Element first = WbxmlReader.builder().ignoreTrailingData(true).build().read(bytes);
            Element expected = XmlBridge.read(Files.newInputStream(Fixtures.decodedSibling(p)));
            assertEquals(Optional.empty(), ElementComparison.firstDifference(expected, first));
            return;
        }
        Element tree = READER.read(bytes);

        Path decoded = Fixtures.decodedSibling(p);
        if (Files.exists(decoded)) {
            Element expected;
            try (InputStream in = Files.newInputStream(decoded)) {
                expected = XmlBridge.read(in);
            }
            Optional<String> diff = ElementComparison.firstDifference(expected, tree);
            assertTrue(diff.isEmpty(), () -> "differs from libwbxml's decode: " + diff.get());
        }

        // Streaming and tree reads agree.
        Element streamed = READER.read(new java.io.ByteArrayInputStream(bytes));
        assertEquals(Optional.empty(), ElementComparison.firstDifference(tree, streamed));

        byte[] again = WbxmlWriter.encode(tree);
        assertEquals(Optional.empty(), ElementComparison.firstDifference(tree, READER.read(again)));
        String reason = CanonicalForm.whyDifferent(bytes, again);
        synchronized (NON_CANONICAL) {
            if (reason == null) {
                CANONICAL.add(Fixtures.relative(p));
                assertArrayEquals(bytes, again);
            } else {
                NON_CANONICAL.put(Fixtures.relative(p), reason);
            }
        }
    }

    @AfterAll
    static void report() {
        System.out.println("[wbxml fixtures] byte-identical re-encoding: " + CANONICAL.size()
                + ", different: " + NON_CANONICAL.size());
        NON_CANONICAL.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    }
}
