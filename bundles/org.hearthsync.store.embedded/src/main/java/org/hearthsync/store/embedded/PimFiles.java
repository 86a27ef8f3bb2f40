package org.hearthsync.store.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;

/**
 * Imports .vcf and .ics files into any {@link PimStore} collection, one resource per contact or per
 * event/task/journal (grouped by UID, so recurrence exceptions stay with their series), and exports a
 * collection as one file. Works on text only: no parsing beyond component boundaries, UID and TZID.
 */
public final class PimFiles {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9@._-]{1,200}");

    private PimFiles() {
    }

    /** What an import did. */
    public record ImportResult(int added, int replaced, int skipped) {
    }

    /**
     * Imports the objects of {@code text} into the collection. Resources are named after their UID; an
     * object whose resource exists already is replaced if {@code replace}, else skipped. Calendar objects
     * of another component than the collection's class (a VTODO in a calendar) are skipped.
     */
    public static ImportResult importText(PimStore store, String collectionId, DataClass dataClass, String text,
            boolean replace) throws StoreException {
        List<Item> items = dataClass == DataClass.CONTACTS ? splitVcf(text) : splitIcs(text, dataClass.component());
        int added = 0;
        int replaced = 0;
        int skipped = 0;
        for (Item item : items) {
            if (item == null) {
                skipped++;
                continue;
            }
            String name = resourceName(item.uid(), dataClass);
            try {
                store.put(collectionId, name, item.text(), WriteCondition.create());
                added++;
            } catch (StoreException.PreconditionFailed exists) {
                if (replace) {
                    store.put(collectionId, name, item.text(), WriteCondition.unconditional());
                    replaced++;
                } else {
                    skipped++;
                }
            }
        }
        return new ImportResult(added, replaced, skipped);
    }

    /** The whole collection as one .vcf or .ics text. */
    public static String exportText(PimStore store, String collectionId, DataClass dataClass) throws StoreException {
        List<String> names = store.list(collectionId).stream().map(ResourceRef::name).sorted().toList();
        Map<String, Resource> resources = store.getAll(collectionId, names);
        if (dataClass == DataClass.CONTACTS) {
            StringBuilder out = new StringBuilder();
            for (String name : names) {
                Resource r = resources.get(name);
                if (r != null) {
                    out.append(withCrlf(r.content()));
                }
            }
            return out.toString();
        }
        Map<String, String> timezones = new LinkedHashMap<>();
        StringBuilder components = new StringBuilder();
        for (String name : names) {
            Resource r = resources.get(name);
            if (r == null) {
                continue;
            }
            Calendar cal = parseCalendar(r.content());
            cal.timezones.forEach(timezones::putIfAbsent);
            cal.components.forEach(c -> components.append(c.text));
        }
        StringBuilder out = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hearth//Export//EN\r\n");
        timezones.values().forEach(out::append);
        return out.append(components).append("END:VCALENDAR\r\n").toString();
    }

    /** One object to store; {@code uid} may be null. */
    record Item(String uid, String text) {
    }

    /** The vCards of a .vcf text; a vCard nested in AGENT stays inside its parent. */
    static List<Item> splitVcf(String text) {
        List<Item> items = new ArrayList<>();
        StringBuilder current = null;
        String uid = null;
        int depth = 0;
        for (String line : logicalLines(text)) {
            String upper = unfold(line).strip().toUpperCase(Locale.ROOT);
            if (upper.equals("BEGIN:VCARD")) {
                if (depth++ == 0) {
                    current = new StringBuilder();
                    uid = null;
                }
            }
            if (current != null) {
                current.append(line).append("\r\n");
                if (depth == 1 && upper.startsWith("UID") && propertyName(upper).equals("UID")) {
                    uid = value(unfold(line));
                }
            }
            if (upper.equals("END:VCARD") && depth > 0 && --depth == 0) {
                items.add(new Item(uid, current.toString()));
                current = null;
            }
        }
        return items;
    }

    /**
     * The objects of an .ics text holding components of kind {@code component} (VEVENT, VTODO, VJOURNAL): one
     * VCALENDAR per UID with the time zones it names. A component of another kind gives a {@code null} entry.
     */
    static List<Item> splitIcs(String text, String component) {
        Calendar cal = parseCalendar(text);
        Map<String, List<Component>> byUid = new LinkedHashMap<>();
        List<Item> result = new ArrayList<>();
        for (Component c : cal.components) {
            if (!c.kind.equals(component)) {
                result.add(null);
                continue;
            }
            byUid.computeIfAbsent(c.uid != null ? c.uid : UUID.randomUUID().toString(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<Component>> group : byUid.entrySet()) {
            StringBuilder body = new StringBuilder();
            group.getValue().forEach(c -> body.append(c.text));
            StringBuilder out = new StringBuilder("BEGIN:VCALENDAR\r\n");
            cal.header.forEach(h -> out.append(h).append("\r\n"));
            String unfoldedBody = unfold(body.toString());
            cal.timezones.forEach((tzid, tz) -> {
                if (unfoldedBody.contains("TZID=" + tzid + ":") || unfoldedBody.contains("TZID=" + tzid + ";")
                        || unfoldedBody.contains("TZID=\"" + tzid + "\"")) {
                    out.append(tz);
                }
            });
            out.append(body).append("END:VCALENDAR\r\n");
            String uid = group.getValue().get(0).uid;
            result.add(new Item(uid, out.toString()));
        }
        return result;
    }

    private record Component(String kind, String uid, String text) {
    }

    private static final class Calendar {
        final List<String> header = new ArrayList<>();
        final Map<String, String> timezones = new LinkedHashMap<>();
        final List<Component> components = new ArrayList<>();
    }

    private static Calendar parseCalendar(String text) {
        Calendar cal = new Calendar();
        StringBuilder current = null;
        String kind = null;
        String uid = null;
        String tzid = null;
        int depth = 0; // 1 inside VCALENDAR, 2 inside a top-level component
        for (String line : logicalLines(text)) {
            String unfolded = unfold(line);
            String upper = unfolded.strip().toUpperCase(Locale.ROOT);
            if (depth == 0) {
                if (upper.equals("BEGIN:VCALENDAR")) {
                    depth = 1;
                }
                continue;
            }
            if (depth == 1) {
                if (upper.equals("END:VCALENDAR")) {
                    depth = 0;
                } else if (upper.startsWith("BEGIN:")) {
                    depth = 2;
                    kind = upper.substring(6);
                    current = new StringBuilder(line).append("\r\n");
                    uid = null;
                    tzid = null;
                } else if (!upper.startsWith("METHOD") && cal.components.isEmpty() && cal.timezones.isEmpty()
                        && !cal.header.contains(line)) {
                    cal.header.add(line); // VERSION, PRODID, CALSCALE, X-WR-*
                }
                continue;
            }
            current.append(line).append("\r\n");
            String property = propertyName(upper);
            if (upper.startsWith("BEGIN:")) {
                depth++;
            } else if (upper.startsWith("END:")) {
                if (--depth == 1) {
                    if (kind.equals("VTIMEZONE")) {
                        cal.timezones.putIfAbsent(tzid == null ? UUID.randomUUID().toString() : tzid, current.toString());
                    } else {
                        cal.components.add(new Component(kind, uid, current.toString()));
                    }
                    current = null;
                }
            } else if (depth == 2 && property.equals("UID")) {
                uid = value(unfolded);
            } else if (depth == 2 && property.equals("TZID")) {
                tzid = value(unfolded);
            }
        }
        return cal;
    }

    /** Physical lines grouped into logical lines, folds kept as CRLF + white space. */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String physical : text.split("\r\n|\n|\r", -1)) {
            if (!physical.isEmpty() && (physical.charAt(0) == ' ' || physical.charAt(0) == '\t') && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\r\n" + physical);
            } else if (!physical.isEmpty()) {
                lines.add(physical);
            }
        }
        return lines;
    }

    private static String unfold(String s) {
        return s.replaceAll("\r\n[ \t]", "");
    }

    private static String propertyName(String upperLine) {
        int end = 0;
        while (end < upperLine.length() && upperLine.charAt(end) != ':' && upperLine.charAt(end) != ';') {
            end++;
        }
        String name = upperLine.substring(0, end);
        int dot = name.indexOf('.'); // vCard groups: item1.UID
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    private static String value(String unfoldedLine) {
        int colon = unfoldedLine.indexOf(':');
        return colon < 0 ? null : unfoldedLine.substring(colon + 1).strip();
    }

    private static String withCrlf(String s) {
        String normalized = s.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        return normalized.endsWith("\r\n") ? normalized : normalized + "\r\n";
    }

    /** The UID itself where it is a safe file name, else a hash of it; a random name without UID. */
    static String resourceName(String uid, DataClass dataClass) {
        Objects.requireNonNull(dataClass, "dataClass");
        if (uid == null || uid.isBlank()) {
            return UUID.randomUUID() + dataClass.fileExtension();
        }
        if (SAFE_NAME.matcher(uid).matches() && !uid.startsWith(".")) {
            return uid + dataClass.fileExtension();
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16) + dataClass.fileExtension();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
