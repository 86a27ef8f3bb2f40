package org.hearthsync.pim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.pim.PimMappers;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;

/**
 * An item with two VTIMEZONEs (a flight leaving New York and landing in Berlin) is written byte for byte the same every
 * time: the store's entity tag is a digest of the text, so a text that varied with the order biweekly's hash set gave
 * the zones made one merge two entity tags, and a DAV client saw a change that was none. Each parse makes new
 * assignment objects with new identity hashes, so many parses cover many hash-set orders within one JVM.
 */
class VTimezoneOrderTest {
    static final PimMapper CAL = PimMappers.calendar();
    /** A fixed clock: a merge stamps DTSTAMP and LAST-MODIFIED, and only the zones' order may vary here. */
    static final MappingOptions O = MappingOptions.defaults().withProtocolVersion("16.1").withZone(ZoneId.of("Europe/Berlin"))
            .withClock(java.time.Clock.fixed(java.time.Instant.parse("2026-05-01T12:00:00Z"), java.time.ZoneOffset.UTC));

    static final String NEW_YORK = "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"
            + "BEGIN:DAYLIGHT\r\nDTSTART:20070311T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nTZOFFSETFROM:-0500\r\n"
            + "TZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n"
            + "BEGIN:STANDARD\r\nDTSTART:20071104T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nTZOFFSETFROM:-0400\r\n"
            + "TZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    static final String BERLIN = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
            + "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\n"
            + "TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
            + "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\n"
            + "TZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

    static String flight(String... zones) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + String.join("", zones) + "BEGIN:VEVENT\r\n"
                + "UID:flight-1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=America/New_York:20260615T180000\r\n"
                + "DTEND;TZID=Europe/Berlin:20260616T080000\r\nSUMMARY:Flight\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    static List<String> tzids(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("BEGIN:VTIMEZONE\r\nTZID:([^\r\n]+)").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void twoZonesAreWrittenInOneOrderEveryTime() throws Exception {
        Set<String> texts = new LinkedHashSet<>();
        for (int i = 0; i < 60; i++) {
            String zonesFirst = i % 2 == 0 ? flight(NEW_YORK, BERLIN) : flight(BERLIN, NEW_YORK);
            texts.add(CalDoc.parse(zonesFirst).write(O.zone()));
        }
        assertEquals(1, texts.size(), "one item, one text: " + texts);
        assertEquals(List.of("America/New_York", "Europe/Berlin"), tzids(texts.iterator().next()), "by TZID");
    }

    @Test
    void aPhonesMergeOfAnItemWithTwoZonesGivesOneTextAndSoOneEtag() throws Exception {
        Set<String> texts = new LinkedHashSet<>();
        for (int i = 0; i < 40; i++) {
            String stored = flight(NEW_YORK, BERLIN);
            MergeResult r = CAL.fromEas(stored, withSubject(stored), O);
            assertTrue(r.changed());
            texts.add(r.text());
        }
        assertEquals(1, texts.size(), "one merge, one text: " + texts);
        String text = texts.iterator().next();
        assertTrue(text.contains("SUMMARY:Flight to Berlin"), text);
        assertEquals(List.of("America/New_York", "Europe/Berlin"), tzids(text));
    }

    /** The phone's view of the item with its subject changed: what a phone sends for an edit of the subject. */
    private static Element withSubject(String stored) throws Exception {
        return EasTreesCopy.withText(CAL.toEas(stored, O), "Calendar", "Subject", "Flight to Berlin");
    }
}
