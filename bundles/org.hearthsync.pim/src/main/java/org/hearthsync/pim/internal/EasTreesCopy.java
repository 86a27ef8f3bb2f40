package org.hearthsync.pim.internal;

import org.hearthsync.wbxml.Element;

/** Copies of ApplicationData fragments with a field filled in (an exception inherits the series' zone). */
final class EasTreesCopy {
    private EasTreesCopy() {
    }

    static Element withTimezone(Element e, String struct) {
        return withText(e, Eas.CALENDAR, "Timezone", struct);
    }

    static Element withText(Element e, String ns, String name, String value) {
        Element c = copy(e);
        c.child(ns, name).ifPresentOrElse(x -> x.text(value), () -> c.addText(ns, name, value));
        return c;
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
