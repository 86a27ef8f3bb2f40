package org.hearthsync.wbxml.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.hearthsync.wbxml.Element;

/**
 * Semantic equality of two trees, as tests need it when one side went through XML: names,
 * namespaces and child order must match exactly; content compares with line endings normalised
 * (XML turns CR LF into LF) and leading and trailing whitespace ignored (libwbxml drops it), no
 * text equal to empty text, and opaque bytes equal to text that is either their base64 form or
 * their UTF-8 decoding (the two ways XML tools print OPAQUE). Text also equals its own base64
 * form, because libwbxml prints the conversation ids as base64 even when they arrived as STR_I.
 */
public final class ElementComparison {
    private ElementComparison() {
    }

    public static boolean equivalent(Element a, Element b) {
        return firstDifference(a, b).isEmpty();
    }

    /** A description of the first difference with its element path, or empty if equivalent. */
    public static Optional<String> firstDifference(Element expected, Element actual) {
        Deque<Element[]> work = new ArrayDeque<>();
        Deque<String> paths = new ArrayDeque<>();
        work.push(new Element[] {expected, actual});
        paths.push("");
        while (!work.isEmpty()) {
            Element[] pair = work.pop();
            String path = paths.pop() + "/" + pair[0].namespace() + ":" + pair[0].name();
            Element a = pair[0];
            Element b = pair[1];
            if (!a.namespace().equals(b.namespace()) || !a.name().equals(b.name())) {
                return Optional.of(path + ": expected element " + a.namespace() + ":" + a.name()
                        + " but was " + b.namespace() + ":" + b.name());
            }
            if (!sameContent(a, b)) {
                return Optional.of(path + ": expected content " + describe(a) + " but was "
                        + describe(b));
            }
            List<Element> ac = a.children();
            List<Element> bc = b.children();
            if (ac.size() != bc.size()) {
                return Optional.of(path + ": expected " + ac.size() + " children but was "
                        + bc.size());
            }
            for (int i = ac.size() - 1; i >= 0; i--) {
                work.push(new Element[] {ac.get(i), bc.get(i)});
                paths.push(path);
            }
        }
        return Optional.empty();
    }

    private static boolean sameContent(Element a, Element b) {
        if (a.opaque() != null && b.opaque() != null) {
            return Arrays.equals(a.opaque(), b.opaque()) && sameText(a.text(), b.text());
        }
        if (a.opaque() != null) {
            return opaqueMatchesText(a.opaque(), b.text()) && a.text() == null;
        }
        if (b.opaque() != null) {
            return opaqueMatchesText(b.opaque(), a.text()) && b.text() == null;
        }
        return sameText(a.text(), b.text());
    }

    private static boolean sameText(String a, String b) {
        String na = normalise(a);
        String nb = normalise(b);
        return na.equals(nb)
                || opaqueMatchesText(na.getBytes(StandardCharsets.UTF_8), nb)
                || opaqueMatchesText(nb.getBytes(StandardCharsets.UTF_8), na);
    }

    private static boolean opaqueMatchesText(byte[] opaque, String text) {
        String t = normalise(text);
        if (t.equals(normalise(new String(opaque, StandardCharsets.UTF_8)))) {
            return true;
        }
        if (t.isEmpty()) {
            return opaque.length == 0;
        }
        try {
            return Arrays.equals(opaque, Base64.getMimeDecoder().decode(t));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static String normalise(String s) {
        return s == null ? "" : s.replace("\r\n", "\n").replace('\r', '\n').strip();
    }

    private static String describe(Element e) {
        if (e.opaque() != null) {
            return "[opaque " + e.opaque().length + " bytes]";
        }
        String t = e.text();
        if (t == null) {
            return "(none)";
        }
        return "\"" + (t.length() > 80 ? t.substring(0, 80) + "..." : t) + "\"";
    }
}
