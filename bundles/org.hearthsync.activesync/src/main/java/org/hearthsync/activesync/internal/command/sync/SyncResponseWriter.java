package org.hearthsync.activesync.internal.command.sync;

import static org.hearthsync.activesync.internal.command.sync.SyncHandler.AS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.hearthsync.activesync.internal.sync.CollectionResult;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlWriter;

/** Encodes a Sync response (MS-ASCMD 2.2.1.21) from what each collection says. */
final class SyncResponseWriter {
    private SyncResponseWriter() {
    }

    /** {@code modern}: 14.0 or later (the collections do not name their class). */
    static byte[] encode(List<Outcome> outcomes, boolean modern) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        WbxmlWriter w = new WbxmlWriter(bytes);
        w.start(AS, "Sync").start(AS, "Collections");
        for (Outcome o : outcomes) {
            w.start(AS, "Collection");
            if (!modern && o.className() != null) {
                w.leaf(AS, "Class", o.className());
            }
            if (o.key() != null) {
                w.leaf(AS, "SyncKey", o.key());
            }
            w.leaf(AS, "CollectionId", o.collectionId());
            w.leaf(AS, "Status", Integer.toString(o.status()));
            if (o.status() == 1 && o.mailResponses() != null) {
                list(w, "Responses", o.mailResponses());
            }
            CollectionResult r = o.result();
            if (r != null && o.status() == 1) {
                if (r.moreAvailable()) {
                    w.leaf(AS, "MoreAvailable", null);
                }
                list(w, "Commands", r.commands());
                list(w, "Responses", r.responses());
            }
            w.end();
        }
        w.end().end();
        w.finish();
        return bytes.toByteArray();
    }

    /** The elements in a container named {@code name}, nothing when there are none. */
    private static void list(WbxmlWriter w, String name, List<Element> elements) throws IOException {
        if (elements.isEmpty()) {
            return;
        }
        w.start(AS, name);
        for (Element e : elements) {
            w.element(e);
        }
        w.end();
    }
}
