package org.hearthsync.pim.files;

import java.io.IOException;
import java.io.Writer;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;

/**
 * .vcf and .ics files and the store's resources: a file is split into one resource per contact or per
 * event/task/journal (grouped by UID, so recurrence exceptions stay with their series, each with the time
 * zones it names), and a collection is written back as one file. Works on text only: no parsing beyond
 * component boundaries and a few properties (UID, TZID, FN, N, ORG, SUMMARY). Importing is
 * {@link PimImport}.
 */
public final class PimFiles {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9@._-]{1,200}");
    /** Names Windows refuses for a file, whatever the extension. */
    private static final Pattern RESERVED = Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])");
    /** How many resources an export asks the store for at once: one round trip each on a DAV server. */
    static final int BATCH = 100;

    private PimFiles() {
    }

    /** What an import did (the command line's summary). */
    public record ImportResult(int added, int replaced, int skipped) {
    }

    /**
     * Imports the objects of {@code text} into the collection: see {@link PimImport}, whose counts this
     * folds into added, replaced and skipped (kept, unchanged, of another kind or broken).
     */
    public static ImportResult importText(PimStore store, String collectionId, DataClass dataClass, String text,
            boolean replace) throws StoreException {
        PimImport in = new PimImport(store, collectionId, dataClass, replace);
        in.importText("text", text);
        PimImport.Result r = in.result();
        return new ImportResult(r.added(), r.updated(), r.kept() + r.unchanged() + r.otherKind() + r.brokenCount());
    }

    /** Whether a file name looks like a vCard or iCalendar file (or a vNote, read as a note: {@link PimText#readable}). */
    public static boolean isPimFile(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".vcf") || n.endsWith(".vcard") || n.endsWith(".ics") || n.endsWith(".ical")
                || n.endsWith(".ifb") || n.endsWith(".icalendar") || n.endsWith(".vnt");
    }

    /**
     * Why a text yields nothing to store, or {@code null} when it holds an item (of any kind): a file that gives
     * nothing is named with this reason, never skipped silently.
     */
    public static String emptyReason(String text) {
        String t = PimText.readable(text == null ? "" : text);
        if (t.isBlank()) {
            return "the file is empty or holds no BEGIN line";
        }
        String upper = t.toUpperCase(Locale.ROOT);
        if (upper.startsWith("BEGIN:VCARD")) {
            return null;
        }
        if (!upper.startsWith("BEGIN:VCALENDAR")) {
            return "it starts with " + t.substring(0, t.indexOf('\r')) + ", no vCard or iCalendar";
        }
        Calendar cal = parseCalendar(t);
        java.util.TreeSet<String> kinds = new java.util.TreeSet<>();
        for (Component c : cal.components) {
            if (c.kind.equals("VEVENT") || c.kind.equals("VTODO") || c.kind.equals("VJOURNAL")) {
                return null;
            }
            kinds.add(c.kind);
        }
        if (!kinds.isEmpty()) {
            return "it holds only " + String.join(", ", kinds) + (cal.timezones.isEmpty() ? "" : " and time zones")
                    + ", no event, task or note";
        }
        return cal.timezones.isEmpty() ? "its VCALENDAR holds no component" : "it holds only time zones (VTIMEZONE), no item";
    }

    /** The kinds of items a .vcf/.ics text holds (by its BEGIN lines), in the order of {@link DataClass}. */
    public static Set<DataClass> kindsIn(String text) {
        Set<DataClass> kinds = EnumSet.noneOf(DataClass.class);
        String upper = text.toUpperCase(Locale.ROOT);
        for (DataClass dc : DataClass.values()) {
            String marker = dc == DataClass.CONTACTS ? "BEGIN:VCARD" : "BEGIN:" + dc.component();
            if (upper.contains(marker)) {
                kinds.add(dc);
            }
        }
        return kinds;
    }

    /**
     * Writes the whole collection as one .vcf or .ics text to {@code out}, reading the store a batch at a
     * time so a large collection is never held in memory. A calendar's time zones are written once each,
     * just before the first component that uses them (iCalendar allows any order of components).
     *
     * @return how many resources were written
     */
    public static int export(PimStore store, String collectionId, DataClass dataClass, Writer out)
            throws StoreException, IOException {
        List<String> names = store.list(collectionId).stream().map(ResourceRef::name).sorted().toList();
        boolean calendar = dataClass != DataClass.CONTACTS;
        if (calendar) {
            out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hearth//Export//EN\r\n");
        }
        Set<String> zonesWritten = new HashSet<>();
        int written = 0;
        for (int from = 0; from < names.size(); from += BATCH) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + BATCH));
            Map<String, Resource> resources = store.getAll(collectionId, batch);
            for (String name : batch) {
                Resource r = resources.get(name); // deleted since the listing: left out
                if (r == null) {
                    continue;
                }
                written++;
                if (!calendar) {
                    out.write(withCrlf(r.content()));
                    continue;
                }
                Calendar cal = parseCalendar(r.content());
                for (Map.Entry<String, String> tz : cal.timezones.entrySet()) {
                    if (zonesWritten.add(tz.getKey())) {
                        out.write(tz.getValue());
                    }
                }
                for (Component c : cal.components) {
                    out.write(c.text);
                }
            }
        }
        if (calendar) {
            out.write("END:VCALENDAR\r\n");
        }
        out.flush();
        return written;
    }

    /** The whole collection as one .vcf or .ics text (small collections and tests; see {@link #export}). */
    public static String exportText(PimStore store, String collectionId, DataClass dataClass) throws StoreException {
        StringWriter w = new StringWriter();
        try {
            export(store, collectionId, dataClass, w);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return w.toString();
    }

    /**
     * A file name for the collection's export: its display name with everything but letters, digits,
     * space, dot, dash and underscore replaced, at most 80 characters, never hidden, never a name
     * Windows reserves, falling back to the id; with the class's extension.
     */
    public static String fileName(CollectionInfo c) {
        String safe = safeBase(c.displayName());
        if (safe.isEmpty()) {
            safe = safeBase(c.id());
        }
        if (safe.isEmpty()) {
            safe = c.dataClass().easName();
        }
        return safe + c.dataClass().fileExtension();
    }

    /**
     * {@link #fileName} made unique among {@code taken} (compared ignoring case, as on Windows and macOS)
     * by a number: {@code Work.ics}, {@code Work (2).ics}. Adds the result to {@code taken}.
     */
    public static String uniqueFileName(CollectionInfo c, Set<String> taken) {
        String name = fileName(c);
        String base = name.substring(0, name.length() - c.dataClass().fileExtension().length());
        for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
            name = base + " (" + n + ")" + c.dataClass().fileExtension();
        }
        return name;
    }

    private static String safeBase(String s) {
        String safe = s.replaceAll("[^\\p{L}\\p{N} ._-]", "_").strip();
        safe = safe.replaceAll("^[. ]+|[. ]+$", ""); // no hidden file, no trailing dot (Windows drops it)
        if (!safe.matches(".*[\\p{L}\\p{N}].*")) {
            return ""; // "___" says nothing: the next candidate is better
        }
        if (safe.length() > 80) {
            safe = safe.substring(0, 80).strip();
        }
        return RESERVED.matcher(safe).matches() ? "_" + safe : safe;
    }

    /**
     * One object to store: {@code uid} may be null; {@code label} names it for the user (FN, SUMMARY, UID);
     * {@code problem} says why it cannot be stored, or is null.
     */
    record Item(String uid, String text, String label, String problem) {
        Item(String uid, String text) {
            this(uid, text, uid, null);
        }
    }

    /** The vCards of a .vcf text; a vCard nested in AGENT stays inside its parent. */
    static List<Item> splitVcf(String text) {
        List<Item> items = new ArrayList<>();
        StringBuilder current = null;
        String uid = null;
        String fn = null;
        String n = null;
        String org = null;
        int depth = 0;
        for (String line : logicalLines(PimText.readable(text))) {
            String unfolded = unfold(line);
            String upper = unfolded.strip().toUpperCase(Locale.ROOT);
            if (upper.equals("BEGIN:VCARD")) {
                if (depth++ == 0) {
                    current = new StringBuilder();
                    uid = fn = n = org = null;
                }
            }
            if (current != null) {
                current.append(line).append("\r\n");
                if (depth == 1) {
                    switch (propertyName(upper)) {
                        case "UID" -> uid = value(unfolded);
                        case "FN" -> fn = value(unfolded);
                        case "N" -> n = value(unfolded);
                        case "ORG" -> org = value(unfolded);
                        default -> {
                        }
                    }
                }
            }
            if (upper.equals("END:VCARD") && depth > 0 && --depth == 0) {
                items.add(new Item(uid, current.toString(), cardLabel(fn, n, org, uid), null));
                current = null;
            }
        }
        if (current != null) {
            items.add(new Item(uid, current.toString(), cardLabel(fn, n, org, uid), "the file ends inside it (END:VCARD missing)"));
        }
        return items;
    }

    private static String cardLabel(String fn, String n, String org, String uid) {
        for (String s : new String[] { fn, n == null ? null : n.replace(";", " ").strip(), org, uid }) {
            if (s != null && !s.isBlank()) {
                return s.replace("\\,", ",").replace("\\;", ";");
            }
        }
        return null;
    }

    /**
     * The objects of an .ics text holding components of kind {@code component} (VEVENT, VTODO, VJOURNAL): one
     * VCALENDAR per UID with the time zones it names. A component of another kind gives an entry without text,
     * labelled with its kind (and summary or UID), so an import can say what it left out.
     */
    static List<Item> splitIcs(String text, String component) {
        Calendar cal = parseCalendar(text);
        Map<String, List<Component>> byUid = new LinkedHashMap<>();
        List<Item> result = new ArrayList<>();
        for (Component c : cal.components) {
            if (!c.kind.equals(component)) {
                result.add(new Item(c.uid, null, c.kind + (c.summary != null ? " " + c.summary : c.uid != null ? " " + c.uid : ""),
                        null));
                continue;
            }
            byUid.computeIfAbsent(c.uid != null ? c.uid : UUID.randomUUID().toString(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<Component>> group : byUid.entrySet()) {
            StringBuilder body = new StringBuilder();
            String problem = null;
            String label = null;
            for (Component c : group.getValue()) {
                body.append(c.text);
                problem = problem != null ? problem : c.problem;
                label = label != null ? label : c.summary;
            }
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
            result.add(new Item(uid, out.toString(), label != null ? label : uid, problem));
        }
        return result;
    }

    private record Component(String kind, String uid, String summary, String text, String problem) {
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
        String summary = null;
        int depth = 0; // 1 inside VCALENDAR, 2 inside a top-level component
        for (String line : logicalLines(PimText.readable(text))) {
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
                    uid = tzid = summary = null;
                } else if (!upper.startsWith("METHOD") && cal.components.isEmpty() && cal.timezones.isEmpty()
                        && !cal.header.contains(line)) {
                    cal.header.add(line); // VERSION, PRODID, CALSCALE, X-WR-*
                }
                continue;
            }
            if (upper.equals("END:VCALENDAR")) { // a component left open: the file is cut or broken
                cal.components.add(new Component(kind, uid, summary, current.toString(), "END:" + kind + " is missing"));
                current = null;
                depth = 0;
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
                        // an event without DTSTART stays: valid with METHOD, and the phones' mapping copes
                        cal.components.add(new Component(kind, uid, summary, current.toString(), null));
                    }
                    current = null;
                }
            } else if (depth == 2) {
                switch (property) {
                    case "UID" -> uid = value(unfolded);
                    case "TZID" -> tzid = value(unfolded);
                    case "SUMMARY" -> summary = value(unfolded);
                    default -> {
                    }
                }
            }
        }
        if (current != null && kind != null && !kind.equals("VTIMEZONE")) {
            cal.components.add(new Component(kind, uid, summary, current.toString(), "the file ends inside it (END:" + kind + " missing)"));
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

    static String withCrlf(String s) {
        String normalized = s.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        return normalized.endsWith("\r\n") ? normalized : normalized + "\r\n";
    }

    /** The UID of the first object of a stored resource's text, or null. */
    static String uidOf(String content, DataClass dataClass) {
        if (dataClass == DataClass.CONTACTS) {
            List<Item> cards = splitVcf(content);
            return cards.isEmpty() ? null : cards.get(0).uid();
        }
        for (Component c : parseCalendar(content).components) {
            if (c.uid != null) {
                return c.uid;
            }
        }
        return null;
    }

    /**
     * The UID itself where it is a safe file name, else a hash of it; a random name without a UID
     * ({@link PimImport} names those after their text).
     */
    static String resourceName(String uid, DataClass dataClass) {
        Objects.requireNonNull(dataClass, "dataClass");
        if (uid == null || uid.isBlank()) {
            return UUID.randomUUID() + dataClass.fileExtension();
        }
        if (SAFE_NAME.matcher(uid).matches() && !uid.startsWith(".")) {
            return uid + dataClass.fileExtension();
        }
        return hash(uid) + dataClass.fileExtension();
    }

    static String hash(String s) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
