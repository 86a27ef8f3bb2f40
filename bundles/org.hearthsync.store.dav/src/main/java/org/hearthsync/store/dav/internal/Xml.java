package org.hearthsync.store.dav.internal;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * WebDAV XML in and out. Parsing is StAX with DTDs and external entities off, and bounded: the caller
 * bounds the bytes, this bounds the depth and the number of elements. The result is a small tree.
 */
final class Xml {

    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";
    static final String CS = "http://calendarserver.org/ns/";
    static final String APPLE = "http://apple.com/ns/ical/";

    private static final int MAX_DEPTH = 64;
    private static final int MAX_ELEMENTS = 5_000_000;
    private static final XMLInputFactory FACTORY = factory();

    private Xml() {
    }

    /** An element: name, children, and its text (character data directly inside it). */
    record Node(QName name, java.util.Map<String, String> attributes, List<Node> children, String text) {
        String attribute(String local) {
            return attributes.get(local);
        }

        Optional<Node> child(String ns, String local) {
            for (Node c : children) {
                if (c.name.getNamespaceURI().equals(ns) && c.name.getLocalPart().equals(local)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        List<Node> all(String ns, String local) {
            List<Node> result = new ArrayList<>();
            for (Node c : children) {
                if (c.name.getNamespaceURI().equals(ns) && c.name.getLocalPart().equals(local)) {
                    result.add(c);
                }
            }
            return result;
        }

        boolean is(String ns, String local) {
            return name.getNamespaceURI().equals(ns) && name.getLocalPart().equals(local);
        }

        String trimmed() {
            return text.strip();
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Parses a document whose size the caller has bounded. */
    static Node parse(byte[] document) throws XMLStreamException {
        XMLStreamReader r;
        synchronized (FACTORY) {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(document));
        }
        try {
            List<List<Node>> childStack = new ArrayList<>();
            List<QName> nameStack = new ArrayList<>();
            List<StringBuilder> textStack = new ArrayList<>();
            List<java.util.Map<String, String>> attrStack = new ArrayList<>();
            int elements = 0;
            Node root = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++elements > MAX_ELEMENTS || nameStack.size() >= MAX_DEPTH) {
                            throw new XMLStreamException("XML document too deep or too large");
                        }
                        nameStack.add(r.getName());
                        childStack.add(new ArrayList<>());
                        textStack.add(new StringBuilder());
                        java.util.Map<String, String> attrs = new java.util.HashMap<>();
                        for (int i = 0; i < r.getAttributeCount() && i < 32; i++) {
                            attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                        attrStack.add(java.util.Map.copyOf(attrs));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!textStack.isEmpty()) {
                            textStack.get(textStack.size() - 1).append(r.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        int last = nameStack.size() - 1;
                        Node node = new Node(nameStack.remove(last), attrStack.remove(last), List.copyOf(childStack.remove(last)),
                                textStack.remove(last).toString());
                        if (last == 0) {
                            root = node;
                        } else {
                            childStack.get(last - 1).add(node);
                        }
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new XMLStreamException("DTDs and entity references are not accepted");
                    default -> {
                    }
                }
            }
            if (root == null) {
                throw new XMLStreamException("empty XML document");
            }
            return root;
        } finally {
            r.close();
        }
    }

    /** Escapes text for element content and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        continue; // not allowed in XML 1.0
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }
}
