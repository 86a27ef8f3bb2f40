package org.hearthsync.pim.internal;

/** The property names the mappers report in {@code keptByMerge}, for reports built outside this package. */
public final class Names {
    private Names() {
    }

    public static String vcard(ezvcard.property.VCardProperty p) {
        return ContactMapper.propertyName(p);
    }

    public static String ical(biweekly.property.ICalProperty p) {
        return CalDoc.propertyName(p);
    }
}
