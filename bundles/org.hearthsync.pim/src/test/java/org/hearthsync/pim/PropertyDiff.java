package org.hearthsync.pim;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.hearthsync.pim.files.PimText;

import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.ICalComponent;
import biweekly.component.VEvent;
import biweekly.io.text.ICalReader;
import biweekly.io.text.ICalWriter;
import biweekly.property.DateOrDateTimeProperty;
import biweekly.property.ExceptionDates;
import biweekly.property.ICalProperty;
import biweekly.property.RecurrenceDates;
import biweekly.util.ICalDate;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardReader;
import ezvcard.io.text.VCardWriter;
import ezvcard.property.VCardProperty;

/**
 * Test helper: every property of a stored object compared by value, parameters included, with what a rewrite made
 * of it. Each property is rendered alone by the library's own writer (so line folding, parameter order and 2.1/1.0
 * syntax do not count) and then found in the other text: <em>kept</em> when its rendering is there as it was,
 * <em>form</em> when it is there changed in form only (parameter values' case, quoting and list syntax, vCalendar
 * 1.0 status names, escaping; dates: the same instants), <em>lost</em> otherwise.
 */
final class PropertyDiff {
    record Outcome(int kept, int form, List<String> lost) {
        Outcome plus(Outcome o) {
            List<String> l = new ArrayList<>(lost);
            l.addAll(o.lost());
            return new Outcome(kept + o.kept(), form + o.form(), l);
        }
    }

    static final Outcome NONE = new Outcome(0, 0, List.of());

    private PropertyDiff() {
    }

    // ---------------------------------------------------------------- vCard

    static Outcome vcard(String before, String after, Set<String> touched) throws Exception {
        Outcome o = compare(vcardLines(before, touched), vcardLines(after, touched));
        // a value ez-vcard cannot parse (syncgw's GEO:190+;029-,) renders differently when read from 2.1 and from 4.0;
        // written back verbatim it is kept in form
        String unfolded = "\n" + PimText.readable(after).replace("\r\n ", "").replace("\r\n\t", "").replace("\r\n", "\n");
        List<String> lost = o.lost().stream().filter(l -> !unfolded.contains("\n" + l + "\n")).toList();
        return new Outcome(o.kept(), o.form() + o.lost().size() - lost.size(), lost);
    }

    private static List<String> vcardLines(String text, Set<String> touched) throws Exception {
        VCard v;
        try (VCardReader r = new VCardReader(PimText.readable(text))) {
            v = r.readNext();
        }
        List<String> out = new ArrayList<>();
        for (VCardProperty p : v.getProperties()) {
            String name = org.hearthsync.pim.internal.Names.vcard(p);
            if (touched.contains(name) || name.equals("REV") || name.equals("PRODID") || name.equals("VERSION")) {
                continue;
            }
            VCard one = new VCard(VCardVersion.V4_0);
            one.addProperty(p);
            StringWriter sw = new StringWriter();
            try (VCardWriter w = new VCardWriter(sw, VCardVersion.V4_0)) {
                w.setAddProdId(false);
                w.setVersionStrict(false);
                w.setCaretEncodingEnabled(true);
                w.write(one);
            }
            out.add(body(sw.toString()));
        }
        return out;
    }

    // ---------------------------------------------------------------- iCalendar

    /** Components of the kind matched by UID and RECURRENCE-ID; VTIMEZONEs are compared through the instants they give. */
    static Outcome ical(String before, String after, Class<? extends ICalComponent> kind, Set<String> touched) throws Exception {
        Map<String, List<String>> a = icalLines(before, kind, touched);
        Map<String, List<String>> b = icalLines(after, kind, touched);
        Outcome o = NONE;
        for (Map.Entry<String, List<String>> e : a.entrySet()) {
            Outcome one = compare(e.getValue(), b.getOrDefault(e.getKey(), List.of()));
            List<String> lost = one.lost().stream().map(l -> e.getKey() + " " + l).toList();
            o = o.plus(new Outcome(one.kept(), one.form(), lost));
        }
        return o;
    }

    private static Map<String, List<String>> icalLines(String text, Class<? extends ICalComponent> kind, Set<String> touched)
            throws Exception {
        ICalendar cal;
        try (ICalReader r = new ICalReader(PimText.readable(text))) {
            cal = r.readNext();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (ICalComponent c : cal.getComponents(kind)) {
            // by RECURRENCE-ID and order, not UID: a rewrite gives a UID to an object that had none
            biweekly.property.RecurrenceId rid = c.getProperty(biweekly.property.RecurrenceId.class);
            String key = kind.getSimpleName() + (rid == null || rid.getValue() == null ? "" : "@" + dates(rid).split(ALIAS)[1]);
            key += "#" + seen.merge(key, 1, Integer::sum);
            List<String> lines = out.computeIfAbsent(key, k -> new ArrayList<>());
            collect(cal, c, "", touched, lines);
        }
        return out;
    }

    private static void collect(ICalendar cal, ICalComponent c, String path, Set<String> touched, List<String> out) throws Exception {
        for (ICalProperty p : c.getProperties().values()) {
            String name = org.hearthsync.pim.internal.Names.ical(p);
            if (touched.contains(name) || name.equals("DTSTAMP") || name.equals("LAST-MODIFIED")) {
                continue;
            }
            String dates = dates(p);
            out.add(dates != null ? path + name + " " + dates.replace(ALIAS, ALIAS + path + name + " ") : path + render(p));
        }
        for (ICalComponent sub : c.getComponents().values()) {
            collect(cal, sub, path + sub.getClass().getSimpleName().toUpperCase(Locale.ROOT) + "/", touched, out);
        }
    }

    /** Separates a rendering from its form-only alias (dates: their wall times). */
    static final String ALIAS = "\u0000";

    /**
     * A date property as what it names: the instants (all-day values as dates), whatever zone syntax it is written in;
     * its alias is the wall times, so a floating time the mapper placed in the user's zone is a change in form.
     */
    private static String dates(ICalProperty p) {
        List<ICalDate> values = new ArrayList<>();
        if (p instanceof DateOrDateTimeProperty d && d.getValue() != null) {
            values.add(d.getValue());
        } else if (p instanceof ExceptionDates ed) {
            values.addAll(ed.getValues());
        } else if (p instanceof RecurrenceDates rd && rd.getPeriods().isEmpty()) {
            values.addAll(rd.getDates());
        } else if (p instanceof RecurrenceDates rd) {
            // periods: no mapper reads them and they are kept as written; their TZID may name a zone only the rewrite's
            // VTIMEZONE lets biweekly resolve, so the written wall times are the alias
            List<String> periods = new ArrayList<>();
            List<String> walls = new ArrayList<>();
            for (biweekly.util.Period period : rd.getPeriods()) {
                periods.add(instant(period.getStartDate()) + "/" + (period.getEndDate() != null ? instant(period.getEndDate())
                        : String.valueOf(period.getDuration())));
                walls.add(wall(period.getStartDate()) + "/" + (period.getEndDate() != null ? wall(period.getEndDate())
                        : String.valueOf(period.getDuration())));
            }
            periods.sort(null);
            walls.sort(null);
            return String.join(",", periods) + ALIAS + String.join(",", walls);
        } else {
            return null;
        }
        List<String> out = new ArrayList<>();
        List<String> walls = new ArrayList<>();
        for (ICalDate d : values) {
            var raw = d.getRawComponents();
            String day = raw == null ? null : String.format("%04d%02d%02d", raw.getYear(), raw.getMonth(), raw.getDate());
            out.add(!d.hasTime() && raw != null ? day : Instant.ofEpochMilli(d.getTime()).toString());
            walls.add(raw == null ? out.get(out.size() - 1) : !d.hasTime() ? day
                    : day + String.format("T%02d%02d%02d", raw.getHour(), raw.getMinute(), raw.getSecond()));
        }
        out.sort(null);
        walls.sort(null);
        return String.join(",", out) + ALIAS + String.join(",", walls);
    }

    private static String wall(ICalDate d) {
        var raw = d == null ? null : d.getRawComponents();
        return raw == null ? instant(d) : raw.toString(true, false);
    }

    private static String instant(ICalDate d) {
        return d == null ? "-" : Instant.ofEpochMilli(d.getTime()).toString();
    }

    private static String render(ICalProperty p) throws Exception {
        VEvent one = new VEvent();
        one.getProperties().clear();
        one.addProperty(p);
        ICalendar cal = new ICalendar();
        cal.getProperties().clear();
        cal.addComponent(one);
        StringWriter sw = new StringWriter();
        try (ICalWriter w = new ICalWriter(sw, ICalVersion.V2_0)) {
            w.setCaretEncodingEnabled(true);
            w.write(cal);
        }
        return body(sw.toString());
    }

    // ---------------------------------------------------------------- matching

    /** The one rendered property of a written object: unfolded, without BEGIN/END/VERSION. */
    private static String body(String written) {
        StringBuilder sb = new StringBuilder();
        for (String l : written.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")) {
            String u = l.toUpperCase(Locale.ROOT);
            if (!u.startsWith("BEGIN:") && !u.startsWith("END:") && !u.startsWith("VERSION:") && !u.startsWith("PRODID:")) {
                sb.append(sb.length() > 0 ? "\n" : "").append(l);
            }
        }
        return sb.toString();
    }

    private static Outcome compare(List<String> before, List<String> after) {
        List<String> rest = new ArrayList<>(after);
        List<String> unmatched = new ArrayList<>();
        int kept = 0;
        for (String l : before) {
            if (rest.remove(l)) {
                kept++;
            } else {
                unmatched.add(l);
            }
        }
        List<String> restForm = new ArrayList<>(rest.stream().map(PropertyDiff::form).toList());
        int form = 0;
        List<String> lost = new ArrayList<>();
        for (String l : unmatched) {
            if (restForm.remove(form(l))) {
                form++;
            } else {
                lost.add(l.replace(ALIAS, " (wall time ") + (l.contains(ALIAS) ? ")" : ""));
            }
        }
        return new Outcome(kept, form, lost);
    }

    /**
     * A rendering with what is form only taken out: parameter names and values' case, quotes and caret escapes, the
     * order of parameters and of comma-separated parameter values, backslash escapes, vCalendar 1.0's SENT/CONFIRMED.
     */
    static String form(String line) {
        int alias = line.indexOf(ALIAS);
        if (alias >= 0) {
            return line.substring(alias + 1);
        }
        int colon = valueStart(line);
        String head = line.substring(0, colon).toUpperCase(Locale.ROOT).replace("^'", "").replace("\"", "");
        String value = line.substring(Math.min(line.length(), colon + 1)).replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\");
        if (head.endsWith("RRULE")) {
            // UNTIL in UTC or in the wall time of a DTSTART the mapper placed in the user's zone: the same end (the
            // occurrence sets themselves are compared by RecurrenceEquivalenceTest)
            value = value.replaceAll("UNTIL=[0-9TZ]+;?", "");
        }
        String[] parts = head.split(";");
        List<String> params = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String pn = eq < 0 ? "TYPE" : parts[i].substring(0, eq);
            String pv = eq < 0 ? parts[i] : parts[i].substring(eq + 1);
            if (pn.equals("CHARSET") || pn.equals("ENCODING")) {
                continue; // transfer syntax of 2.1 and 1.0: the value is the same text
            }
            for (String one : pv.split(",")) {
                String v = one.strip();
                if (v.isEmpty()) {
                    continue;
                }
                v = pn.equals("PARTSTAT") && v.equals("SENT") ? "NEEDS-ACTION" : pn.equals("PARTSTAT") && v.equals("CONFIRMED") ? "ACCEPTED" : v;
                if (!params.contains(pn + "=" + v)) {
                    params.add(pn + "=" + v);
                }
            }
        }
        params.sort(null);
        return parts[0] + params + ":" + value;
    }

    private static int valueStart(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ':' && !quoted) {
                return i;
            }
        }
        return line.length();
    }

    static String describe(Outcome o) {
        return o.kept() + " kept, " + o.form() + " changed in form only, lost: " + Arrays.toString(o.lost().toArray());
    }
}
