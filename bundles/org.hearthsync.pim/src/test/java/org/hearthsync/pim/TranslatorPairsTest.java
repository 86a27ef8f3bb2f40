package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;

/**
 * evolution-activesync's translator pairs: EAS ApplicationData XML and the vCard/iCalendar its
 * translator made of it. Their vCards are not RFC-shaped (ADR and N components in the wrong order,
 * ROLE for the job title, e-mails with display names), so the comparison is by field values:
 * every value the pair's text holds must be in ours, in a property of the same kind.
 */
class TranslatorPairsTest {
    static final MappingOptions OPTS = MappingOptions.defaults().withProtocolVersion("14.1");
    static final Path BASE = Fixtures.root().resolve("eas-wire/evolution-activesync");

    record Pair(String name, Path xml, Path text) {
    }

    static List<Pair> pairs(String dir, String xmlPrefix, String textDir, String textPrefix) throws Exception {
        List<Pair> out = new ArrayList<>();
        for (String side : List.of("_Request", "_Response")) {
            Path xmlDir = BASE.resolve(dir).resolve(side).resolve("XML_Data");
            if (!Files.isDirectory(xmlDir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(xmlDir)) {
                for (Path x : s.sorted().toList()) {
                    String suffix = x.getFileName().toString().replace(xmlPrefix, "").replace(".xml", "");
                    Path t = BASE.resolve(dir).resolve(side).resolve(textDir).resolve(textPrefix + suffix + ".txt");
                    out.add(new Pair(side + "/" + suffix, x, Files.exists(t) ? t : null));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- contacts

    @TestFactory
    Stream<DynamicTest> contactPairs() throws Exception {
        return pairs("Con_Info_Translator", "_XML_info_translator_parse_", "VCard_Data", "VCard_info_translator_parse_").stream()
                .map(p -> DynamicTest.dynamicTest(p.name(), () -> {
                    Element eas = EasXml.applicationData(Fixtures.read(p.xml()), "Contacts");
                    MergeResult ours = PimMappers.contacts().fromEas(null, eas, OPTS);
                    // every EAS value is in our vCard
                    Set<String> ourAtoms = atoms(lines(ours.text()), null);
                    for (String v : easValues(eas)) {
                        assertTrue(ourAtoms.contains(v), () -> "EAS value '" + v + "' not in\n" + ours.text());
                    }
                    if (p.text() == null) {
                        return;
                    }
                    // every value of the paired vCard is in ours, in the same kind of property
                    List<String[]> theirs = lines(Fixtures.read(p.text()));
                    for (String[] line : theirs) {
                        String name = line[0].equals("ROLE") ? "TITLE" : line[0];
                        if (name.equals("VERSION") || name.equals("BEGIN") || name.equals("END")) {
                            continue;
                        }
                        Set<String> want = atoms(List.<String[]>of(line), null);
                        Set<String> have = atoms(lines(ours.text()), name);
                        assertTrue(have.containsAll(want), () -> name + " " + want + " not in " + have + "\n" + ours.text());
                    }
                    // and the reverse: their vCard to EAS gives only values their XML has
                    Element back = PimMappers.contacts().toEas(Fixtures.read(p.text()), OPTS);
                    Set<String> xmlValues = new HashSet<>(easValues(eas));
                    Set<String> backValues = new HashSet<>(easValues(back));
                    backValues.removeAll(xmlValues);
                    backValues.removeIf(v -> v.equals("1")); // body type
                    assertTrue(backValues.isEmpty(), () -> "values not in the pair's XML: " + backValues);
                }));
    }

    /** Lower-cased leaf values of an ApplicationData tree, e-mail display names dropped, dates as yyyymmdd. */
    static List<String> easValues(Element e) {
        List<String> out = new ArrayList<>();
        for (Element c : e.children()) {
            if (!c.children().isEmpty()) {
                out.addAll(easValues(c));
            } else if (c.text() != null && !c.text().isBlank() && !c.name().equals("NativeBodyType") && !c.name().equals("Type")
                    && !c.name().equals("EstimatedDataSize")) {
                out.add(norm(c.name(), c.text()));
            }
        }
        return out;
    }

    static String norm(String field, String v) {
        String s = v.strip();
        if (field.startsWith("Email") || field.equals("EMAIL")) {
            int lt = s.lastIndexOf('<');
            int gt = s.lastIndexOf('>');
            if (lt >= 0 && gt > lt) {
                s = s.substring(lt + 1, gt);
            }
        }
        if (field.equals("Birthday") || field.equals("BDAY")) {
            var m = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4}).*").matcher(s);
            if (m.matches()) {
                s = m.group(3) + String.format("%02d%02d", Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            } else {
                s = s.replaceAll("[-:]", "").replaceAll("T.*", "");
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** Unfolded content lines as {name, value}. */
    static List<String[]> lines(String text) {
        List<String[]> out = new ArrayList<>();
        for (String l : text.replace("\r\n", "\n").replaceAll("\n[ \t]", "").split("\n")) {
            int colon = l.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String head = l.substring(0, colon);
            String name = (head.contains(";") ? head.substring(0, head.indexOf(';')) : head).toUpperCase(Locale.ROOT);
            out.add(new String[] { name, l.substring(colon + 1) });
        }
        return out;
    }

    /** The component values of lines (all, or those of one property name). */
    static Set<String> atoms(List<String[]> lines, String only) {
        Set<String> out = new HashSet<>();
        for (String[] l : lines) {
            if (only != null && !l[0].equals(only)) {
                continue;
            }
            for (String part : l[1].split("(?<!\\\\)[;]")) {
                String v = part.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n");
                if (!v.isBlank()) {
                    out.add(norm(l[0], v));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- calendar

    @TestFactory
    Stream<DynamicTest> calendarPairs() throws Exception {
        return pairs("Cal_Info_Translator", "_XML_cal_info_translator_parse_", "VCalendar_Data", "VCard_cal_info_translator_parse_")
                .stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
                    Element eas = EasXml.applicationData(Fixtures.read(p.xml()), "Calendar");
                    MergeResult ours = PimMappers.calendar().fromEas(null, eas, OPTS);
                    VEvent e = Biweekly.parse(ours.text()).first().getEvents().get(0);
                    String subject = eas.childText("Calendar", "Subject");
                    if (subject != null) {
                        assertEquals(subject.strip(), e.getSummary().getValue());
                    }
                    String location = eas.childText("Calendar", "Location");
                    if (location != null) {
                        assertEquals(location.strip(), e.getLocation().getValue());
                    }
                    String start = eas.childText("Calendar", "StartTime");
                    if (start != null && !"1".equals(eas.childText("Calendar", "AllDayEvent"))) {
                        assertEquals(compactInstant(start), e.getDateStart().getValue().toInstant());
                    }
                    if (p.text() == null || p.name().contains("exception") || p.name().contains("recurrence")) {
                        return; // their exception and recurrence samples are not valid EAS (see the class comment)
                    }
                    ICalendar theirs = Biweekly.parse(Fixtures.read(p.text())).first();
                    VEvent t = theirs.getEvents().get(0);
                    if (t.getSummary() != null) {
                        assertEquals(t.getSummary().getValue(), e.getSummary().getValue());
                    }
                    if (t.getLocation() != null) {
                        assertEquals(t.getLocation().getValue().strip(), e.getLocation().getValue());
                    }
                    if (t.getDescription() != null) {
                        assertEquals(t.getDescription().getValue(), e.getDescription().getValue());
                    }
                    if (t.getUid() != null) {
                        assertEquals(t.getUid().getValue(), e.getUid().getValue());
                    }
                    if (t.getTransparency() != null) {
                        // TRANSP defaults to OPAQUE (RFC 5545 3.8.2.7), which a busy event need not write
                        assertEquals(t.getTransparency().getValue(), e.getTransparency() == null ? "OPAQUE" : e.getTransparency().getValue());
                    }
                    if (t.getDateStart() != null && t.getDateStart().getValue().hasTime() && e.getDateStart().getValue().hasTime()) {
                        assertEquals(t.getDateStart().getValue().toInstant(), e.getDateStart().getValue().toInstant());
                    }
                    if (t.getDateStart() != null && !e.getDateStart().getValue().hasTime()) {
                        var c = e.getDateStart().getValue().getRawComponents();
                        assertEquals(t.getDateStart().getValue().getRawComponents().getDate(), c.getDate());
                    }
                    if (!t.getAlarms().isEmpty()) {
                        assertEquals(t.getAlarms().get(0).getTrigger().getDuration().toMillis(),
                                e.getAlarms().get(0).getTrigger().getDuration().toMillis());
                    }
                }));
    }

    static Instant compactInstant(String s) throws MappingException {
        return java.time.LocalDateTime.parse(s.strip().replace("Z", ""),
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")).toInstant(java.time.ZoneOffset.UTC);
    }
}
