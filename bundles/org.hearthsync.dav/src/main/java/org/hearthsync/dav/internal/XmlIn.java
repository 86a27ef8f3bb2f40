package org.hearthsync.dav.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a DAV request body into {@link XmlNode}s, bounded in every direction a client controls: the caller has
 * already capped the bytes; here a document type declaration (and with it every entity, external or not) is
 * refused, nesting is limited to {@link #MAX_DEPTH} and the element count to {@link #MAX_ELEMENTS}. Any violation
 * or malformation is a 400, never an exception of the parser's own.
 */
final class XmlIn {
    static final int MAX_DEPTH = 32;
    static final int MAX_ELEMENTS = 100_000;
    private static final XMLInputFactory FACTORY = factory();

    private XmlIn() {
    }

    private static XMLInputFactory factory() {
        // the JDK's own parser, never one a bundle or the context class loader happens to offer
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** The root element of {@code body}. */
    static XmlNode parse(byte[] body) throws DavException {
        if (body.length == 0) {
            throw DavException.badRequest("empty XML body");
        }
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            return read(r);
        } catch (XMLStreamException | RuntimeException e) {
            throw DavException.badRequest("malformed XML: " + firstLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException e) {
                    // nothing held open: the input is an array
                }
            }
        }
    }

    private record Open(String ns, String name, Map<String, String> attributes, List<XmlNode> children, StringBuilder text) {
    }

    private static XmlNode read(XMLStreamReader r) throws XMLStreamException, DavException {
        Deque<Open> stack = new ArrayDeque<>();
        XmlNode root = null;
        int elements = 0;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                    throw DavException.badRequest("document type declarations and entities are not accepted");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++elements > MAX_ELEMENTS || stack.size() >= MAX_DEPTH) {
                        throw DavException.badRequest("XML body too large or too deeply nested");
                    }
                    Map<String, String> attrs = new HashMap<>();
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String ans = r.getAttributeNamespace(i);
                        if (ans == null || ans.isEmpty()) {
                            attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                    }
                    String ns = r.getNamespaceURI();
                    stack.push(new Open(ns == null ? "" : ns, r.getLocalName(), attrs, new ArrayList<>(), new StringBuilder()));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!stack.isEmpty()) {
                        stack.peek().text().append(r.getText());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Open o = stack.pop();
                    XmlNode n = new XmlNode(o.ns(), o.name(), Map.copyOf(o.attributes()), List.copyOf(o.children()),
                            o.text().toString());
                    if (stack.isEmpty()) {
                        root = n;
                    } else {
                        stack.peek().children().add(n);
                    }
                }
                default -> {
                    // comments, processing instructions: ignored
                }
            }
        }
        if (root == null) {
            throw DavException.badRequest("no root element");
        }
        return root;
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        String s = nl < 0 ? m : m.substring(0, nl);
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
