package org.hearthsync.wbxml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of an ActiveSync document, as the codec reads and writes it.
 *
 * <p>An element is named by its code page (the namespace, such as {@code "AirSync"} or
 * {@code "Contacts"}, exactly as MS-ASWBXML names the page) and its tag name. It holds either
 * child elements, or text, or opaque bytes (contact pictures, binary ids). Mutable, so a
 * response can be built in place; not thread-safe.
 */
public final class Element {
    private final String namespace;
    private final String name;
    private String text;
    private byte[] opaque;
    private final List<Element> children = new ArrayList<>();

    public Element(String namespace, String name) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
    }

    public static Element of(String namespace, String name, String text) {
        Element e = new Element(namespace, name);
        e.text = text;
        return e;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** The text content, or {@code null} when the element carries none. */
    public String text() {
        return text;
    }

    public Element text(String value) {
        this.text = value;
        return this;
    }

    /** The opaque content, or {@code null}. */
    public byte[] opaque() {
        return opaque;
    }

    public Element opaque(byte[] value) {
        this.opaque = value;
        return this;
    }

    public boolean is(String ns, String localName) {
        return namespace.equals(ns) && name.equals(localName);
    }

    public List<Element> children() {
        return Collections.unmodifiableList(children);
    }

    /** Appends {@code child} and returns it. */
    public Element add(Element child) {
        children.add(Objects.requireNonNull(child, "child"));
        return child;
    }

    /** Appends a new empty child and returns it. */
    public Element add(String ns, String localName) {
        return add(new Element(ns, localName));
    }

    /** Appends a new child with text and returns this element, for chained building. */
    public Element addText(String ns, String localName, String value) {
        add(of(ns, localName, value));
        return this;
    }

    public boolean remove(Element child) {
        return children.remove(child);
    }

    public Optional<Element> child(String ns, String localName) {
        for (Element c : children) {
            if (c.is(ns, localName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public List<Element> children(String ns, String localName) {
        List<Element> out = new ArrayList<>();
        for (Element c : children) {
            if (c.is(ns, localName)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Text of the first matching child, or {@code null} when absent. */
    public String childText(String ns, String localName) {
        return child(ns, localName).map(Element::text).orElse(null);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb, 0);
        return sb.toString();
    }

    private void appendTo(StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth)).append('<').append(namespace).append(':').append(name);
        if (children.isEmpty() && text == null && opaque == null) {
            sb.append("/>\n");
            return;
        }
        sb.append('>');
        if (text != null) {
            sb.append(text);
        } else if (opaque != null) {
            sb.append("[opaque ").append(opaque.length).append(" bytes]");
        }
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Element c : children) {
                c.appendTo(sb, depth + 1);
            }
            sb.append("  ".repeat(depth));
        }
        sb.append("</").append(namespace).append(':').append(name).append(">\n");
    }
}
