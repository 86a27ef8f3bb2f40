package org.hearthsync.pim.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ezvcard.VCard;
import ezvcard.parameter.AddressType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Address;
import ezvcard.property.Email;
import ezvcard.property.Impp;
import ezvcard.property.RawProperty;
import ezvcard.property.Telephone;
import ezvcard.property.VCardProperty;

/**
 * A vCard with its multi-valued properties assigned to the fixed EAS slots (three e-mails, the
 * named phone numbers, three addresses, three IM addresses). The assignment depends only on the
 * card, so toEas and fromEas see the same slot for the same property: that is what lets a merge
 * update the right TEL or EMAIL and leave the overflow untouched.
 */
final class ContactCard {
    /** Phone slots, in the order a TEL of a given kind looks for a free one. */
    static final List<String> PHONE_SLOTS = List.of("BusinessPhoneNumber", "Business2PhoneNumber", "HomePhoneNumber",
            "Home2PhoneNumber", "MobilePhoneNumber", "CarPhoneNumber", "RadioPhoneNumber", "PagerNumber",
            "AssistantPhoneNumber", "CompanyMainPhone", "MMS", "BusinessFaxNumber", "HomeFaxNumber");
    static final List<String> ADDRESS_SLOTS = List.of("Business", "Home", "Other");
    /** vCard 3.0 clients without IMPP write one X- property per network. */
    static final List<String> LEGACY_IM = List.of("X-JABBER", "X-AIM", "X-MSN", "X-YAHOO", "X-ICQ", "X-SKYPE",
            "X-GOOGLE-TALK", "X-GTALK", "X-QQ");

    final VCard vcard;
    final Map<String, Telephone> phones = new LinkedHashMap<>();
    final List<Email> emails = new ArrayList<>();
    final Map<String, Address> addresses = new LinkedHashMap<>();
    final List<VCardProperty> ims = new ArrayList<>();
    /** Properties some EAS field is bound to; the others are carried only by merging. */
    final Set<VCardProperty> used = Collections.newSetFromMap(new IdentityHashMap<>());

    ContactCard(VCard vcard) {
        this.vcard = vcard;
        for (Telephone t : vcard.getTelephoneNumbers()) {
            String slot = freeSlot(phoneCandidates(types(t)));
            if (slot != null) {
                phones.put(slot, t);
                used.add(t);
            }
        }
        for (Email e : vcard.getEmails()) {
            if (emails.size() < 3 && e.getValue() != null && !e.getValue().isBlank()) {
                emails.add(e);
                used.add(e);
            }
        }
        for (Address a : vcard.getAddresses()) {
            Set<String> types = lower(a.getTypes().stream().map(AddressType::getValue).toList());
            String slot = types.contains("work") ? "Business" : types.contains("home") ? "Home" : "Other";
            if (!addresses.containsKey(slot)) {
                addresses.put(slot, a);
                used.add(a);
            }
        }
        for (Impp i : vcard.getImpps()) {
            addIm(i);
        }
        for (String name : LEGACY_IM) {
            for (RawProperty p : vcard.getExtendedProperties(name)) {
                addIm(p);
            }
        }
    }

    private void addIm(VCardProperty p) {
        if (ims.size() < 3) {
            ims.add(p);
            used.add(p);
        }
    }

    private String freeSlot(List<String> candidates) {
        for (String c : candidates) {
            if (!phones.containsKey(c)) {
                return c;
            }
        }
        return null;
    }

    static Set<String> types(Telephone t) {
        List<String> names = new ArrayList<>();
        for (TelephoneType type : t.getTypes()) {
            names.add(type.getValue());
        }
        return lower(names);
    }

    /** Lower-case TYPE values; a 2.1 card's {@code TYPE=WORK,FAX} arrives as one value and is split here. */
    private static Set<String> lower(List<String> names) {
        Set<String> out = new java.util.HashSet<>();
        for (String n : names) {
            for (String part : n.split(",")) {
                out.add(part.trim().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Which slots a TEL with these TYPEs may take, best first. */
    static List<String> phoneCandidates(Set<String> t) {
        boolean home = t.contains("home");
        boolean work = t.contains("work");
        if (t.contains("fax")) {
            return home ? List.of("HomeFaxNumber") : work ? List.of("BusinessFaxNumber") : List.of("BusinessFaxNumber", "HomeFaxNumber");
        }
        if (t.contains("x-mms") || t.contains("mms")) {
            return List.of("MMS");
        }
        if (t.contains("pager")) {
            return List.of("PagerNumber");
        }
        if (t.contains("car")) {
            return List.of("CarPhoneNumber");
        }
        if (t.contains("x-radio") || t.contains("radio")) {
            return List.of("RadioPhoneNumber");
        }
        if (t.contains("x-assistant") || t.contains("assistant")) {
            return List.of("AssistantPhoneNumber");
        }
        if (t.contains("x-company-main") || t.contains("main")) {
            return List.of("CompanyMainPhone");
        }
        if (t.contains("cell") || t.contains("iphone") || t.contains("mobile")) {
            return List.of("MobilePhoneNumber");
        }
        if (work) {
            return List.of("BusinessPhoneNumber", "Business2PhoneNumber");
        }
        if (home) {
            return List.of("HomePhoneNumber", "Home2PhoneNumber");
        }
        // untyped, voice, other, msg, video...: most such numbers today are mobiles
        return List.of("MobilePhoneNumber", "HomePhoneNumber", "Home2PhoneNumber", "BusinessPhoneNumber",
                "Business2PhoneNumber");
    }

    /** The TYPEs a new TEL for a slot gets, chosen so that {@link #phoneCandidates} puts it back in that slot. */
    static List<TelephoneType> typesFor(String slot) {
        switch (slot) {
            case "BusinessPhoneNumber":
            case "Business2PhoneNumber": return List.of(TelephoneType.WORK, TelephoneType.VOICE);
            case "HomePhoneNumber":
            case "Home2PhoneNumber": return List.of(TelephoneType.HOME, TelephoneType.VOICE);
            case "MobilePhoneNumber": return List.of(TelephoneType.CELL);
            case "CarPhoneNumber": return List.of(TelephoneType.CAR);
            case "RadioPhoneNumber": return List.of(TelephoneType.get("x-radio"));
            case "PagerNumber": return List.of(TelephoneType.PAGER);
            case "AssistantPhoneNumber": return List.of(TelephoneType.get("x-assistant"));
            case "CompanyMainPhone": return List.of(TelephoneType.WORK, TelephoneType.get("x-company-main"));
            case "MMS": return List.of(TelephoneType.get("x-mms"));
            case "BusinessFaxNumber": return List.of(TelephoneType.WORK, TelephoneType.FAX);
            default: return List.of(TelephoneType.HOME, TelephoneType.FAX);
        }
    }

    static String phoneText(Telephone t) {
        if (t.getText() != null) {
            return t.getText();
        }
        if (t.getUri() != null) {
            String n = t.getUri().getNumber();
            return t.getUri().getExtension() == null ? n : n + " x" + t.getUri().getExtension();
        }
        return null;
    }

    static String imText(VCardProperty p) {
        if (p instanceof Impp i) {
            if (i.getUri() == null) {
                return null;
            }
            String h = i.getHandle();
            return h != null ? h : i.getUri().toString();
        }
        return ((RawProperty) p).getValue();
    }
}
