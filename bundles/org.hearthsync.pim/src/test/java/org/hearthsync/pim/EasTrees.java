package org.hearthsync.pim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hearthsync.wbxml.Element;

/** Test helper: comparing and editing ApplicationData trees. */
final class EasTrees {
    private EasTrees() {
    }

    /** Every leaf as {@code path -> values}, order of siblings ignored. */
    static Map<String, List<String>> fields(Element e) {
        Map<String, List<String>> out = new TreeMap<>();
        collect(e, "", out);
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    private static void collect(Element e, String path, Map<String, List<String>> out) {
        for (Element c : e.children()) {
            String p = path + "/" + c.namespace() + ":" + c.name();
            if (c.children().isEmpty()) {
                String v = c.text() != null ? c.text().strip() : c.opaque() != null ? "[" + c.opaque().length + "]" : "";
                if (c.name().equals("Timezone")) {
                    v = withoutNames(v);
                }
                out.computeIfAbsent(p, k -> new ArrayList<>()).add(v);
            } else {
                collect(c, p, out);
            }
        }
    }

    /** Fails with the differing fields only. */
    static void assertSameFields(Element expected, Element actual, String context, String... ignore) {
        Map<String, List<String>> a = fields(expected);
        Map<String, List<String>> b = fields(actual);
        for (String i : ignore) {
            a.keySet().removeIf(k -> k.endsWith(i));
            b.keySet().removeIf(k -> k.endsWith(i));
        }
        if (!a.equals(b)) {
            StringBuilder sb = new StringBuilder("fields differ:\n");
            java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String k : keys) {
                if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                    sb.append(k).append(": ").append(a.get(k)).append(" -> ").append(b.get(k)).append('\n');
                }
            }
            org.junit.jupiter.api.Assertions.fail(sb + "\n" + context);
        }
    }

    /** A TIME_ZONE_INFORMATION with its two names blanked: names differ between equal zones. */
    static String withoutNames(String b64) {
        try {
            byte[] b = java.util.Base64.getDecoder().decode(b64);
            if (b.length == 172) {
                java.util.Arrays.fill(b, 4, 68, (byte) 0);
                java.util.Arrays.fill(b, 88, 152, (byte) 0);
            }
            return java.util.Base64.getEncoder().encodeToString(b);
        } catch (IllegalArgumentException e) {
            return b64;
        }
    }

    /** A deep copy with one top-level text field set (added when absent). */
    static Element withText(Element e, String ns, String name, String value) {
        Element copy = copy(e);
        copy.child(ns, name).ifPresentOrElse(c -> c.text(value), () -> copy.addText(ns, name, value));
        return copy;
    }

    /** A deep copy without the named top-level field. */
    static Element without(Element e, String ns, String name) {
        Element copy = copy(e);
        copy.child(ns, name).ifPresent(copy::remove);
        return copy;
    }

    static Element copy(Element e) {
        Element c = new Element(e.namespace(), e.name());
        c.text(e.text());
        c.opaque(e.opaque());
        for (Element k : e.children()) {
            c.add(copy(k));
        }
        return c;
    }
}
