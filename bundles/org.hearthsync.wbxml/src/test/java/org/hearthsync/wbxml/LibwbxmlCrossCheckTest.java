package org.hearthsync.wbxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hearthsync.wbxml.codepage.CodePage;
import org.hearthsync.wbxml.codepage.CodePages;
import org.hearthsync.wbxml.internal.LibwbxmlNames;
import org.hearthsync.wbxml.xml.ElementComparison;
import org.hearthsync.wbxml.xml.XmlBridge;
import org.hearthsync.wbxml.xml.XmlDialect;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks against Debian's libwbxml ({@code apt-get install libwbxml2-utils}): its
 * {@code wbxml2xml -l ACTIVESYNC} reads what we write, we read what its {@code xml2wbxml} writes,
 * and every token both sides define means the same tag. Skips when the tools are missing, except
 * in CI ({@code CI=true}), where it fails.
 */
class LibwbxmlCrossCheckTest {
    private static final WbxmlReader READER = WbxmlReader.create();

    @TempDir
    Path tmp;

    @BeforeAll
    static void requireTools() {
        boolean present = onPath("wbxml2xml") && onPath("xml2wbxml");
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("wbxml2xml/xml2wbxml not found; install Debian package libwbxml2-utils");
        }
        Assumptions.assumeTrue(present, "libwbxml2-utils not installed; skipping cross-check");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Real documents covering many pages, within libwbxml 0.11.8's vocabulary. */
    private static List<Element> documents() throws Exception {
        List<Element> docs = new ArrayList<>();
        for (String f : List.of("syncgw-traces/761/02-Sync-resp.wbxml",
                "syncgw-traces/754/09-FolderSync-resp.wbxml", "syncgw-traces/754/05-Provision-resp.wbxml",
                "syncgw-traces/754/06-Settings-req.wbxml", "syncgw-traces/763/03-Ping-req.wbxml",
                "syncgw-traces/748/01-ItemOperations-resp.wbxml", "syncgw-mimedata-wbxml/in05.wbxml",
                "horde/dst.wbxml")) {
            docs.add(READER.read(Fixtures.wbxml(Fixtures.easWire().resolve(f))));
        }
        docs.add(SyncResponses.contacts(20));
        return docs;
    }

    @Test
    void wbxml2xmlDecodesOurOutput() throws Exception {
        int n = 0;
        for (Element doc : documents()) {
            Path in = tmp.resolve("ours-" + n + ".wbxml");
            Path out = tmp.resolve("ours-" + n + ".xml");
            Files.write(in, WbxmlWriter.encode(doc));
            run("wbxml2xml", "-l", "ACTIVESYNC", "-o", out.toString(), in.toString());
            Element theirs = XmlBridge.read(Files.newInputStream(out));
            int i = n;
            Optional<String> diff = ElementComparison.firstDifference(doc, theirs);
            assertTrue(diff.isEmpty(), () -> "document " + i + ": " + diff.get());
            n++;
        }
    }

    @Test
    void weDecodeXml2wbxmlOutput() throws Exception {
        int n = 0;
        for (Element doc : documents()) {
            Path in = tmp.resolve("theirs-" + n + ".xml");
            Path out = tmp.resolve("theirs-" + n + ".wbxml");
            Files.writeString(in, XmlBridge.write(doc, XmlDialect.LIBWBXML), StandardCharsets.UTF_8);
            // With and without a string table: our reader must handle libwbxml's STR_T too.
            for (boolean stringTable : new boolean[] {false, true}) {
                List<String> cmd = new ArrayList<>(List.of("xml2wbxml", "-v", "1.3", "-k"));
                if (!stringTable) {
                    cmd.add("-n");
                }
                cmd.addAll(List.of("-o", out.toString(), in.toString()));
                run(cmd.toArray(String[]::new));
                Element ours = READER.read(Files.readAllBytes(out));
                int i = n;
                Optional<String> diff = ElementComparison.firstDifference(doc, ours);
                assertTrue(diff.isEmpty(), () -> "document " + i + " (string table " + stringTable
                        + "): " + diff.get());
            }
            n++;
        }
    }

    /** For every token, libwbxml's name is ours or the recorded libwbxml spelling. */
    @Test
    void tokenTablesAgree() throws Exception {
        int checked = 0;
        for (CodePage page : CodePages.all()) {
            for (var tag : page.tags().entrySet()) {
                byte[] doc = {0x03, 0x01, 0x6a, 0x00, 0x45, 0x00, (byte) page.number(),
                    (byte) (int) tag.getKey(), 0x01};
                Path in = tmp.resolve("t.wbxml");
                Path out = tmp.resolve("t.xml");
                Files.deleteIfExists(out);
                Files.write(in, doc);
                run("wbxml2xml", "-l", "ACTIVESYNC", "-o", out.toString(), in.toString());
                String xml = Files.readString(out);
                String expected = LibwbxmlNames.name(page, tag.getKey());
                boolean unknownToLibwbxml = xml.contains("<unknown");
                if (!unknownToLibwbxml) {
                    assertTrue(xml.contains("<" + expected + " ") || xml.contains("<" + expected + "/"),
                            page.namespace() + " 0x" + Integer.toHexString(tag.getKey()) + ": " + xml);
                    checked++;
                }
            }
        }
        // libwbxml 0.11.8 knows 619 ActiveSync tokens; all of them are in our tables.
        assertEquals(619, checked);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed: " + output);
        }
    }
}
