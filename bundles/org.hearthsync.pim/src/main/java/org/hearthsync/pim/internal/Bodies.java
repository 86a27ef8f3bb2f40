package org.hearthsync.pim.internal;

import java.nio.charset.StandardCharsets;

import org.hearthsync.pim.MappingException;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.wbxml.Element;

/**
 * The item body: {@code AirSyncBase:Body} from EAS 12.0 on, the class's own {@code Body} and
 * {@code BodyTruncated} before. The store keeps plain text (NOTE / DESCRIPTION).
 */
final class Bodies {
    /** What the phone sent. {@code usable} is false for a body we cannot turn into text (RTF, MIME) or a truncated one. */
    record Body(String text, boolean usable) {
    }

    private Bodies() {
    }

    static void write(Element parent, String text, MappingOptions o, String legacyNs) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (!o.atLeast("12.0")) {
            String t = truncate(text, o.truncationSize());
            parent.addText(legacyNs, "Body", t);
            parent.addText(legacyNs, "BodyTruncated", t.length() < text.length() ? "1" : "0");
            return;
        }
        boolean html = o.bodyType() == MappingOptions.BODY_HTML;
        String data = html ? toHtml(text) : text;
        String sent = truncate(data, o.truncationSize());
        Element body = parent.add(Eas.BASE, "Body");
        body.addText(Eas.BASE, "Type", html ? "2" : "1");
        body.addText(Eas.BASE, "EstimatedDataSize", Integer.toString(data.getBytes(StandardCharsets.UTF_8).length));
        if (sent.length() < data.length()) {
            body.addText(Eas.BASE, "Truncated", "1");
        }
        body.addText(Eas.BASE, "Data", sent);
    }

    /** The phone's body, or null when it sent none. An empty text means the phone cleared it. */
    static Body read(Element parent, String legacyNs) throws MappingException {
        Element b = parent.child(Eas.BASE, "Body").orElse(null);
        if (b != null) {
            Integer type = Eas.integer(b, Eas.BASE, "Type");
            String data = Eas.text(b, Eas.BASE, "Data");
            if (type == null && data == null && b.text() != null) {
                return new Body(normalize(b.text()), true); // some clients put the text straight in Body
            }
            boolean truncated = "1".equals(Eas.text(b, Eas.BASE, "Truncated"));
            if (data == null) {
                return new Body("", !truncated);
            }
            int t = type == null ? 1 : type;
            if (t == 1) {
                return new Body(normalize(data), !truncated);
            }
            if (t == 2) {
                return new Body(normalize(fromHtml(data)), !truncated);
            }
            return new Body(null, false);
        }
        if (legacyNs != null && parent.child(legacyNs, "Body").isPresent()) {
            boolean truncated = "1".equals(Eas.text(parent, legacyNs, "BodyTruncated"));
            return new Body(normalize(Eas.text(parent, legacyNs, "Body")), !truncated);
        }
        return null;
    }

    /** Line ends as the store writes them; trailing blanks are noise phones add or strip. */
    static String normalize(String s) {
        return s == null ? null : s.replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
    }

    static String truncate(String s, int maxBytes) {
        if (maxBytes < 0) {
            return s;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    static String toHtml(String text) {
        StringBuilder sb = new StringBuilder("<html><body>");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\r': break;
                case '\n': sb.append("<br>"); break;
                default: sb.append(c);
            }
        }
        return sb.append("</body></html>").toString();
    }

    /** Crude HTML to text: enough for bodies phones write (paragraphs, line breaks, entities). */
    static String fromHtml(String html) {
        String s = html.replaceAll("(?is)<(head|style|script)[^>]*>.*?</\\1>", "")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</(p|div|li|tr|h\\d)>", "\n")
                .replaceAll("<[^>]*>", "");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
        return s;
    }
}
