package org.hearthsync.pim.internal;

import java.util.ArrayList;
import java.util.List;

import org.hearthsync.pim.MappingException;
import org.hearthsync.wbxml.Element;

/** Code page names (MS-ASWBXML) and small helpers for reading and building ApplicationData. */
final class Eas {
    static final String AIRSYNC = "AirSync";
    static final String BASE = "AirSyncBase";
    static final String CONTACTS = "Contacts";
    static final String CONTACTS2 = "Contacts2";
    static final String CALENDAR = "Calendar";
    static final String TASKS = "Tasks";
    static final String NOTES = "Notes";

    private Eas() {
    }

    static Element applicationData() {
        return new Element(AIRSYNC, "ApplicationData");
    }

    /** Adds a text child unless the value is null or empty (EAS has no use for empty fields). */
    static void put(Element parent, String ns, String name, String value) {
        if (value != null && !value.isEmpty()) {
            parent.addText(ns, name, value);
        }
    }

    /** Text of a child, trimmed of the surrounding white space pretty-printed XML adds; null when absent. */
    static String text(Element parent, String ns, String name) {
        return parent.child(ns, name).map(Eas::textOf).orElse(null);
    }

    static String textOf(Element e) {
        if (e.text() != null) {
            return e.text();
        }
        if (e.opaque() != null) {
            return new String(e.opaque(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return "";
    }

    static boolean has(Element parent, String ns, String name) {
        return parent.child(ns, name).isPresent();
    }

    static Integer integer(Element parent, String ns, String name) throws MappingException {
        String t = text(parent, ns, name);
        if (t == null || t.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(t.trim());
        } catch (NumberFormatException e) {
            throw new MappingException(ns + ":" + name + " is not a number: '" + t + "'");
        }
    }

    /** Texts of the {@code itemName} children of the {@code listName} child (Categories/Category, Children/Child). */
    static List<String> list(Element parent, String ns, String listName, String itemName) {
        List<String> out = new ArrayList<>();
        parent.child(ns, listName).ifPresent(l -> {
            for (Element c : l.children(ns, itemName)) {
                String t = textOf(c).trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        });
        return out;
    }

    static void putList(Element parent, String ns, String listName, String itemName, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        Element l = parent.add(ns, listName);
        for (String v : values) {
            l.addText(ns, itemName, v);
        }
    }

    static MappingException wrong(String field, String value) {
        return new MappingException(field + " has an unusable value: '" + value + "'");
    }
}
