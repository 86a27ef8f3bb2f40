package org.hearthsync.pim.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one tolerant reading path for vCard and iCalendar text from anywhere: stored items (the mappers),
 * imported files ({@link PimFiles}, {@link PimImport}) and vdir files. Other programs write what the parsers
 * refuse or misread: a byte-order mark (Windows programs), blank lines or junk before {@code BEGIN}, CR-only
 * or CR CR LF line ends, Latin-1 bytes, components without their VCALENDAR (Evolution's tests, pasted
 * events), several VCALENDARs for one item. {@link #readable} turns such text into one the parsers read as
 * the author meant; it never changes what a well-formed text says.
 */
public final class PimText {
    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final List<String> CALENDAR_COMPONENTS = List.of("VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY",
            "VTIMEZONE", "VALARM", "VAVAILABILITY");

    private PimText() {
    }

    /**
     * The text of a file's bytes: UTF-8, or UTF-16 where a byte-order mark says so; bytes that are not UTF-8
     * are read as Windows-1252 (a superset of the Latin-1 older programs write) rather than replaced by U+FFFD,
     * which would lose the letters on the next write. A UTF-8 byte-order mark is kept as U+FEFF
     * ({@link #readable} drops it), so the text is the file's own.
     */
    public static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return new String(bytes, StandardCharsets.UTF_16);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, StandardCharsets.UTF_16LE).substring(1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, CP1252);
        }
    }

    /**
     * The text as a vCard/iCalendar parser should see it: without byte-order marks, without anything before the
     * first {@code BEGIN} line, with CRLF line ends, without blank lines (a blank line after a quoted-printable
     * soft break is kept: it ends the value), components that stand alone wrapped in one VCALENDAR, and several
     * VCALENDARs holding one item's components joined into one (the first's header kept). A text that is already
     * well-formed (CRLF, starting with its BEGIN line) comes back as it is.
     */
    public static String readable(String text) {
        if (text == null) {
            return null;
        }
        if (wellFormed(text)) {
            return text; // the common case, every stored item Hearth wrote: no copy
        }
        List<String> lines = new ArrayList<>();
        boolean started = false;
        String previous = "";
        for (String line : text.replace("\uFEFF", "").split("\r\r\n|\r\n|\n|\r", -1)) {
            if (!started) {
                if (!line.strip().regionMatches(true, 0, "BEGIN:", 0, 6)) {
                    continue;
                }
                line = line.strip();
                started = true;
            }
            if (line.isBlank() && !previous.endsWith("=")) {
                continue;
            }
            lines.add(line);
            previous = line;
        }
        if (lines.isEmpty()) {
            return "";
        }
        String first = upper(lines.get(0));
        if (first.equals("BEGIN:VCARD")) {
            return join(lines);
        }
        if (first.equals("BEGIN:VCALENDAR")) {
            return join(joinCalendars(lines));
        }
        if (first.equals("BEGIN:VNOTE")) {
            return join(vnoteAsJournal(lines, null));
        }
        if (first.startsWith("BEGIN:") && CALENDAR_COMPONENTS.contains(first.substring(6))) {
            List<String> wrapped = new ArrayList<>();
            wrapped.add("BEGIN:VCALENDAR");
            wrapped.add("VERSION:2.0");
            wrapped.addAll(lines);
            wrapped.add("END:VCALENDAR");
            return join(joinCalendars(wrapped));
        }
        return join(lines);
    }

    /**
     * A vNote's text as {@link #readable} gives it (a VCALENDAR holding one VJOURNAL), but with the UID given: a store
     * that keeps the note as a {@code .vnt} file names it by the file, so the UID stays when the note's text changes.
     * {@code null} when the text is not a vNote.
     *
     * @since 1.1
     */
    public static String vnoteAsCalendar(String vnoteText, String uid) {
        String text = readable(vnoteText);
        if (text == null || !text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hearth//vNote 1.1//EN\r\n")) {
            return null;
        }
        int at = text.indexOf("\r\nUID:") + 2;
        int end = text.indexOf("\r\n", at);
        return text.substring(0, at) + "UID:" + uid + text.substring(end);
    }

    /**
     * Whether the parsers read the text as it is: it starts with BEGIN:VCARD or BEGIN:VCALENDAR, has no byte-order mark,
     * only CRLF line ends, no blank line, and at most one VCALENDAR.
     */
    private static boolean wellFormed(String text) {
        if (!text.regionMatches(true, 0, "BEGIN:VCARD\r\n", 0, 13) && !text.regionMatches(true, 0, "BEGIN:VCALENDAR\r\n", 0, 17)) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFEFF') {
                return false;
            }
            if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                return false;
            }
            if (c == '\n') {
                if (i == 0 || text.charAt(i - 1) != '\r' || (i + 2 < text.length() && text.charAt(i + 1) == '\r')) {
                    return false; // a bare LF, or a blank line next
                }
                if (text.regionMatches(true, i + 1, "BEGIN:VCALENDAR", 0, 15)) {
                    return false; // a second VCALENDAR (the first is at 0, not after a line end)
                }
            }
        }
        return true;
    }

    /**
     * Several VCALENDARs (at top level) as one: the components of the later ones move into the first; their
     * headers (VERSION, PRODID, METHOD, ...) are dropped where the first has the property already. Components
     * outside any VCALENDAR between them are taken in too.
     */
    private static List<String> joinCalendars(List<String> lines) {
        int calendars = 0;
        for (String l : lines) {
            if (upper(l).equals("BEGIN:VCALENDAR")) {
                calendars++;
            }
        }
        boolean bare = false;
        int depth = 0;
        for (String l : lines) {
            String u = upper(l);
            if (u.startsWith("BEGIN:")) {
                if (depth == 0 && !u.equals("BEGIN:VCALENDAR")) {
                    bare = true;
                }
                depth++;
            } else if (u.startsWith("END:")) {
                depth = Math.max(0, depth - 1);
            }
        }
        if (calendars <= 1 && !bare) {
            return lines;
        }
        List<String> header = new ArrayList<>();
        List<String> body = new ArrayList<>();
        List<String> headerNames = new ArrayList<>();
        depth = 0;
        int calendar = 0;
        boolean inCalendar = false;
        boolean lastKept = true;
        for (String l : lines) {
            String u = upper(l);
            boolean folded = !l.isEmpty() && (l.charAt(0) == ' ' || l.charAt(0) == '\t');
            if (depth == 0) {
                if (u.equals("BEGIN:VCALENDAR")) {
                    calendar++;
                    depth = 1;
                    inCalendar = true;
                    continue;
                }
                if (u.startsWith("BEGIN:")) {
                    depth = 2;
                    inCalendar = false;
                    body.add(l);
                }
                continue; // junk between calendars
            }
            if (depth == 1) {
                if (u.equals("END:VCALENDAR")) {
                    depth = 0;
                    inCalendar = false;
                } else if (u.startsWith("BEGIN:")) {
                    depth = 2;
                    body.add(l);
                } else if (folded) {
                    if (lastKept) {
                        header.add(l);
                    }
                } else {
                    String name = propertyName(u);
                    lastKept = calendar == 1 || !headerNames.contains(name); // a repeated header goes, folds and all
                    if (lastKept) {
                        header.add(l);
                        headerNames.add(name);
                    }
                }
                continue;
            }
            body.add(l);
            if (u.startsWith("BEGIN:")) {
                depth++;
            } else if (u.startsWith("END:")) {
                depth--;
                if (depth == 1 && !inCalendar) {
                    depth = 0; // a bare component ended outside any VCALENDAR
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add("BEGIN:VCALENDAR");
        if (header.stream().noneMatch(h -> propertyName(upper(h)).equals("VERSION"))) {
            out.add("VERSION:2.0");
        }
        out.addAll(header);
        out.addAll(body);
        out.add("END:VCALENDAR");
        return out;
    }

    /**
     * A vNote 1.1 (IrMC; Nokia, Sony Ericsson, Windows Mobile and syncgw write .vnt files) as the note it is: a VJOURNAL,
     * which is how Hearth stores notes (EAS Notes, MS-ASNOTE). BODY becomes DESCRIPTION, DCREATED CREATED, dates in
     * iCalendar's UTC form; SUMMARY, CATEGORIES, CLASS, LAST-MODIFIED and X- properties stay. A vNote has no UID: one is
     * derived from its text, so importing the same file again finds the same note.
     */
    private static List<String> vnoteAsJournal(List<String> lines, String uid) {
        List<String> out = new ArrayList<>(List.of("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Hearth//vNote 1.1//EN", "BEGIN:VJOURNAL"));
        out.add("UID:" + (uid != null ? uid : "vnote-" + java.util.UUID.nameUUIDFromBytes(join(lines).getBytes(StandardCharsets.UTF_8))));
        String stamp = null;
        for (String line : lines.subList(1, lines.size())) {
            String name = propertyName(upper(line));
            String rest = line.strip().substring(name.length());
            if (name.equals("END") || name.equals("VERSION") || name.equals("UID") || name.equals("DTSTAMP")) {
                continue; // END:VNOTE; the VCALENDAR has its own VERSION; UID and DTSTAMP are written here
            }
            if (name.equals("BODY")) {
                out.add("DESCRIPTION" + rest);
            } else if (name.equals("DCREATED") || name.equals("LAST-MODIFIED")) {
                String v = rest.substring(rest.indexOf(':') + 1).replace("-", "").replace(":", "").strip();
                String utc = v.matches("\\d{8}") ? v + "T000000Z" : v.matches("\\d{8}T\\d{6}Z?") ? (v.endsWith("Z") ? v : v + "Z") : null;
                String to = name.equals("DCREATED") ? "CREATED" : name;
                out.add(utc != null ? to + ":" + utc : "X-VNOTE-" + name + rest); // kept, under an X- name, when not a date
                stamp = utc != null && (stamp == null || name.equals("LAST-MODIFIED")) ? utc : stamp;
            } else {
                out.add(line);
            }
        }
        out.add(4, "DTSTAMP:" + (stamp != null ? stamp : "19700101T000000Z"));
        out.add("END:VJOURNAL");
        out.add("END:VCALENDAR");
        return out;
    }

    private static String propertyName(String upperLine) {
        int end = 0;
        while (end < upperLine.length() && upperLine.charAt(end) != ':' && upperLine.charAt(end) != ';') {
            end++;
        }
        return upperLine.substring(0, end);
    }

    private static String upper(String line) {
        return line.strip().toUpperCase(Locale.ROOT);
    }

    private static String join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        return sb.toString();
    }
}
