package org.hearthsync.pim.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import org.hearthsync.pim.files.PimText;
import org.hearthsync.pim.MappingException;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.pim.PimClass;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.wbxml.Element;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardReader;
import ezvcard.io.text.VCardWriter;
import ezvcard.parameter.AddressType;
import ezvcard.parameter.ImageType;
import ezvcard.parameter.RelatedType;
import ezvcard.property.Address;
import ezvcard.property.Anniversary;
import ezvcard.property.Birthday;
import ezvcard.property.Categories;
import ezvcard.property.DateOrTimeProperty;
import ezvcard.property.Email;
import ezvcard.property.FormattedName;
import ezvcard.property.Impp;
import ezvcard.property.Nickname;
import ezvcard.property.Note;
import ezvcard.property.Organization;
import ezvcard.property.Photo;
import ezvcard.property.RawProperty;
import ezvcard.property.Related;
import ezvcard.property.Revision;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.Title;
import ezvcard.property.Uid;
import ezvcard.property.Url;
import ezvcard.property.VCardProperty;
import ezvcard.util.PartialDate;

/** MS-ASCNTC (Contacts and Contacts2 code pages) to and from vCard; see MAPPING.md for the table. */
public final class ContactMapper implements PimMapper {
    /** Year Apple and Exchange clients use for a birthday without a year. */
    static final int NO_YEAR = 1604;

    @FunctionalInterface
    interface Getter {
        String get(Ctx c);
    }

    @FunctionalInterface
    interface Setter {
        void set(Ctx c, String value) throws MappingException;
    }

    record Field(String ns, String name, Getter get, Setter set) {
    }

    /** The card being mapped, its slot assignment and the options. */
    static final class Ctx {
        final ContactCard card;
        final VCard v;
        final MappingOptions o;

        Ctx(VCard v, MappingOptions o) {
            this.card = new ContactCard(v);
            this.v = v;
            this.o = o;
        }

        <T extends VCardProperty> T use(T p) {
            if (p != null) {
                card.used.add(p);
            }
            return p;
        }
    }

    private static final List<Field> FIELDS = fields();

    @Override
    public PimClass pimClass() {
        return PimClass.CONTACTS;
    }

    @Override
    public String uid(String storedText) throws MappingException {
        Uid uid = parse(storedText).getUid();
        return uid == null ? null : uid.getValue();
    }

    @Override
    public Element toEas(String storedText, MappingOptions o) throws MappingException {
        try {
            Ctx c = new Ctx(parse(storedText), o);
            Element data = Eas.applicationData();
            Bodies.write(data, note(c), o, Eas.CONTACTS);
            for (Field f : FIELDS) {
                Eas.put(data, f.ns(), f.name(), f.get().get(c));
            }
            Eas.putList(data, Eas.CONTACTS, "Categories", "Category", categories(c));
            Eas.putList(data, Eas.CONTACTS, "Children", "Child", children(c));
            byte[] pic = picture(c);
            if (pic != null) {
                data.addText(Eas.CONTACTS, "Picture", Base64.getEncoder().encodeToString(pic));
            }
            return data;
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot map vCard to EAS: " + e, e);
        }
    }

    @Override
    public MergeResult fromEas(String storedText, Element data, MappingOptions o) throws MappingException {
        try {
            VCard v = storedText == null ? newCard() : parse(storedText);
            Ctx c = new Ctx(v, o);
            MergeLog log = new MergeLog();
            List<String> before = keptNames(c);
            for (Field f : FIELDS) {
                boolean present = Eas.has(data, f.ns(), f.name());
                if (!present && !o.supports(f.name())) {
                    continue; // ghosted: the phone does not know this field
                }
                String phone = clean(present ? Eas.text(data, f.ns(), f.name()) : null);
                String cur = clean(f.get().get(c));
                if (!same(f.name(), cur, phone)) {
                    f.set().set(c, phone);
                    log.changed();
                }
            }
            mergeLists(c, data, log);
            mergeBody(c, data, log);
            mergePicture(c, data, log);
            if (storedText != null && !log.isChanged()) {
                return new MergeResult(storedText, uidOf(v), false, before);
            }
            if (v.getFormattedName() == null || v.getFormattedName().getValue() == null
                    || v.getFormattedName().getValue().isBlank()) {
                v.setFormattedName(displayName(v));
            }
            v.setRevision(new Revision(Instant.now(o.clock()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            return new MergeResult(write(v), uidOf(v), true, keptNames(new Ctx(v, o)));
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot merge EAS contact: " + e, e);
        }
    }

    // ---- parsing and writing

    static VCard parse(String text) throws MappingException {
        if (text == null || text.isBlank()) {
            throw new MappingException("stored contact is empty");
        }
        try (VCardReader r = new VCardReader(PimText.readable(text))) { // BOM, blank lines: see PimText
            VCard v = r.readNext();
            if (v == null) {
                throw new MappingException("stored text holds no vCard");
            }
            if (r.readNext() != null) {
                throw new MappingException("stored text holds more than one vCard");
            }
            for (VCardProperty p : v.getProperties()) {
                plainTypes(p.getParameters());
            }
            return v;
        } catch (IOException | RuntimeException | AssertionError e) {
            throw new MappingException("unparseable vCard: " + e.getMessage(), e);
        }
    }

    /**
     * TYPE values one by one, as vCard 4.0 writes them: 2.1 and 3.0 producers write a list as one quoted value
     * ({@code TYPE="work,voice"}, Apple, KDE) or comma-separated in one value, which ez-vcard keeps as one value with
     * the quotes in it; the slot choice would miss {@code work} and a rewrite would write the quotes as data.
     */
    static void plainTypes(ezvcard.parameter.VCardParameters params) {
        List<String> types = params.get("TYPE");
        if (types.isEmpty()) {
            return;
        }
        List<String> plain = new ArrayList<>();
        for (String t : types) {
            for (String part : t.split(",")) {
                String one = part.strip();
                if (one.length() >= 2 && one.startsWith("\"") && one.endsWith("\"")) {
                    one = one.substring(1, one.length() - 1).strip();
                }
                one = one.replace("\"", "").strip();
                if (!one.isEmpty() && !plain.contains(one)) {
                    plain.add(one);
                }
            }
        }
        if (!plain.equals(types)) {
            params.replace("TYPE", plain);
        }
    }

    static String write(VCard v) throws MappingException {
        StringWriter sw = new StringWriter();
        try (VCardWriter w = new VCardWriter(sw, VCardVersion.V4_0)) {
            w.setAddProdId(false);
            w.setVersionStrict(false); // keep 2.1/3.0-only properties (LABEL, MAILER, ...) rather than drop them
            w.setCaretEncodingEnabled(true); // RFC 6868: parameter values with line breaks (ADR LABEL)
            w.write(v);
        } catch (IOException e) {
            throw new MappingException("cannot write vCard: " + e.getMessage(), e);
        }
        return sw.toString();
    }

    private static VCard newCard() {
        VCard v = new VCard(VCardVersion.V4_0);
        v.setUid(new Uid("urn:uuid:" + UUID.randomUUID()));
        return v;
    }

    private static String uidOf(VCard v) {
        return v.getUid() == null || v.getUid().getValue() == null ? "" : v.getUid().getValue();
    }

    private static List<String> keptNames(Ctx c) {
        // bind every field once so the slots and singletons are marked used
        for (Field f : FIELDS) {
            f.get().get(c);
        }
        categories(c);
        children(c);
        note(c);
        picture(c);
        List<String> out = new ArrayList<>();
        for (VCardProperty p : c.v.getProperties()) {
            if (!c.card.used.contains(p)) {
                out.add(propertyName(p));
            }
        }
        return out;
    }

    static String propertyName(VCardProperty p) {
        if (p instanceof RawProperty r) {
            return r.getPropertyName().toUpperCase(Locale.ROOT);
        }
        String simple = p.getClass().getSimpleName();
        switch (simple) {
            case "StructuredName": return "N";
            case "FormattedName": return "FN";
            case "Telephone": return "TEL";
            case "Organization": return "ORG";
            case "Birthday": return "BDAY";
            case "Revision": return "REV";
            case "Address": return "ADR";
            case "Label": return "LABEL";
            case "Timezone": return "TZ";
            case "Geo": return "GEO";
            case "Mailer": return "MAILER";
            case "ProductId": return "PRODID";
            case "SortString": return "SORT-STRING";
            case "SourceDisplayText": return "NAME";
            case "Xml": return "XML";
            case "ClientPidMap": return "CLIENTPIDMAP";
            case "FreeBusyUrl": return "FBURL";
            case "CalendarUri": return "CALURI";
            case "CalendarRequestUri": return "CALADRURI";
            default: return simple.toUpperCase(Locale.ROOT);
        }
    }

    // ---- comparison

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replace("\r\n", "\n").strip();
        return t.isEmpty() ? null : t;
    }

    private static boolean same(String field, String stored, String phone) {
        if (Objects.equals(stored, phone)) {
            return true;
        }
        if (stored == null || phone == null) {
            return false;
        }
        if (field.startsWith("Email")) {
            return emailAddress(stored).equalsIgnoreCase(emailAddress(phone));
        }
        if (field.equals("Birthday") || field.equals("Anniversary")) {
            try {
                return EasDates.nearestDate(field, stored).equals(EasDates.nearestDate(field, phone));
            } catch (MappingException e) {
                return false;
            }
        }
        return false;
    }

    /** Phones send {@code "Name" <addr>}; the store keeps the address. */
    static String emailAddress(String v) {
        int lt = v.lastIndexOf('<');
        int gt = v.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            return v.substring(lt + 1, gt).trim();
        }
        return v.trim();
    }

    // ---- the field table

    private static List<Field> fields() {
        List<Field> f = new ArrayList<>();
        String C = Eas.CONTACTS;
        String C2 = Eas.CONTACTS2;
        f.add(new Field(C, "FileAs", c -> {
            RawProperty fileAs = c.use(firstRaw(c.v, FILE_AS_X));
            if (fileAs != null) {
                return rawText(fileAs); // Evolution's "file under" is what EAS FileAs means; FN stays the display name
            }
            FormattedName fn = c.use(c.v.getFormattedName());
            return fn == null ? null : fn.getValue();
        }, (c, v) -> {
            RawProperty fileAs = firstRaw(c.v, FILE_AS_X);
            if (fileAs != null) {
                if (v == null) {
                    c.v.removeProperty(fileAs);
                } else if (!v.equals(rawText(fileAs))) {
                    fileAs.setValue(escapeText(v));
                }
            } else if (v != null) {
                FormattedName fn = c.v.getFormattedName();
                if (fn == null) {
                    c.v.setFormattedName(v);
                } else {
                    fn.setValue(v);
                }
            } else if (!displayName(c.v).isEmpty()) {
                c.v.setFormattedName(displayName(c.v)); // FN is required: fall back to the name
            }
        }));
        f.add(nameField("FirstName", StructuredName::getGiven, StructuredName::setGiven));
        f.add(nameField("LastName", StructuredName::getFamily, StructuredName::setFamily));
        f.add(nameField("MiddleName", n -> join(n.getAdditionalNames()), (n, v) -> setList(n.getAdditionalNames(), v)));
        f.add(nameField("Title", n -> join(n.getPrefixes()), (n, v) -> setList(n.getPrefixes(), v)));
        f.add(nameField("Suffix", n -> join(n.getSuffixes()), (n, v) -> setList(n.getSuffixes(), v)));
        f.add(new Field(C, "CompanyName", c -> orgPart(c, 0), (c, v) -> setOrgPart(c, 0, v)));
        f.add(new Field(C, "Department", c -> orgPart(c, 1), (c, v) -> setOrgPart(c, 1, v)));
        f.add(new Field(C, "JobTitle", c -> {
            Title t = c.use(first(c.v.getTitles()));
            return t == null ? null : t.getValue();
        }, (c, v) -> {
            Title t = first(c.v.getTitles());
            if (v == null) {
                c.v.removeProperty(t);
            } else if (t == null) {
                c.v.addTitle(v);
            } else {
                t.setValue(v);
            }
        }));
        f.add(xField(C, "OfficeLocation", "X-OFFICE-LOCATION", "X-EVOLUTION-OFFICE", "X-MS-OFFICE-LOCATION",
                "X-KADDRESSBOOK-X-OFFICE"));
        for (int i = 0; i < 3; i++) {
            final int n = i;
            f.add(new Field(C, "Email" + (i + 1) + "Address", c -> n < c.card.emails.size() ? c.card.emails.get(n).getValue() : null,
                    (c, v) -> setEmail(c, n, v)));
        }
        for (String slot : ContactCard.PHONE_SLOTS) {
            boolean two = slot.equals("CompanyMainPhone") || slot.equals("MMS");
            f.add(new Field(two ? C2 : C, slot, c -> {
                Telephone t = c.card.phones.get(slot);
                return t == null ? null : ContactCard.phoneText(t);
            }, (c, v) -> setPhone(c, slot, v)));
        }
        for (String slot : ContactCard.ADDRESS_SLOTS) {
            f.add(adrField(slot, "Street", a -> String.join("\n", a.getStreetAddresses()), Address::setStreetAddress));
            f.add(adrField(slot, "City", Address::getLocality, Address::setLocality));
            f.add(adrField(slot, "State", Address::getRegion, Address::setRegion));
            f.add(adrField(slot, "PostalCode", Address::getPostalCode, Address::setPostalCode));
            f.add(adrField(slot, "Country", Address::getCountry, Address::setCountry));
        }
        f.add(new Field(C, "WebPage", c -> {
            Url u = c.use(first(c.v.getUrls()));
            return u == null ? null : u.getValue();
        }, (c, v) -> {
            Url u = first(c.v.getUrls());
            if (v == null) {
                c.v.removeProperty(u);
            } else if (u == null) {
                c.v.addUrl(v);
            } else {
                u.setValue(v);
            }
        }));
        f.add(new Field(C, "Birthday", c -> dateGet(c, c.v.getBirthdays(), "X-BIRTHDAY"),
                (c, v) -> dateSet(c, v, c.v.getBirthdays(), List.of("X-BIRTHDAY"), true)));
        f.add(new Field(C, "Anniversary", c -> dateGet(c, c.v.getAnniversaries(), ANNIVERSARY_X.toArray(String[]::new)),
                (c, v) -> dateSet(c, v, c.v.getAnniversaries(), ANNIVERSARY_X, false)));
        f.add(new Field(C, "Spouse", ContactMapper::spouse, ContactMapper::setSpouse));
        f.add(xField(C, "AssistantName", "X-ASSISTANT", "X-EVOLUTION-ASSISTANT", "X-MS-ASSISTANT", "X-KADDRESSBOOK-X-ASSISTANTSNAME",
                "X-ABRELATEDNAMES@Assistant"));
        f.add(xField(C2, "ManagerName", "X-MANAGER", "X-EVOLUTION-MANAGER", "X-MS-MANAGER", "X-KADDRESSBOOK-X-MANAGERSNAME",
                "X-ABRELATEDNAMES@Manager"));
        f.add(xField(C, "YomiFirstName", "X-PHONETIC-FIRST-NAME"));
        f.add(xField(C, "YomiLastName", "X-PHONETIC-LAST-NAME"));
        f.add(xField(C, "YomiCompanyName", "X-PHONETIC-ORG"));
        f.add(new Field(C2, "NickName", c -> {
            Nickname n = c.use(first(c.v.getNicknames()));
            return n == null || n.getValues().isEmpty() ? null : n.getValues().get(0);
        }, (c, v) -> {
            Nickname n = first(c.v.getNicknames());
            if (v == null) {
                if (n != null && n.getValues().size() > 1) {
                    n.getValues().remove(0);
                } else {
                    c.v.removeProperty(n);
                }
            } else if (n == null || n.getValues().isEmpty()) {
                if (n != null) {
                    c.v.removeProperty(n);
                }
                c.v.setNickname(v);
            } else {
                n.getValues().set(0, v);
            }
        }));
        for (int i = 0; i < 3; i++) {
            final int n = i;
            f.add(new Field(C2, i == 0 ? "IMAddress" : "IMAddress" + (i + 1),
                    c -> n < c.card.ims.size() ? ContactCard.imText(c.card.ims.get(n)) : null, (c, v) -> setIm(c, n, v)));
        }
        f.add(xField(C2, "CustomerId", "X-EAS-CUSTOMERID"));
        f.add(xField(C2, "GovernmentId", "X-EAS-GOVERNMENTID"));
        f.add(xField(C2, "AccountName", "X-EAS-ACCOUNTNAME"));
        return List.copyOf(f);
    }

    // ---- N

    private static Field nameField(String name, java.util.function.Function<StructuredName, String> get,
            java.util.function.BiConsumer<StructuredName, String> set) {
        return new Field(Eas.CONTACTS, name, c -> {
            StructuredName n = c.use(c.v.getStructuredName());
            return n == null ? null : get.apply(n);
        }, (c, v) -> {
            StructuredName n = c.v.getStructuredName();
            if (n == null) {
                if (v == null) {
                    return;
                }
                n = new StructuredName();
                c.v.setStructuredName(n);
            }
            set.accept(n, v);
        });
    }

    private static String join(List<String> l) {
        List<String> nonEmpty = l.stream().filter(s -> s != null && !s.isBlank()).toList();
        return nonEmpty.isEmpty() ? null : String.join(" ", nonEmpty);
    }

    private static void setList(List<String> l, String v) {
        l.clear();
        if (v != null) {
            l.add(v);
        }
    }

    static String displayName(VCard v) {
        StructuredName n = v.getStructuredName();
        List<String> parts = new ArrayList<>();
        if (n != null) {
            if (n.getGiven() != null) {
                parts.add(n.getGiven());
            }
            parts.addAll(n.getAdditionalNames());
            if (n.getFamily() != null) {
                parts.add(n.getFamily());
            }
        }
        String s = String.join(" ", parts.stream().filter(p -> !p.isBlank()).toList()).trim();
        if (s.isEmpty() && v.getOrganization() != null && !v.getOrganization().getValues().isEmpty()) {
            s = v.getOrganization().getValues().get(0);
        }
        if (s.isEmpty() && !v.getEmails().isEmpty()) {
            s = v.getEmails().get(0).getValue();
        }
        return s == null ? "" : s;
    }

    // ---- ORG

    private static String orgPart(Ctx c, int i) {
        Organization org = c.use(c.v.getOrganization());
        if (org == null || org.getValues().size() <= i) {
            return null;
        }
        return org.getValues().get(i);
    }

    private static void setOrgPart(Ctx c, int i, String v) {
        Organization org = c.v.getOrganization();
        if (org == null) {
            if (v == null) {
                return;
            }
            org = new Organization();
            c.v.setOrganization(org);
        }
        List<String> vals = org.getValues();
        while (vals.size() <= i) {
            vals.add("");
        }
        vals.set(i, v == null ? "" : v);
        while (!vals.isEmpty() && vals.get(vals.size() - 1).isEmpty()) {
            vals.remove(vals.size() - 1);
        }
        if (vals.isEmpty()) {
            c.v.removeProperty(org);
        }
    }

    // ---- X- text properties with the names other clients use

    private static Field xField(String ns, String name, String canonical, String... alternates) {
        List<String> names = new ArrayList<>();
        names.add(canonical);
        names.addAll(Arrays.asList(alternates));
        return new Field(ns, name, c -> {
            RawProperty p = c.use(firstRaw(c.v, names));
            return p == null ? null : rawText(p);
        }, (c, v) -> {
            RawProperty p = firstRaw(c.v, names);
            if (v == null) {
                c.v.removeProperty(p);
            } else if (p == null) {
                c.v.addExtendedProperty(canonical, escapeText(v));
            } else if (!v.equals(rawText(p))) {
                p.setValue(escapeText(v));
            }
        });
    }

    /**
     * An extended property's value as text: ez-vcard keeps it as written, so Evolution's {@code Doe\, John} would reach
     * the phone with its backslash (vCard 3.0 escapes commas, semicolons and line breaks in text values).
     */
    static String rawText(RawProperty p) {
        String v = p.getValue();
        if (v == null || v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    static String escapeText(String v) {
        return v.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n");
    }

    /**
     * The extended properties called {@code name}; {@code NAME@Label} means those in an Apple item group labelled
     * so ({@code item2.X-ABRELATEDNAMES:Ann} with {@code item2.X-ABLabel:_$!<Assistant>!$_}: Apple, Google, DAVx5).
     */
    static List<RawProperty> rawProps(VCard v, String name) {
        int at = name.indexOf('@');
        if (at < 0) {
            return v.getExtendedProperties(name);
        }
        String label = name.substring(at + 1);
        List<RawProperty> out = new ArrayList<>();
        for (RawProperty p : v.getExtendedProperties(name.substring(0, at))) {
            if (p.getGroup() == null) {
                continue;
            }
            for (RawProperty l : v.getExtendedProperties("X-ABLABEL")) {
                String lv = l.getValue() == null ? "" : l.getValue().replace("_$!<", "").replace(">!$_", "").strip();
                if (p.getGroup().equalsIgnoreCase(l.getGroup()) && lv.equalsIgnoreCase(label)) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    private static RawProperty firstRaw(VCard v, List<String> names) {
        for (String n : names) {
            for (RawProperty p : rawProps(v, n)) {
                if (p.getValue() != null && !p.getValue().isBlank()) {
                    return p;
                }
            }
        }
        return null;
    }

    // ---- EMAIL, TEL, ADR, IMPP slots

    private static void setEmail(Ctx c, int n, String v) {
        List<Email> emails = c.card.emails;
        if (n < emails.size()) {
            Email e = emails.get(n);
            if (v == null) {
                c.v.removeProperty(e);
                emails.set(n, null);
                emails.removeIf(Objects::isNull);
            } else {
                e.setValue(emailAddress(v));
            }
        } else if (v != null) {
            Email e = c.v.addEmail(emailAddress(v));
            emails.add(e);
            c.use(e);
        }
    }

    private static void setPhone(Ctx c, String slot, String v) {
        Telephone t = c.card.phones.get(slot);
        if (t != null) {
            if (v == null) {
                c.v.removeProperty(t);
                c.card.phones.remove(slot);
            } else {
                t.setText(v);
            }
        } else if (v != null) {
            t = new Telephone(v);
            t.getTypes().addAll(ContactCard.typesFor(slot));
            c.v.addTelephoneNumber(t);
            c.card.phones.put(slot, t);
            c.use(t);
        }
    }

    private static Field adrField(String slot, String part, java.util.function.Function<Address, String> get,
            java.util.function.BiConsumer<Address, String> set) {
        return new Field(Eas.CONTACTS, slot + "Address" + part, c -> {
            Address a = c.card.addresses.get(slot);
            return a == null ? null : get.apply(a);
        }, (c, v) -> {
            Address a = c.card.addresses.get(slot);
            if (a == null) {
                if (v == null) {
                    return;
                }
                a = new Address();
                a.getTypes().add(slot.equals("Business") ? AddressType.WORK : slot.equals("Home") ? AddressType.HOME
                        : AddressType.get("other"));
                c.v.addAddress(a);
                c.card.addresses.put(slot, a);
                c.use(a);
            }
            set.accept(a, v);
            if (isEmpty(a)) {
                c.v.removeProperty(a);
                c.card.addresses.remove(slot);
            }
        });
    }

    private static boolean isEmpty(Address a) {
        return a.getPoBoxes().isEmpty() && a.getExtendedAddresses().isEmpty() && a.getStreetAddresses().isEmpty()
                && a.getLocalities().isEmpty() && a.getRegions().isEmpty() && a.getPostalCodes().isEmpty()
                && a.getCountries().isEmpty() && a.getLabel() == null;
    }

    private static void setIm(Ctx c, int n, String v) {
        List<VCardProperty> ims = c.card.ims;
        if (n < ims.size()) {
            VCardProperty p = ims.get(n);
            if (v == null) {
                c.v.removeProperty(p);
                ims.remove(n);
            } else if (p instanceof Impp i) {
                i.setUri(imUri(i.getProtocol(), v));
            } else {
                ((RawProperty) p).setValue(v);
            }
        } else if (v != null) {
            Impp i = new Impp(imUri(null, v));
            c.v.addImpp(i);
            ims.add(i);
            c.use(i);
        }
    }

    private static java.net.URI imUri(String protocol, String handle) {
        try {
            if (handle.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                return new java.net.URI(handle);
            }
            return new java.net.URI(protocol == null ? "im" : protocol, handle, null);
        } catch (java.net.URISyntaxException e) {
            return java.net.URI.create("im:" + java.net.URLEncoder.encode(handle, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    // ---- BDAY, ANNIVERSARY

    private static String dateGet(Ctx c, List<? extends DateOrTimeProperty> props, String... rawNames) {
        for (DateOrTimeProperty p : props) {
            LocalDate d = dateOf(p);
            if (d != null) {
                c.use(p);
                return EasDates.dashed(EasDates.midnight(d, c.o.zone()));
            }
        }
        for (String n : rawNames) {
            for (RawProperty p : rawProps(c.v, n)) {
                LocalDate d = rawDate(p.getValue());
                if (d != null) {
                    c.use(p);
                    return EasDates.dashed(EasDates.midnight(d, c.o.zone()));
                }
            }
        }
        return null;
    }

    private static void dateSet(Ctx c, String v, List<? extends DateOrTimeProperty> props, List<String> rawNames, boolean birthday)
            throws MappingException {
        DateOrTimeProperty bound = null;
        for (DateOrTimeProperty p : props) {
            if (dateOf(p) != null) {
                bound = p;
                break;
            }
        }
        RawProperty raw = null;
        for (int i = 0; bound == null && raw == null && i < rawNames.size(); i++) {
            for (RawProperty p : rawProps(c.v, rawNames.get(i))) { // the one dateGet read, so a change lands there
                if (rawDate(p.getValue()) != null) {
                    raw = p;
                    break;
                }
            }
        }
        if (v == null) {
            c.v.removeProperty(bound != null ? bound : raw);
            return;
        }
        LocalDate d = EasDates.nearestDate(birthday ? "Birthday" : "Anniversary", v);
        if (raw != null) {
            raw.setValue(d.toString());
            return;
        }
        DateOrTimeProperty p = bound;
        if (p == null) {
            p = birthday ? new Birthday(d) : new Anniversary(d);
            c.v.addProperty(p);
        }
        if (d.getYear() == NO_YEAR) {
            p.setPartialDate(PartialDate.builder().month(d.getMonthValue()).date(d.getDayOfMonth()).build());
        } else {
            p.setDate(d);
        }
    }

    /** The date of a BDAY/ANNIVERSARY, with {@link #NO_YEAR} for a year-less one; null for free text. */
    static LocalDate dateOf(DateOrTimeProperty p) {
        Temporal t = p.getDate();
        if (t instanceof LocalDate d) {
            return d;
        }
        if (t instanceof LocalDateTime d) {
            return d.toLocalDate();
        }
        if (t instanceof OffsetDateTime d) {
            return d.toLocalDate();
        }
        if (t instanceof ZonedDateTime d) {
            return d.toLocalDate();
        }
        if (t instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC).toLocalDate();
        }
        PartialDate pd = p.getPartialDate();
        if (pd != null && pd.getMonth() != null && pd.getDate() != null) {
            return LocalDate.of(pd.getYear() == null ? NO_YEAR : pd.getYear(), pd.getMonth(), pd.getDate());
        }
        return null;
    }

    private static LocalDate rawDate(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        try {
            if (t.matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                return LocalDate.parse(t.substring(0, 10));
            }
            if (t.matches("\\d{8}.*")) {
                return LocalDate.parse(t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6, 8));
            }
        } catch (java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    // ---- RELATED

    private static final List<String> SPOUSE_X = List.of("X-SPOUSE", "X-EVOLUTION-SPOUSE", "X-MS-SPOUSE", "X-KADDRESSBOOK-X-SPOUSESNAME",
            "X-ABRELATEDNAMES@Spouse");
    private static final List<String> FILE_AS_X = List.of("X-EVOLUTION-FILE-AS");
    /** Where other programs keep an anniversary: Thunderbird/KDE, Evolution, Outlook, Apple's labelled X-ABDATE. */
    private static final List<String> ANNIVERSARY_X = List.of("X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-MS-ANNIVERSARY",
            "X-KADDRESSBOOK-X-ANNIVERSARY", "X-ABDATE@Anniversary");

    private static Related related(VCard v, RelatedType type) {
        for (Related r : v.getRelations()) {
            if (r.getTypes().contains(type) && relatedText(r) != null) {
                return r;
            }
        }
        return null;
    }

    private static String relatedText(Related r) {
        String s = r.getText() != null ? r.getText() : r.getUri();
        return s == null || s.isBlank() ? null : s;
    }

    private static String spouse(Ctx c) {
        Related r = c.use(related(c.v, RelatedType.SPOUSE));
        if (r != null) {
            return relatedText(r);
        }
        RawProperty p = c.use(firstRaw(c.v, SPOUSE_X));
        return p == null ? null : rawText(p);
    }

    private static void setSpouse(Ctx c, String v) {
        Related r = related(c.v, RelatedType.SPOUSE);
        RawProperty p = r == null ? firstRaw(c.v, SPOUSE_X) : null;
        if (v == null) {
            c.v.removeProperty(r != null ? r : p);
        } else if (r != null) {
            r.setText(v);
        } else if (p != null) {
            if (!v.equals(rawText(p))) {
                p.setValue(escapeText(v));
            }
        } else {
            Related n = new Related();
            n.setText(v);
            n.getTypes().add(RelatedType.SPOUSE);
            c.v.addRelated(n);
        }
    }

    private static List<String> children(Ctx c) {
        List<String> out = new ArrayList<>();
        for (Related r : c.v.getRelations()) {
            if (r.getTypes().contains(RelatedType.CHILD) && relatedText(r) != null) {
                c.use(r);
                out.add(relatedText(r).strip());
            }
        }
        return out;
    }

    // ---- CATEGORIES, children, NOTE, PHOTO

    private static List<String> categories(Ctx c) {
        List<String> out = new ArrayList<>();
        for (Categories cat : c.v.getCategoriesList()) {
            c.use(cat);
            for (String s : cat.getValues()) {
                if (s != null && !s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    private static void mergeLists(Ctx c, Element data, MappingOptions o, MergeLog log, String list, String item,
            List<String> stored, java.util.function.Consumer<List<String>> set) {
        boolean present = Eas.has(data, Eas.CONTACTS, list);
        if (!present && !o.supports(list)) {
            return;
        }
        List<String> phone = Eas.list(data, Eas.CONTACTS, list, item);
        if (new HashSet<>(phone).equals(new HashSet<>(stored)) && phone.size() == stored.size()) {
            return;
        }
        set.accept(phone);
        log.changed();
    }

    private static void mergeLists(Ctx c, Element data, MergeLog log) {
        mergeLists(c, data, c.o, log, "Categories", "Category", categories(c), phone -> {
            List<Categories> all = c.v.getCategoriesList();
            Categories keep = all.isEmpty() ? null : all.get(0);
            for (Categories cat : new ArrayList<>(all)) {
                if (cat != keep) {
                    c.v.removeProperty(cat);
                }
            }
            if (phone.isEmpty()) {
                c.v.removeProperty(keep);
                return;
            }
            if (keep == null) {
                keep = new Categories();
                c.v.addCategories(keep);
            }
            keep.getValues().clear();
            keep.getValues().addAll(phone);
        });
        mergeLists(c, data, c.o, log, "Children", "Child", children(c), phone -> {
            List<Related> kids = new ArrayList<>();
            for (Related r : c.v.getRelations()) {
                if (r.getTypes().contains(RelatedType.CHILD) && relatedText(r) != null) {
                    kids.add(r);
                }
            }
            // keep the RELATED (and its parameters) of every child still named, drop the others, add the new
            List<String> remaining = new ArrayList<>(phone);
            for (Related r : kids) {
                if (!remaining.remove(relatedText(r).strip())) {
                    c.v.removeProperty(r);
                }
            }
            for (String name : remaining) {
                Related r = new Related();
                r.setText(name);
                r.getTypes().add(RelatedType.CHILD);
                c.v.addRelated(r);
            }
        });
    }

    private static String note(Ctx c) {
        Note n = c.use(first(c.v.getNotes()));
        return n == null ? null : Bodies.normalize(n.getValue());
    }

    private static void mergeBody(Ctx c, Element data, MergeLog log) throws MappingException {
        Bodies.Body b = Bodies.read(data, Eas.CONTACTS);
        if (b == null || !b.usable()) {
            return; // no body, or a truncated/unreadable one: the stored NOTE stands
        }
        String cur = note(c);
        String phone = b.text().isEmpty() ? null : b.text();
        if (Objects.equals(cur == null || cur.isEmpty() ? null : cur, phone)) {
            return;
        }
        Note n = first(c.v.getNotes());
        if (phone == null) {
            c.v.removeProperty(n);
        } else if (n == null) {
            c.v.addNote(phone);
        } else {
            n.setValue(phone);
        }
        log.changed();
    }

    private static Photo photo(VCard v) {
        for (Photo p : v.getPhotos()) {
            if (p.getData() != null && p.getData().length > 0) {
                return p;
            }
        }
        return null;
    }

    private static byte[] picture(Ctx c) {
        Photo p = c.use(photo(c.v));
        return p == null ? null : PictureScaler.fit(p.getData(), c.o.pictureMaxBytes());
    }

    private static void mergePicture(Ctx c, Element data, MergeLog log) throws MappingException {
        Element e = data.child(Eas.CONTACTS, "Picture").orElse(null);
        if (e == null) {
            return; // phones leave the picture out unless it changed; absence keeps it
        }
        byte[] phone;
        if (e.opaque() != null) {
            phone = e.opaque();
        } else {
            String t = e.text() == null ? "" : e.text().replaceAll("\\s", "");
            try {
                phone = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException ex) {
                throw new MappingException("Contacts:Picture is not base64");
            }
        }
        Photo p = photo(c.v);
        if (phone.length == 0) {
            if (p != null) {
                c.v.removeProperty(p);
                log.changed();
            }
            return;
        }
        if (p != null && (Arrays.equals(p.getData(), phone) || Arrays.equals(picture(c), phone))) {
            return; // the original, or the scaled copy we sent
        }
        if (p != null) {
            c.v.removeProperty(p);
        }
        c.v.addPhoto(new Photo(phone, sniff(phone)));
        log.changed();
    }

    private static ImageType sniff(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return ImageType.PNG;
        }
        if (b.length > 2 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
            return ImageType.GIF;
        }
        return ImageType.JPEG;
    }

    private static <T> T first(List<T> l) {
        return l.isEmpty() ? null : l.get(0);
    }
}
