package org.hearthsync.pim.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.hearthsync.pim.MappingException;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.pim.PimClass;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.wbxml.Element;

import biweekly.component.VJournal;
import biweekly.property.ICalProperty;

/** MS-ASNOTE notes to and from a VJOURNAL. */
public final class NoteMapper implements PimMapper {
    private static final String NS = Eas.NOTES;
    static final String MESSAGE_CLASS = "X-HEARTH-MESSAGE-CLASS";
    static final String DEFAULT_CLASS = "IPM.StickyNote";

    @Override
    public PimClass pimClass() {
        return PimClass.NOTES;
    }

    @Override
    public String uid(String storedText) throws MappingException {
        List<VJournal> item = CalDoc.parse(storedText).item(VJournal.class);
        return item.isEmpty() ? null : CalDoc.uidOf(item.get(0));
    }

    private static VJournal journal(CalDoc doc) throws MappingException {
        List<VJournal> item = doc.item(VJournal.class);
        if (item.isEmpty()) {
            throw new MappingException("stored calendar object has no VJOURNAL");
        }
        return item.get(0);
    }

    @Override
    public Element toEas(String storedText, MappingOptions o) throws MappingException {
        try {
            VJournal j = journal(CalDoc.parse(storedText));
            Element data = Eas.applicationData();
            Eas.put(data, NS, "Subject", summary(j));
            Bodies.write(data, description(j), o, null);
            Eas.putList(data, NS, "Categories", "Category", CalDoc.categories(j));
            if (j.getLastModified() != null && j.getLastModified().getValue() != null) {
                data.addText(NS, "LastModifiedDate", EasDates.dashed(j.getLastModified().getValue().toInstant()));
            }
            data.addText(NS, "MessageClass", messageClass(j));
            return data;
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot map VJOURNAL to EAS: " + e, e);
        }
    }

    @Override
    public MergeResult fromEas(String storedText, Element data, MappingOptions o) throws MappingException {
        try {
            CalDoc doc;
            VJournal j;
            if (storedText == null) {
                doc = CalDoc.create();
                j = new VJournal();
                j.setUid(UUID.randomUUID().toString());
                doc.ical.addJournal(j);
            } else {
                doc = CalDoc.parse(storedText);
                j = journal(doc);
            }
            MergeLog log = new MergeLog();
            if (Eas.has(data, NS, "Subject") || o.supports("Subject")) {
                String phone = clean(Eas.text(data, NS, "Subject"));
                if (!Objects.equals(clean(summary(j)), phone)) {
                    j.setSummary(phone);
                    log.changed();
                }
            }
            Bodies.Body b = Bodies.read(data, null);
            if (b != null && b.usable()) {
                String phone = b.text().isEmpty() ? null : b.text();
                if (!Objects.equals(description(j), phone)) {
                    j.getDescriptions().clear();
                    j.getProperties().removeAll(biweekly.property.Description.class);
                    if (phone != null) {
                        j.addDescription(phone);
                    }
                    log.changed();
                }
            }
            if (Eas.has(data, NS, "Categories") || o.supports("Categories")) {
                List<String> phone = Eas.list(data, NS, "Categories", "Category");
                List<String> cur = CalDoc.categories(j);
                if (!(new HashSet<>(cur).equals(new HashSet<>(phone)) && cur.size() == phone.size())) {
                    CalDoc.setCategories(j, phone);
                    log.changed();
                }
            }
            String mc = clean(Eas.text(data, NS, "MessageClass"));
            if (mc != null && !mc.equals(messageClass(j))) {
                j.removeExperimentalProperties(MESSAGE_CLASS);
                if (!mc.equals(DEFAULT_CLASS)) {
                    j.addExperimentalProperty(MESSAGE_CLASS, mc);
                }
                log.changed();
            }
            List<String> kept = kept(doc, j);
            String uid = Objects.toString(CalDoc.uidOf(j), "");
            if (storedText != null && !log.isChanged()) {
                return new MergeResult(storedText, uid, false, kept);
            }
            if (CalDoc.uidOf(j) == null) {
                j.setUid(UUID.randomUUID().toString());
            }
            Date now = Date.from(Instant.now(o.clock()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            j.setDateTimeStamp(now);
            j.setLastModified(now);
            return new MergeResult(doc.write(o.zone()), CalDoc.uidOf(j), true, kept);
        } catch (RuntimeException | AssertionError e) {
            throw new MappingException("cannot merge EAS note: " + e, e);
        }
    }

    private static String summary(VJournal j) {
        return j.getSummary() == null ? null : j.getSummary().getValue();
    }

    static String description(VJournal j) {
        if (j.getDescriptions().isEmpty() || j.getDescriptions().get(0).getValue() == null) {
            return null;
        }
        String d = Bodies.normalize(j.getDescriptions().get(0).getValue());
        return d.isEmpty() ? null : d;
    }

    private static String messageClass(VJournal j) {
        String v = CalDoc.rawValue(j, MESSAGE_CLASS);
        return v == null || v.isBlank() ? DEFAULT_CLASS : v.trim();
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replace("\r\n", "\n").strip();
        return t.isEmpty() ? null : t;
    }

    private static List<String> kept(CalDoc doc, VJournal j) {
        Set<String> mapped = Set.of("SUMMARY", "CATEGORIES", "UID", "DTSTAMP", "LAST-MODIFIED", MESSAGE_CLASS);
        List<String> out = new ArrayList<>();
        boolean firstDescription = true;
        for (ICalProperty p : j.getProperties().values()) {
            String n = CalDoc.propertyName(p);
            if (n.equals("DESCRIPTION") && firstDescription) {
                firstDescription = false;
                continue;
            }
            if (!mapped.contains(n)) {
                out.add(n);
            }
        }
        for (var c : doc.ical.getComponents().values()) {
            if (c != j) {
                out.add(c.getClass().getSimpleName().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }
}
