package org.hearthsync.upnp.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Hardened DOM parsing of the router's small XML documents: no DTDs, no external entities, no XInclude. */
final class Xml {
    private Xml() {
    }

    static Document parse(byte[] bytes) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("unreadable XML from the router: " + e.getMessage(), e);
        }
    }

    /** Direct children of {@code parent} with the given local name. */
    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(localNameOf(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Text of the first direct child with the given local name, trimmed, or empty. */
    static String childText(Element parent, String localName) {
        List<Element> c = children(parent, localName);
        return c.isEmpty() ? "" : c.get(0).getTextContent().trim();
    }

    /** Every descendant element with the given local name, in document order. */
    static List<Element> descendants(Node root, String localName) {
        List<Element> out = new ArrayList<>();
        collect(root, localName, out, 0);
        return out;
    }

    private static void collect(Node n, String localName, List<Element> out, int depth) {
        if (depth > 32) {
            return;
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                if (localName.equals(localNameOf(e))) {
                    out.add(e);
                }
                collect(e, localName, out, depth + 1);
            }
        }
    }

    static String localNameOf(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
            case '<' -> b.append("&lt;");
            case '>' -> b.append("&gt;");
            case '&' -> b.append("&amp;");
            case '"' -> b.append("&quot;");
            case '\'' -> b.append("&apos;");
            default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
            }
        }
        return b.toString();
    }
}
