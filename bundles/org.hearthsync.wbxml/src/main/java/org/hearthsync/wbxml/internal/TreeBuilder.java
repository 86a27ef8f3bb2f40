package org.hearthsync.wbxml.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlException;
import org.hearthsync.wbxml.WbxmlHandler;

/** Builds an {@link Element} tree from parser events. */
public final class TreeBuilder implements WbxmlHandler {
    private final List<Element> open = new ArrayList<>();
    private Element root;

    @Override
    public void startElement(String namespace, String name) {
        Element e = new Element(namespace, name);
        if (open.isEmpty()) {
            root = e;
        } else {
            open.get(open.size() - 1).add(e);
        }
        open.add(e);
    }

    @Override
    public void endElement(String namespace, String name) {
        open.remove(open.size() - 1);
    }

    @Override
    public void text(String text) throws WbxmlException {
        Element e = current();
        if (e.opaque() != null) {
            throw new WbxmlException(e.name() + " mixes opaque data and text");
        }
        e.text(e.text() == null ? text : e.text() + text);
    }

    @Override
    public void opaque(byte[] data) throws WbxmlException {
        Element e = current();
        if (e.text() != null) {
            throw new WbxmlException(e.name() + " mixes text and opaque data");
        }
        byte[] old = e.opaque();
        if (old == null) {
            e.opaque(data);
        } else {
            byte[] joined = Arrays.copyOf(old, old.length + data.length);
            System.arraycopy(data, 0, joined, old.length, data.length);
            e.opaque(joined);
        }
    }

    private Element current() {
        return open.get(open.size() - 1);
    }

    /** The root, once the parser has finished without error. */
    public Element root() {
        return root;
    }
}
