package org.hearthsync.activesync.internal.command.meetingresponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Sets the participation status of one attendee in iCalendar text, touching nothing else: every
 * line the edit does not change is written back byte for byte. The attendee's ATTENDEE properties
 * in every VEVENT (the series and its overridden occurrences, not alarms) get the new PARTSTAT; a
 * VEVENT organized by someone else that does not list the attendee gets an ATTENDEE line.
 */
final class AttendeeReply {

    enum Outcome {
        /** The text now carries the reply. */
        UPDATED,
        /** No VEVENT has an organizer: an appointment, not a meeting. */
        NOT_A_MEETING,
        /** The attendee organizes the meeting. */
        ORGANIZER
    }

    record Result(Outcome outcome, String text) {
    }

    private AttendeeReply() {
    }

    /** A logical (unfolded) line and the physical lines it came from. */
    private record Line(String unfolded, String raw) {
    }

    static Result reply(String ics, String email, String partStat) {
        String me = email.toLowerCase(Locale.ROOT);
        List<Line> lines = unfold(ics);
        List<String> out = new ArrayList<>();
        Deque<String> stack = new ArrayDeque<>();
        boolean anyOrganizer = false;
        boolean otherOrganizer = false;
        // per VEVENT
        boolean organizer = false;
        boolean mineOrganizer = false;
        boolean listed = false;
        for (Line l : lines) {
            String u = l.unfolded();
            String name = name(u);
            String value = value(u);
            if (name.equals("BEGIN")) {
                stack.push(value.trim().toUpperCase(Locale.ROOT));
                if ("VEVENT".equals(stack.peek())) {
                    organizer = mineOrganizer = listed = false;
                }
                out.add(l.raw());
                continue;
            }
            if (name.equals("END")) {
                if ("VEVENT".equals(stack.peek()) && organizer && !mineOrganizer && !listed) {
                    out.add(fold("ATTENDEE;PARTSTAT=" + partStat + ":mailto:" + email));
                }
                if (!stack.isEmpty()) {
                    stack.pop();
                }
                out.add(l.raw());
                continue;
            }
            if ("VEVENT".equals(stack.peek())) {
                if (name.equals("ORGANIZER")) {
                    organizer = anyOrganizer = true;
                    mineOrganizer = isMe(value, me);
                    otherOrganizer |= !mineOrganizer;
                } else if (name.equals("ATTENDEE") && isMe(value, me)) {
                    listed = true;
                    out.add(fold(withPartStat(u, partStat)));
                    continue;
                }
            }
            out.add(l.raw());
        }
        if (!anyOrganizer) {
            return new Result(Outcome.NOT_A_MEETING, null);
        }
        if (!otherOrganizer) {
            return new Result(Outcome.ORGANIZER, null);
        }
        return new Result(Outcome.UPDATED, String.join("\r\n", out) + "\r\n");
    }

    private static boolean isMe(String value, String me) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("mailto:")) {
            v = v.substring(7);
        }
        return v.equals(me);
    }

    private static List<Line> unfold(String ics) {
        List<Line> lines = new ArrayList<>();
        StringBuilder u = null;
        StringBuilder raw = null;
        for (String p : ics.split("\r\n|\n|\r", -1)) {
            if (u != null && !p.isEmpty() && (p.charAt(0) == ' ' || p.charAt(0) == '\t')) {
                u.append(p, 1, p.length());
                raw.append("\r\n").append(p);
                continue;
            }
            if (u != null) {
                lines.add(new Line(u.toString(), raw.toString()));
            }
            if (p.isEmpty()) {
                u = null;
                raw = null;
                continue;
            }
            u = new StringBuilder(p);
            raw = new StringBuilder(p);
        }
        if (u != null) {
            lines.add(new Line(u.toString(), raw.toString()));
        }
        return lines;
    }

    /** Index of the colon that ends the name and parameters (colons inside quoted values do not count). */
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

    private static String name(String line) {
        int end = line.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ';' || c == ':') {
                end = i;
                break;
            }
        }
        return line.substring(0, end).trim().toUpperCase(Locale.ROOT);
    }

    private static String value(String line) {
        int i = valueStart(line);
        return i < 0 ? "" : line.substring(i + 1);
    }

    /** The property with its PARTSTAT parameter replaced (other parameters kept as they are). */
    static String withPartStat(String line, String partStat) {
        int colon = valueStart(line);
        String head = line.substring(0, colon);
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : head.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        StringBuilder sb = new StringBuilder(parts.get(0));
        for (String p : parts.subList(1, parts.size())) {
            if (!p.toUpperCase(Locale.ROOT).startsWith("PARTSTAT=")) {
                sb.append(';').append(p);
            }
        }
        sb.append(";PARTSTAT=").append(partStat);
        return sb.append(line.substring(colon)).toString();
    }

    /** Folds at 75 octets without splitting a UTF-8 sequence (RFC 5545 3.1). */
    static String fold(String line) {
        StringBuilder sb = new StringBuilder();
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < line.length();) {
            int cp = line.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + n > limit) {
                sb.append("\r\n ");
                octets = 0;
                limit = 74;
            }
            sb.appendCodePoint(cp);
            octets += n;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
