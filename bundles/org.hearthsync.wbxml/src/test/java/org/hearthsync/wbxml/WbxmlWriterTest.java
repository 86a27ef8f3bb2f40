package org.hearthsync.wbxml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WbxmlWriterTest {

    @Test
    void writesCanonicalBytes() throws Exception {
        Element sync = new Element("AirSync", "Sync");
        sync.add("AirSync", "Collections").add("AirSync", "Collection")
                .addText("AirSync", "SyncKey", "1")
                .add(new Element("Email2", "ConversationId").opaque(new byte[] {1, 2}));
        sync.add("AirSync", "MoreAvailable");
        byte[] expected = {0x03, 0x01, 0x6a, 0x00, 0x45, 0x5C, 0x4F, 0x4B, 0x03, '1', 0x00, 0x01,
            0x00, 22, 0x49, (byte) 0xC3, 0x02, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x00, 0x14, 0x01};
        assertArrayEquals(expected, WbxmlWriter.encode(sync));
    }

    @Test
    void streamsWithoutATree() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WbxmlWriter w = new WbxmlWriter(out);
        w.start("AirSync", "Sync").start("AirSync", "Collections");
        for (int i = 0; i < 5000; i++) {
            w.start("AirSync", "Collection").leaf("AirSync", "ServerId", "1:" + i)
                    .start("AirSync", "ApplicationData").leaf("Contacts", "FirstName", "Zoë " + i)
                    .end().end();
        }
        w.end().end().finish();
        List<String> ids = new ArrayList<>();
        WbxmlReader.create().parse(out.toByteArray(), new WbxmlHandler() {
            private boolean inServerId;

            @Override
            public void startElement(String ns, String name) {
                inServerId = name.equals("ServerId");
            }

            @Override
            public void text(String text) {
                if (inServerId) {
                    ids.add(text);
                }
            }
        });
        assertEquals(5000, ids.size());
        assertEquals("1:4999", ids.get(4999));
    }

    @Test
    void rejectsWhatItCannotEncode() {
        assertThrows(WbxmlException.class, () -> WbxmlWriter.encode(new Element("Nope", "Sync")));
        assertThrows(WbxmlException.class, () -> WbxmlWriter.encode(new Element("AirSync", "Nope")));
        assertThrows(WbxmlException.class,
                () -> WbxmlWriter.encode(Element.of("AirSync", "Sync", "a\u0000b")));
        assertThrows(WbxmlException.class, () -> new WbxmlWriter(new ByteArrayOutputStream())
                .start("AirSync", "Sync").finish());
        assertThrows(WbxmlException.class, () -> new WbxmlWriter(new ByteArrayOutputStream()).end());
        assertThrows(WbxmlException.class, () -> new WbxmlWriter(new ByteArrayOutputStream())
                .start("AirSync", "Sync").end().start("AirSync", "Sync"));
    }

    @Test
    void acceptsLibwbxmlNamespaceForPageSix() throws Exception {
        byte[] a = WbxmlWriter.encode(new Element("ItemEstimate", "GetItemEstimate"));
        Element back = WbxmlReader.create().read(a);
        assertEquals("GetItemEstimate", back.namespace());
    }

    @Test
    void largeOpaqueAndNonAsciiTextRoundTrip() throws Exception {
        byte[] big = new byte[100_000];
        new java.util.Random(1).nextBytes(big);
        Element root = new Element("ItemOperations", "ItemOperations");
        root.add(new Element("ItemOperations", "Data").opaque(big));
        root.addText("Email", "Subject", "Grüße \uD83D\uDE00 " + "x".repeat(20_000));
        Element back = WbxmlReader.create().read(WbxmlWriter.encode(root));
        assertArrayEquals(big, back.children().get(0).opaque());
        assertEquals(root.children().get(1).text(), back.children().get(1).text());
    }
}
