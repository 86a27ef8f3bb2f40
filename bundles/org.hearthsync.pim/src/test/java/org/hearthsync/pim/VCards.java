package org.hearthsync.pim;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.property.VCardProperty;

/** Test helper for vCard comparisons. */
final class VCards {
    private VCards() {
    }

    static VCard parse(String text) {
        return Ezvcard.parse(text).first();
    }

    /** How many properties of each kind, leaving out the named ones. */
    static Map<String, Integer> propertyCounts(String text, String... except) {
        Set<String> skip = Set.of(except);
        Map<String, Integer> out = new TreeMap<>();
        for (VCardProperty p : parse(text).getProperties()) {
            String n = name(p);
            if (!skip.contains(n)) {
                out.merge(n, 1, Integer::sum);
            }
        }
        return out;
    }

    static String name(VCardProperty p) {
        if (p instanceof ezvcard.property.RawProperty r) {
            return r.getPropertyName().toUpperCase();
        }
        switch (p.getClass().getSimpleName()) {
            case "FormattedName": return "FN";
            case "Revision": return "REV";
            default: return p.getClass().getSimpleName();
        }
    }
}
