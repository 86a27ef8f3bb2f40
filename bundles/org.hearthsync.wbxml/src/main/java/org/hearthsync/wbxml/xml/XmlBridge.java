package org.hearthsync.wbxml.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlException;
import org.hearthsync.wbxml.codepage.CodePage;
import org.hearthsync.wbxml.codepage.CodePages;
import org.hearthsync.wbxml.internal.LibwbxmlNames;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Element trees to and from XML text.
 *
 * <p>Reading understands the forms ActiveSync XML is found in: namespaces {@code "AirSync:"}
 * (libwbxml, MS-ASCMD), {@code "AirSync"} (without colon), libwbxml's synce URIs
 * ({@code http://synce.org/formats/airsync_wm5/airsync}), and sync*gw's
 * {@code xml-ns="activesync:AirSync"} attribute, which like a WBXML SWITCH_PAGE stays in effect in
 * document order until the next one. Tag names may be the MS-ASWBXML names, libwbxml's spellings,
 * or differ from either in letter case only. Text stays text: base64 in the XML is not decoded.
 * DTDs are never fetched.
 *
 * <p>Every failure, including malformed XML and unknown namespaces or tags, is a
 * {@link WbxmlException}.
 */
public final class XmlBridge {
    private static final String SYNCE_PREFIX = "http://synce.org/formats/airsync_wm5/";
    private static final String SYNCGW_NS_ATTRIBUTE = "xml-ns";
    private static final String LIBWBXML_DOCTYPE =
            "<!DOCTYPE ActiveSync PUBLIC \"-//MICROSOFT//DTD ActiveSync//EN\" \"http://www.microsoft.com/\">";

    private XmlBridge() {
    }

    public static Element read(String xml) throws WbxmlException {
        return read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    public static Element read(InputStream xml) throws WbxmlException {
        byte[] bytes;
        try {
            bytes = xml.readAllBytes();
        } catch (IOException e) {
            throw new WbxmlException("cannot read XML: " + e.getMessage(), e);
        }
        try {
            return walk(parse(bytes, true), true);
        } catch (UnboundPrefix e) {
            // Some test data (evolution-activesync) uses prefixes such as "calendar:" without
            // declaring them; read those by taking the prefix as the code page name.
            try {
                return walk(parse(bytes, false), false);
            } catch (UnboundPrefix impossible) {
                throw new WbxmlException("unbound namespace prefix", impossible);
            }
        }
    }

    private static Element walk(Document doc, boolean namespaceAware) throws WbxmlException {
        // The page in effect for elements without any namespace: sync*gw's xml-ns attribute
        // changes it in document order, like SWITCH_PAGE; it starts at page 0 (AirSync) as in WBXML.
        CodePage sticky = CodePages.byNumber(0);
        Element result = null;
        // Pre-order walk with an explicit stack, because document order matters for xml-ns.
        // Each item: DOM element, parent Element, default page inherited (non-namespace-aware).
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {doc.getDocumentElement(), null, null});
        while (!stack.isEmpty()) {
            Object[] item = stack.pop();
            org.w3c.dom.Element node = (org.w3c.dom.Element) item[0];
            Element parent = (Element) item[1];
            CodePage inherited = (CodePage) item[2];
            String syncgwNs = node.getAttribute(SYNCGW_NS_ATTRIBUTE);
            if (!syncgwNs.isEmpty()) {
                sticky = namespace(syncgwNs);
            }
            checkAttributes(node);
            CodePage page;
            String local;
            CodePage childDefault = inherited;
            if (namespaceAware) {
                local = node.getLocalName();
                page = node.getNamespaceURI() != null ? namespace(node.getNamespaceURI()) : sticky;
            } else {
                String qname = node.getNodeName();
                int colon = qname.indexOf(':');
                local = qname.substring(colon + 1);
                String xmlns = node.getAttribute("xmlns");
                if (colon > 0) {
                    page = namespace(qname.substring(0, colon));
                } else if (!xmlns.isEmpty()) {
                    page = namespace(xmlns);
                    childDefault = page;
                } else {
                    page = inherited != null ? inherited : sticky;
                }
            }
            Element e = new Element(page.namespace(), page.tagName(tag(page, local)));
            if (parent == null) {
                result = e;
            } else {
                parent.add(e);
            }
            StringBuilder text = new StringBuilder();
            boolean hasText = false;
            Deque<org.w3c.dom.Element> children = new ArrayDeque<>();
            for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
                switch (c.getNodeType()) {
                    case Node.ELEMENT_NODE -> children.push((org.w3c.dom.Element) c);
                    case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                        text.append(c.getNodeValue());
                        hasText = true;
                    }
                    default -> { } // comments, processing instructions
                }
            }
            if (children.isEmpty()) {
                if (hasText) {
                    e.text(text.toString());
                }
            } else {
                if (!text.toString().isBlank()) {
                    throw new WbxmlException(local + " mixes text and child elements");
                }
                for (org.w3c.dom.Element c : children) { // reversed: first child pops first
                    stack.push(new Object[] {c, e, childDefault});
                }
            }
        }
        return result;
    }

    /** The XML uses a namespace prefix it never declares. */
    private static final class UnboundPrefix extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private static Document parse(byte[] xml, boolean namespaceAware)
            throws WbxmlException, UnboundPrefix {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(namespaceAware);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXException e) {
            if (namespaceAware && String.valueOf(e.getMessage()).contains("is not bound")) {
                throw new UnboundPrefix();
            }
            throw new WbxmlException("not well-formed XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException | IOException e) {
            throw new WbxmlException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static void checkAttributes(org.w3c.dom.Element node) throws WbxmlException {
        NamedNodeMap attrs = node.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String name = a.getName();
            boolean declaration = name.equals("xmlns") || name.startsWith("xmlns:");
            // sync*gw puts CHARSET on its root element; it carries no content.
            if (!declaration && !name.equals(SYNCGW_NS_ATTRIBUTE) && !name.equals("CHARSET")) {
                throw new WbxmlException("attribute " + name + " on " + node.getTagName()
                        + ": ActiveSync has no attributes");
            }
        }
    }

    /** The code page for any of the namespace spellings in the class comment. */
    static CodePage namespace(String uri) throws WbxmlException {
        String s = uri;
        if (s.startsWith(SYNCE_PREFIX)) {
            s = s.substring(SYNCE_PREFIX.length());
        }
        if (s.regionMatches(true, 0, "activesync:", 0, "activesync:".length())) {
            s = s.substring("activesync:".length());
        }
        if (s.endsWith(":")) {
            s = s.substring(0, s.length() - 1);
        }
        CodePage page = CodePages.byNamespace(s);
        if (page == null) {
            for (CodePage p : CodePages.all()) {
                if (p.namespace().equalsIgnoreCase(s)
                        || (p.number() == 6 && s.equalsIgnoreCase("ItemEstimate"))) {
                    page = p;
                }
            }
        }
        if (page == null) {
            throw new WbxmlException("unknown ActiveSync namespace " + uri);
        }
        return page;
    }

    private static int tag(CodePage page, String local) throws WbxmlException {
        int token = page.token(local);
        if (token < 0) {
            token = LibwbxmlNames.token(page, local);
        }
        if (token < 0) {
            for (var entry : page.tags().entrySet()) {
                if (entry.getValue().equalsIgnoreCase(local)) {
                    token = entry.getKey();
                }
            }
        }
        if (token < 0) {
            throw new WbxmlException("code page " + page.namespace() + " has no tag " + local);
        }
        return token;
    }

    public static String write(Element root, XmlDialect dialect) throws WbxmlException {
        StringWriter out = new StringWriter();
        write(root, dialect, out);
        return out.toString();
    }

    /** Writes one element per line, without indentation, like {@code wbxml2xml}. */
    public static void write(Element root, XmlDialect dialect, Writer out) throws WbxmlException {
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            if (dialect == XmlDialect.LIBWBXML) {
                w.writeDTD(LIBWBXML_DOCTYPE);
                w.writeCharacters("\n");
            }
            Deque<Iterator<Element>> stack = new ArrayDeque<>();
            Deque<CodePage> pages = new ArrayDeque<>();
            writeElement(w, root, null, dialect, stack, pages);
            while (!stack.isEmpty()) {
                Iterator<Element> it = stack.peek();
                if (it.hasNext()) {
                    writeElement(w, it.next(), pages.peek(), dialect, stack, pages);
                } else {
                    stack.pop();
                    pages.pop();
                    w.writeEndElement();
                    w.writeCharacters("\n");
                }
            }
            w.writeEndDocument();
            w.flush();
        } catch (XMLStreamException e) {
            throw new WbxmlException("cannot write XML: " + e.getMessage(), e);
        }
    }

    private static void writeElement(XMLStreamWriter w, Element e, CodePage parentPage,
            XmlDialect dialect, Deque<Iterator<Element>> stack, Deque<CodePage> pages)
            throws XMLStreamException, WbxmlException {
        CodePage page = CodePages.byNamespace(e.namespace());
        if (page == null) {
            throw new WbxmlException("unknown code page namespace " + e.namespace());
        }
        int token = page.token(e.name());
        if (token < 0) {
            throw new WbxmlException("code page " + page.namespace() + " has no tag " + e.name());
        }
        boolean libwbxml = dialect == XmlDialect.LIBWBXML;
        String name = libwbxml ? LibwbxmlNames.name(page, token) : e.name();
        String content = content(e, page, token, libwbxml);
        boolean empty = content == null && e.children().isEmpty();
        if (empty) {
            w.writeEmptyElement(name);
        } else {
            w.writeStartElement(name);
        }
        if (page != parentPage) {
            w.writeDefaultNamespace(libwbxml ? LibwbxmlNames.namespace(page) : page.namespace() + ":");
        }
        if (empty) {
            w.writeCharacters("\n");
            return;
        }
        if (content != null) {
            writeText(w, content);
        }
        if (e.children().isEmpty()) {
            w.writeEndElement();
            w.writeCharacters("\n");
        } else {
            w.writeCharacters("\n");
            stack.push(e.children().iterator());
            pages.push(page);
        }
    }

    private static String content(Element e, CodePage page, int token, boolean libwbxml) {
        String text = e.text();
        if (e.opaque() == null) {
            return text;
        }
        String opaque = null;
        if (libwbxml && !LibwbxmlNames.isBinary(page, token)) {
            opaque = utf8OrNull(e.opaque());
        }
        if (opaque == null) {
            opaque = Base64.getEncoder().encodeToString(e.opaque());
        }
        return text == null ? opaque : text + opaque;
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Carriage returns as character references, or an XML reader would turn them into LF. */
    private static void writeText(XMLStreamWriter w, String text)
            throws XMLStreamException, WbxmlException {
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                w.writeCharacters(text.substring(start, i));
                w.writeEntityRef("#13");
                start = i + 1;
            } else if (c < 0x20 && c != '\t' && c != '\n') {
                throw new WbxmlException(String.format(Locale.ROOT,
                        "text contains U+%04X, which XML 1.0 cannot represent", (int) c));
            }
        }
        w.writeCharacters(text.substring(start));
    }
}
