package org.hearthsync.store.vdir.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.hearthsync.pim.files.PimText;

/**
 * The vdir store's {@code .vnt} files (vNote 1.1, as Nokia, Sony Ericsson, Windows Mobile and syncgw write them):
 * read as the VJOURNAL note everything else in Hearth handles ({@link PimText#vnoteAsCalendar}), written back as a
 * vNote. A write-back changes only the properties whose meaning the edit changed: every other line of the file
 * stays byte for byte (its folding, quoted-printable, charset and line ends), so a phone's edit of the body does not
 * rewrite what another program put there. New values are written in vNote's form (BODY, DCREATED; quoted-printable
 * UTF-8 where a value has line breaks or non-ASCII letters). An edit holding what a vNote has no property for is
 * not written into the file: {@link Written#lost} names it, and the store keeps the file and puts the edit beside it.
 */
final class VNotes {

    /** Properties the phone edits (EAS Notes: Subject, Body, Categories, MessageClass); only these are ever removed. */
    private static final Set<String> PHONE_FIELDS = Set.of("SUMMARY", "BODY", "CATEGORIES", "X-HEARTH-MESSAGE-CLASS");
    private static final Set<String> VNOTE_NAMES = Set.of("SUMMARY", "BODY", "CATEGORIES", "CLASS", "DCREATED", "LAST-MODIFIED");
    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final int QP_LINE = 76;

    private VNotes() {
    }

    static boolean isVnt(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".vnt");
    }

    /** The note's UID: from the folder and file name, which is what names a vNote (it has no UID of its own). */
    static String uid(String folder, String name) {
        return "vnote-" + UUID.nameUUIDFromBytes((folder + "/" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** The file as the note the store serves: a VCALENDAR holding one VJOURNAL. */
    static String asCalendar(byte[] file, String uid) {
        return PimText.vnoteAsCalendar(PimText.decode(file), uid);
    }

    /** Why a .vnt file is not taken as a note, or {@code null} when it is one. */
    static String notTaken(String text) {
        int notes = 0;
        for (String line : text.split("\r\n|\n|\r")) {
            if (line.strip().replace("\uFEFF", "").equalsIgnoreCase("BEGIN:VNOTE")) {
                notes++;
            }
        }
        if (notes == 0) {
            return "holds no vNote (no BEGIN:VNOTE line)";
        }
        if (notes > 1 || PimText.vnoteAsCalendar(text, "x") == null) {
            return "holds " + notes + " vNotes; a note is one file, so none of them is taken";
        }
        return null;
    }

    /**
     * The write-back of {@code calendarText} (a VCALENDAR with one VJOURNAL) onto {@code original} (the file's bytes,
     * or {@code null} for a new file).
     *
     * @param bytes what to write, {@code null} when something would be lost
     * @param lost  the edit's properties a vNote cannot hold (empty when {@code bytes} is set)
     */
    record Written(byte[] bytes, List<String> lost) {
    }

    static Written write(byte[] original, String calendarText, String uid) {
        Form form = Form.of(original);
        List<Line> file = form.lines;
        String before = original == null ? null : asCalendar(original, uid);
        Map<String, List<Prop>> old = before == null ? Map.of() : journal(unfoldIcal(before), new ArrayList<>());
        List<String> lost = new ArrayList<>();
        Map<String, List<Prop>> now = journal(unfoldIcal(PimText.readable(calendarText)), lost);
        if (!lost.isEmpty()) {
            return new Written(null, lost);
        }
        Set<String> names = new LinkedHashSet<>(old.keySet());
        names.addAll(now.keySet());
        List<Line> out = new ArrayList<>(file);
        for (String name : names) {
            List<Prop> was = old.getOrDefault(name, List.of());
            List<Prop> is = now.getOrDefault(name, List.of());
            if (meaning(name, was).equals(meaning(name, is))) {
                continue; // the file's own lines stay as they are
            }
            if (is.isEmpty() && !PHONE_FIELDS.contains(name)) {
                continue; // merge, never replace: only the phone's fields are removed by leaving them out
            }
            int at = -1;
            for (int i = out.size() - 1; i >= 0; i--) {
                if (out.get(i).name.equals(name)) {
                    out.remove(i);
                    at = i;
                }
            }
            if (at < 0) {
                at = out.size(); // before END:VNOTE, which join adds
            }
            List<Line> fresh = new ArrayList<>();
            for (Prop p : is) {
                fresh.add(new Line(name, vnoteLine(name, p, form.eol)));
            }
            out.addAll(at, fresh);
        }
        return new Written(form.join(out), List.of());
    }

    // ------------------------------------------------------------------ the file as it is

    /** A vNote property as the file has it: its name and its physical text (folds and soft breaks included). */
    private record Line(String name, String text) {
    }

    /** How the file is written: its charset, byte-order mark, line end, and lines between BEGIN and END:VNOTE. */
    private record Form(Charset charset, byte[] bom, String eol, String head, List<Line> lines, String tail) {
        static Form of(byte[] original) {
            if (original == null) {
                return new Form(StandardCharsets.UTF_8, new byte[0], "\r\n", "BEGIN:VNOTE\r\nVERSION:1.1\r\n", List.of(), "END:VNOTE\r\n");
            }
            Charset cs;
            byte[] bom = new byte[0];
            int skip = 0;
            if (original.length >= 3 && (original[0] & 0xff) == 0xef && (original[1] & 0xff) == 0xbb && (original[2] & 0xff) == 0xbf) {
                cs = StandardCharsets.UTF_8;
                skip = 3;
            } else if (original.length >= 2 && (original[0] & 0xff) == 0xfe && (original[1] & 0xff) == 0xff) {
                cs = StandardCharsets.UTF_16BE;
                skip = 2;
            } else if (original.length >= 2 && (original[0] & 0xff) == 0xff && (original[1] & 0xff) == 0xfe) {
                cs = StandardCharsets.UTF_16LE;
                skip = 2;
            } else {
                cs = utf8(original) ? StandardCharsets.UTF_8 : CP1252;
            }
            bom = java.util.Arrays.copyOf(original, skip);
            String text = new String(original, skip, original.length - skip, cs);
            String eol = text.contains("\r\n") ? "\r\n" : text.contains("\n") ? "\n" : "\r\n";
            String[] physical = text.split("\r\n|\n|\r", -1);
            StringBuilder head = new StringBuilder();
            StringBuilder tail = new StringBuilder();
            List<Line> lines = new ArrayList<>();
            int state = 0; // 0 before BEGIN:VNOTE, 1 inside, 2 after END:VNOTE
            boolean qpOpen = false;
            for (int i = 0; i < physical.length; i++) {
                String p = physical[i];
                boolean last = i == physical.length - 1;
                String sep = last ? "" : eol;
                if (state == 0) {
                    head.append(p).append(sep);
                    if (p.strip().replace("\uFEFF", "").equalsIgnoreCase("BEGIN:VNOTE")) {
                        state = 1;
                    }
                    continue;
                }
                if (state == 2) {
                    tail.append(p).append(sep);
                    continue;
                }
                boolean continuation = qpOpen || (!p.isEmpty() && (p.charAt(0) == ' ' || p.charAt(0) == '\t'));
                if (continuation && !lines.isEmpty()) {
                    Line prev = lines.remove(lines.size() - 1);
                    lines.add(new Line(prev.name, prev.text + eol + p));
                } else if (p.strip().equalsIgnoreCase("END:VNOTE")) {
                    state = 2;
                    tail.append(p).append(sep);
                    continue;
                } else if (p.isBlank()) {
                    continue;
                } else if (p.strip().toUpperCase(Locale.ROOT).startsWith("VERSION:") && lines.isEmpty()) {
                    head.append(p).append(sep);
                    continue;
                } else {
                    lines.add(new Line(nameOf(p), p));
                }
                qpOpen = p.endsWith("=") && lines.get(lines.size() - 1).text.toUpperCase(Locale.ROOT)
                        .matches("(?s)[^:]*ENCODING=QUOTED-PRINTABLE.*");
            }
            return new Form(cs, bom, eol, head.toString(), lines, tail.toString());
        }

        byte[] join(List<Line> lines) {
            StringBuilder sb = new StringBuilder(head);
            for (Line l : lines) {
                sb.append(l.text).append(eol);
            }
            sb.append(tail);
            byte[] body = sb.toString().getBytes(charset);
            byte[] out = java.util.Arrays.copyOf(bom, bom.length + body.length);
            System.arraycopy(body, 0, out, bom.length, body.length);
            return out;
        }
    }

    private static boolean utf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String nameOf(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != ':' && line.charAt(end) != ';') {
            end++;
        }
        String name = line.substring(0, end).strip().toUpperCase(Locale.ROOT);
        int dot = name.indexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name; // a vCard-style group prefix
    }

    // ------------------------------------------------------------------ the note as iCalendar

    /** A property of the VJOURNAL: its parameters (without ENCODING and CHARSET) and its decoded value. */
    private record Prop(String params, String value) {
    }

    /** The RFC 5545 lines of a text, unfolded (a quoted-printable soft break joins the next line too). */
    private static List<String> unfoldIcal(String text) {
        List<String> out = new ArrayList<>();
        boolean qpOpen = false;
        for (String p : text.split("\r\n|\n|\r")) {
            if (!out.isEmpty() && (qpOpen || (!p.isEmpty() && (p.charAt(0) == ' ' || p.charAt(0) == '\t')))) {
                String prev = out.remove(out.size() - 1);
                out.add(qpOpen ? prev.substring(0, prev.length() - 1) + p : prev + p.substring(1));
            } else {
                out.add(p);
            }
            String last = out.get(out.size() - 1);
            qpOpen = last.endsWith("=") && head(last).toUpperCase(Locale.ROOT).contains("ENCODING=QUOTED-PRINTABLE");
        }
        return out;
    }

    /**
     * The VJOURNAL's properties by the vNote name they have in a file ({@code DESCRIPTION} is {@code BODY}); what no
     * vNote property holds goes to {@code lost}. UID and DTSTAMP are the file's name and dates, not content.
     */
    private static Map<String, List<Prop>> journal(List<String> lines, List<String> lost) {
        Map<String, List<Prop>> props = new LinkedHashMap<>();
        int depth = 0;
        int journals = 0;
        for (String l : lines) {
            String u = l.toUpperCase(Locale.ROOT);
            if (u.startsWith("BEGIN:")) {
                depth++;
                if (depth == 2 && u.equals("BEGIN:VJOURNAL")) {
                    journals++;
                } else if (depth == 2) {
                    lost.add(l.substring(6)); // a VTIMEZONE, VEVENT ... beside the note
                } else if (depth > 2) {
                    lost.add(l.substring(6) + " inside the note");
                }
                continue;
            }
            if (u.startsWith("END:")) {
                depth--;
                continue;
            }
            if (depth != 2 || journals != 1) {
                continue; // the calendar's own VERSION, PRODID ...; or what a second journal holds (named above)
            }
            String name = nameOf(l);
            String vnote = switch (name) {
                case "DESCRIPTION" -> "BODY";
                case "CREATED" -> "DCREATED";
                case "UID", "DTSTAMP" -> null;
                default -> name.startsWith("X-VNOTE-") ? name.substring(8)
                        : VNOTE_NAMES.contains(name) || name.startsWith("X-") ? name : "";
            };
            if (vnote == null) {
                continue;
            }
            if (vnote.isEmpty()) {
                lost.add(name);
                continue;
            }
            props.computeIfAbsent(vnote, k -> new ArrayList<>()).add(prop(l));
        }
        if (journals > 1) {
            lost.add(journals + " VJOURNALs");
        }
        return props;
    }

    private static String head(String line) {
        int colon = valueStart(line);
        return colon < 0 ? line : line.substring(0, colon);
    }

    /** The colon that ends a property's name and parameters (a quoted parameter value may hold one). */
    private static int valueStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static Prop prop(String line) {
        int colon = valueStart(line);
        String head = colon < 0 ? line : line.substring(0, colon);
        String raw = colon < 0 ? "" : line.substring(colon + 1);
        String[] parts = head.split(";");
        TreeSet<String> params = new TreeSet<>();
        boolean qp = false;
        Charset cs = StandardCharsets.UTF_8;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            String u = p.toUpperCase(Locale.ROOT);
            if (u.equals("ENCODING=QUOTED-PRINTABLE") || u.equals("QUOTED-PRINTABLE")) {
                qp = true;
            } else if (u.startsWith("CHARSET=")) {
                try {
                    cs = Charset.forName(p.substring(8).replace("\"", ""));
                } catch (RuntimeException unknown) {
                    cs = StandardCharsets.UTF_8;
                }
            } else if (!p.isEmpty()) {
                params.add(p.contains("=") ? u.substring(0, u.indexOf('=')) + p.substring(p.indexOf('=')) : u);
            }
        }
        String value = qp ? decodeQp(raw, cs) : raw;
        return new Prop(String.join(";", params), unescape(value));
    }

    /** What a property's lines mean: for CATEGORIES the set of categories, else each line's parameters and value. */
    private static Object meaning(String name, List<Prop> props) {
        if (name.equals("CATEGORIES")) {
            Set<String> all = new TreeSet<>();
            for (Prop p : props) {
                for (String c : p.value.split(",")) {
                    if (!c.isBlank()) {
                        all.add(c.strip());
                    }
                }
            }
            return all;
        }
        List<Prop> sorted = new ArrayList<>(props);
        sorted.sort((a, b) -> (a.params + ":" + a.value).compareTo(b.params + ":" + b.value));
        return sorted;
    }

    /** iCalendar's text escapes: {@code \n}, {@code \,}, {@code \;}, {@code \\}. */
    private static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(n == 'n' || n == 'N' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String decodeQp(String raw, Charset cs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '=' && i + 2 < raw.length() + 0 && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                b.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '=' && i == raw.length() - 1) {
                break; // a soft break at the very end
            } else {
                byte[] bytes = String.valueOf(c).getBytes(cs);
                b.write(bytes, 0, bytes.length);
            }
        }
        return b.toString(cs).replace("\r\n", "\n");
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    // ------------------------------------------------------------------ writing vNote lines

    /** One property in vNote 1.1's form: plain where the value is printable ASCII on one line, else quoted-printable UTF-8. */
    private static String vnoteLine(String name, Prop p, String eol) {
        StringBuilder head = new StringBuilder(name);
        if (!p.params.isEmpty()) {
            head.append(';').append(p.params);
        }
        String v = p.value;
        boolean plain = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                plain = false;
                break;
            }
        }
        if (plain) {
            // a backslash would read as an escape when the note is read as iCalendar again
            return head + ":" + v.replace("\\", "\\\\");
        }
        head.append(";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:");
        StringBuilder out = new StringBuilder(head);
        int col = out.length();
        for (byte b : v.replace("\r\n", "\n").replace("\n", "\r\n").replace("\\", "\\\\").getBytes(StandardCharsets.UTF_8)) {
            int x = b & 0xff;
            String enc = x >= 0x21 && x <= 0x7e && x != '=' ? String.valueOf((char) x) : String.format("=%02X", x);
            if (x == ' ') {
                enc = " ";
            }
            if (col + enc.length() > QP_LINE - 1) {
                out.append('=').append(eol);
                col = 0;
            }
            out.append(enc);
            col += enc.length();
        }
        if (out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
            out.append("=20"); // a trailing space would be taken for padding
        }
        return out.toString();
    }
}
