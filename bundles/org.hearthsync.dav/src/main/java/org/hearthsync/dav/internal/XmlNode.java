package org.hearthsync.dav.internal;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One element of a parsed request body: its namespace and local name, its attributes that matter to DAV
 * ({@code name}, {@code start}, ...; unqualified only), its child elements and its text.
 */
record XmlNode(String ns, String name, java.util.Map<String, String> attributes, List<XmlNode> children, String text) {

    boolean is(String namespace, String localName) {
        return ns.equals(namespace) && name.equals(localName);
    }

    Optional<XmlNode> child(String namespace, String localName) {
        return children.stream().filter(c -> c.is(namespace, localName)).findFirst();
    }

    Stream<XmlNode> all(String namespace, String localName) {
        return children.stream().filter(c -> c.is(namespace, localName));
    }

    String attribute(String attr) {
        return attributes.get(attr);
    }

    String trimmed() {
        return text.trim();
    }
}
