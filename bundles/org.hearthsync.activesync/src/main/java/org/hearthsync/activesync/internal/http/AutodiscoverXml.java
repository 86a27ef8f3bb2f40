package org.hearthsync.activesync.internal.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reading Autodiscover POX requests (safely: no DTDs, no entities) and writing its responses. */
final class AutodiscoverXml {

    /**
     * The parts of a request Hearth uses.
     *
     * @param schema           the namespace of the {@code Autodiscover} root
     * @param email            {@code Request/EMailAddress}, or {@code null}
     * @param acceptableSchema {@code Request/AcceptableResponseSchema}, or {@code null}
     */
    record Request(String schema, String email, String acceptableSchema) {
    }

    private AutodiscoverXml() {
    }

    /** The request, or {@code null} when the body is not an Autodiscover document. */
    static Request parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document d = b.parse(new ByteArrayInputStream(body));
            Node root = d.getDocumentElement();
            if (root == null || !"Autodiscover".equals(root.getLocalName())) {
                return null;
            }
            Node request = child(root, "Request");
            if (request == null) {
                return null;
            }
            return new Request(root.getNamespaceURI(), text(child(request, "EMailAddress")),
                    text(child(request, "AcceptableResponseSchema")));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    private static Node child(Node parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && localName.equals(n.getLocalName())) {
                return n;
            }
        }
        return null;
    }

    private static String text(Node n) {
        if (n == null) {
            return null;
        }
        String t = n.getTextContent();
        return t == null || t.isBlank() ? null : t.trim();
    }

    static String mobileSync(String displayName, String email, String url) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<Autodiscover xmlns=\"" + AutodiscoverServlet.GENERIC_RESPONSE + "\">\n"
                + "  <Response xmlns=\"" + AutodiscoverServlet.MOBILESYNC_RESPONSE + "\">\n"
                + "    <Culture>en:us</Culture>\n"
                + "    <User>\n"
                + "      <DisplayName>" + escape(displayName) + "</DisplayName>\n"
                + "      <EMailAddress>" + escape(email) + "</EMailAddress>\n"
                + "    </User>\n"
                + "    <Action>\n"
                + "      <Settings>\n"
                + "        <Server>\n"
                + "          <Type>MobileSync</Type>\n"
                + "          <Url>" + escape(url) + "</Url>\n"
                + "          <Name>" + escape(url) + "</Name>\n"
                + "        </Server>\n"
                + "      </Settings>\n"
                + "    </Action>\n"
                + "  </Response>\n"
                + "</Autodiscover>\n";
    }

    static String mobileSyncError(String email, String message) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<Autodiscover xmlns=\"" + AutodiscoverServlet.GENERIC_RESPONSE + "\">\n"
                + "  <Response xmlns=\"" + AutodiscoverServlet.MOBILESYNC_RESPONSE + "\">\n"
                + "    <Culture>en:us</Culture>\n"
                + "    <User>\n"
                + "      <EMailAddress>" + escape(email) + "</EMailAddress>\n"
                + "    </User>\n"
                + "    <Action>\n"
                + "      <Error>\n"
                + "        <Status>1</Status>\n"
                + "        <Message>" + escape(message) + "</Message>\n"
                + "        <DebugData>MailUser</DebugData>\n"
                + "      </Error>\n"
                + "    </Action>\n"
                + "  </Response>\n"
                + "</Autodiscover>\n";
    }

    /** The schema-independent error response (600 invalid request, 601 provider not available). */
    static String error(int code, String message, String debug, Clock clock) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<Autodiscover xmlns=\"" + AutodiscoverServlet.GENERIC_RESPONSE + "\">\n"
                + "  <Response>\n"
                + "    <Error Time=\"" + AutodiscoverServlet.TIME.format(clock.instant()) + "\" Id=\""
                + AutodiscoverServlet.errorId() + "\">\n"
                + "      <ErrorCode>" + code + "</ErrorCode>\n"
                + "      <Message>" + escape(message) + "</Message>\n"
                + "      <DebugData>" + escape(debug) + "</DebugData>\n"
                + "    </Error>\n"
                + "  </Response>\n"
                + "</Autodiscover>\n";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (ch >= 0x20 || ch == '\t' || ch == '\n') {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
