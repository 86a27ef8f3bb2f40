package org.hearthsync.activesync.internal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.hearthsync.activesync.internal.http.AutodiscoverTestAccess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * The captured Autodiscover requests (Remote Connectivity Analyzer with the mobilesync schema,
 * Outlook 15 with the Outlook schema) answered by Hearth: mobilesync gets the same document shape
 * as the captured server gave; Outlook's schema gets the "provider not available" error, since
 * Hearth offers Exchange ActiveSync only.
 */
class AutodiscoverReplayTest {

    private static Path trace(String n) {
        String fixtures = System.getProperty("hearth.fixtures", "../../../shared/fixtures");
        Path p = Path.of(fixtures, "eas-wire", "syncgw-traces", n);
        Assumptions.assumeTrue(Files.isDirectory(p), "fixtures not found at " + p);
        return p;
    }

    @Test
    void mobileSyncRequestOfTheConnectivityAnalyzer() throws Exception {
        Path t = trace("810");
        String answer = AutodiscoverTestAccess.answer(Files.readAllBytes(t.resolve("02-autodiscover-req.xml")), "t1",
                "t1@dyn.wb28.de", "92.117.223.240:12000");
        Document theirs = parse(Files.readAllBytes(t.resolve("02-autodiscover-resp.xml")));
        Document mine = parse(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(shape(theirs.getDocumentElement(), "", new TreeSet<>()), shape(mine.getDocumentElement(), "", new TreeSet<>()));
        assertTrue(answer.contains("<Url>https://92.117.223.240:12000/Microsoft-Server-ActiveSync</Url>"), answer);
    }

    @Test
    void outlookSchemaIsAnsweredWithProviderNotAvailable() throws Exception {
        Path t = trace("812");
        String answer = AutodiscoverTestAccess.answer(Files.readAllBytes(t.resolve("03-autodiscover-req.xml")), "t1",
                "t1@dyn.wb28.de", "92.117.223.240:12000");
        Document mine = parse(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006",
                mine.getDocumentElement().getNamespaceURI());
        assertTrue(answer.contains("<ErrorCode>601</ErrorCode>"), answer);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
    }

    /** Element paths with namespaces; attributes and text are not compared. */
    private static Set<String> shape(Node n, String path, Set<String> out) {
        String p = path + "/{" + n.getNamespaceURI() + "}" + n.getLocalName();
        out.add(p);
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                shape(c, p, out);
            }
        }
        return out;
    }
}
