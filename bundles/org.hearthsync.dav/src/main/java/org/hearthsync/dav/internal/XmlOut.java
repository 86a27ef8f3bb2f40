package org.hearthsync.dav.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes a DAV response body. Known namespaces get their fixed prefixes, declared once on the root; an element of
 * any other namespace (a property a client asked for that Hearth does not have) declares its own.
 */
final class XmlOut {
    private final StringBuilder out = new StringBuilder(4096);
    private final Deque<String> open = new ArrayDeque<>();
    private boolean rootWritten;

    XmlOut() {
        out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    }

    XmlOut start(String ns, String name) {
        String tag = tag(ns, name);
        out.append('<').append(tag);
        declarations(ns);
        out.append('>');
        open.push(tag);
        return this;
    }

    /** An empty element. */
    XmlOut empty(String ns, String name) {
        out.append('<').append(tag(ns, name));
        declarations(ns);
        out.append("/>");
        return this;
    }

    /** An empty element with one attribute. */
    XmlOut empty(String ns, String name, String attr, String value) {
        out.append('<').append(tag(ns, name));
        declarations(ns);
        out.append(' ').append(attr).append("=\"");
        escape(value, true);
        out.append("\"/>");
        return this;
    }

    XmlOut text(String ns, String name, String text) {
        start(ns, name);
        escape(text, false);
        return end();
    }

    XmlOut end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    String done() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString();
    }

    private static String tag(String ns, String name) {
        String p = Ns.prefix(ns);
        return p != null ? p + ":" + name : ns.isEmpty() ? name : "x:" + name;
    }

    private void declarations(String ns) {
        if (!rootWritten) {
            rootWritten = true;
            out.append(" xmlns:d=\"DAV:\" xmlns:c=\"").append(Ns.CALDAV).append("\" xmlns:card=\"").append(Ns.CARDDAV)
                    .append("\" xmlns:cs=\"").append(Ns.CS).append("\" xmlns:ical=\"").append(Ns.APPLE).append('"');
        }
        if (ns.isEmpty()) {
            out.append(" xmlns=\"\"");
        } else if (Ns.prefix(ns) == null) {
            out.append(" xmlns:x=\"");
            escape(ns, true);
            out.append('"');
        }
    }

    private void escape(String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\r' -> out.append("&#13;");
                default -> {
                    // characters XML 1.0 cannot carry at all are dropped rather than producing a broken document
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
    }
}
