package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's classes of input from other programs, each in several producers' styles (small synthetic texts
 * written the way those programs write them; the corpus tests run the real files). Each test failed on the main
 * of 7236304 and names what went wrong there.
 */
class WildInputTest {
    static final MappingOptions O = MappingOptions.defaults().withProtocolVersion("16.1").withZone(ZoneId.of("Europe/Berlin"));
    static final MappingOptions O14 = O.withProtocolVersion("14.1");

    static String crlf(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    static Map<String, List<String>> fields(PimMapper m, String text, MappingOptions o) throws MappingException {
        return EasTrees.fields(m.toEas(text, o));
    }

    /** A phone's edit of the subject (or FileAs) merged onto the text. */
    static String edited(PimMapper m, String text, MappingOptions o) throws MappingException {
        Element eas = m.toEas(text, o);
        boolean contact = m.pimClass() == PimClass.CONTACTS;
        Element changed = EasTrees.withText(eas, contact ? "Contacts" : m.pimClass() == PimClass.CALENDAR ? "Calendar" : "Tasks",
                contact ? "FileAs" : "Subject", "Edited on the phone");
        MergeResult r = m.fromEas(text, changed, o);
        assertTrue(r.changed());
        return r.text();
    }

    static void assertEchoUnchanged(PimMapper m, String text, MappingOptions o) throws MappingException {
        MergeResult echo = m.fromEas(text, m.toEas(text, o), o);
        assertFalse(echo.changed(), () -> "echo changed:\n" + echo.text());
    }

    // ---------------------------------------------------------------- class 1: EXDATE and override on one date

    static String series(String producer, String exdate, String rid) {
        return crlf("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + producer, "BEGIN:VEVENT", "UID:c1-" + producer.hashCode(),
                "DTSTAMP:20240101T000000Z", "DTSTART;TZID=Europe/Berlin:20240101T100000", "DTEND;TZID=Europe/Berlin:20240101T110000",
                "RRULE:FREQ=DAILY;COUNT=5", exdate, "SUMMARY:Standup", "END:VEVENT", "BEGIN:VEVENT", "UID:c1-" + producer.hashCode(),
                "DTSTAMP:20240101T000000Z", rid, "DTSTART;TZID=Europe/Berlin:20240103T120000", "DTEND;TZID=Europe/Berlin:20240103T130000",
                "SUMMARY:Standup (moved)", "END:VEVENT", "END:VCALENDAR");
    }

    @Test
    void class1ExdateAndOverrideOnOneDateStayDeleted() throws Exception {
        List<String> items = List.of(
                // Apple iCal: EXDATE in the zone, override by zoned RECURRENCE-ID
                series("-//Apple Inc.//iCal 3.0//EN", "EXDATE;TZID=Europe/Berlin:20240103T100000",
                        "RECURRENCE-ID;TZID=Europe/Berlin:20240103T100000"),
                // Evolution: EXDATE in UTC, override in the zone
                series("-//Ximian//NONSGML Evolution Calendar//EN", "EXDATE:20240103T090000Z",
                        "RECURRENCE-ID;TZID=Europe/Berlin:20240103T100000"),
                // Zimbra: EXDATE list, override by UTC RECURRENCE-ID
                series("Zimbra-Calendar-Provider", "EXDATE;TZID=Europe/Berlin:20240102T100000,20240103T100000",
                        "RECURRENCE-ID:20240103T090000Z"));
        PimMapper m = PimMappers.calendar();
        for (String text : items) {
            for (MappingOptions o : List.of(O, O14)) {
                Map<String, List<String>> f = fields(m, text, o);
                // the phone gets the occurrence as deleted (main sent the override: a cancelled occurrence reappeared)
                assertTrue(f.getOrDefault("/Calendar:Exceptions/Calendar:Exception/Calendar:Deleted", List.of()).contains("1"), f::toString);
                assertFalse(f.containsKey("/Calendar:Exceptions/Calendar:Exception/Calendar:Subject"), f::toString);
                assertEchoUnchanged(m, text, o); // main dropped the EXDATE here
                String after = edited(m, text, o);
                assertTrue(after.contains("EXDATE"), after);
                assertTrue(after.contains("RECURRENCE-ID"), after); // the stored override stays, behind its EXDATE
                assertEchoUnchanged(m, after, o);
            }
        }
    }

    // ---------------------------------------------------------------- class 3: vCard 2.1 parameters

    @Test
    void class3TypeListsInEveryStyleKeepTheirSlot() throws Exception {
        List<String> cards = List.of(
                // Apple / KDE: one quoted list
                crlf("BEGIN:VCARD", "VERSION:3.0", "N:Doe;John;;;", "FN:John Doe", "TEL;TYPE=\"work,voice\":+1 555 0101",
                        "TEL;TYPE=\"home,fax\":+1 555 0102", "END:VCARD"),
                // Nokia / Evolution 2.1: bare types
                crlf("BEGIN:VCARD", "VERSION:2.1", "N:Doe;John", "FN:John Doe", "TEL;WORK;VOICE:+1 555 0101", "TEL;HOME;FAX:+1 555 0102",
                        "END:VCARD"),
                // Outlook 2.1 without VERSION, comma list in one TYPE
                crlf("BEGIN:VCARD", "N:Doe;John", "FN:John Doe", "TEL;TYPE=WORK,VOICE:+1 555 0101", "TEL;TYPE=HOME,FAX:+1 555 0102",
                        "END:VCARD"));
        PimMapper m = PimMappers.contacts();
        for (String card : cards) {
            Map<String, List<String>> f = fields(m, card, O);
            assertEquals(List.of("+1 555 0101"), f.get("/Contacts:BusinessPhoneNumber"), () -> card + f);
            assertEquals(List.of("+1 555 0102"), f.get("/Contacts:HomeFaxNumber"), () -> card + f);
            assertFalse(f.containsKey("/Contacts:MobilePhoneNumber"), () -> card + f);
            assertEchoUnchanged(m, card, O);
            String after = edited(m, card, O);
            assertFalse(after.contains("^'"), after); // main wrote the quotes as data: TYPE="^'work,voice^'"
            assertEquals(f.get("/Contacts:BusinessPhoneNumber"), fields(m, after, O).get("/Contacts:BusinessPhoneNumber"), after);
            assertEquals(f.get("/Contacts:HomeFaxNumber"), fields(m, after, O).get("/Contacts:HomeFaxNumber"), after);
        }
    }

    // ---------------------------------------------------------------- class 4: BOM, blank lines, line ends

    @Test
    void class4ByteOrderMarkBlankLinesAndLineEndsAreRead() throws Exception {
        String card = crlf("BEGIN:VCARD", "VERSION:3.0", "N:Doe;Jane;;;", "FN:Jane Doe", "EMAIL;TYPE=INTERNET:jane@example.org", "END:VCARD");
        String event = crlf("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
                "BEGIN:VEVENT", "UID:c4", "DTSTAMP:20240101T000000Z", "DTSTART:20240601T100000Z", "DTEND:20240601T110000Z",
                "SUMMARY:Lunch", "END:VEVENT", "END:VCALENDAR");
        for (String base : List.of(card, event)) {
            PimMapper m = base.startsWith("BEGIN:VCARD") ? PimMappers.contacts() : PimMappers.calendar();
            Map<String, List<String>> want = fields(m, base, O);
            List<String> variants = List.of(
                    "\uFEFF" + base, // Windows programs (Outlook export, Notepad)
                    "\r\n\r\n" + base, // Thunderbird's address book export, ical.js newline_junk
                    "\n \r\n" + base.replace("\r\n", "\n"), // blank and white-space lines, LF
                    base.replace("\r\n", "\r"), // classic Mac OS
                    base.replace("\r\n", "\r\r\n"), // a DOS export written through a text-mode stream
                    base.replace("END:", "\r\nEND:")); // a blank line inside
            for (String v : variants) {
                assertEquals(want.keySet(), fields(m, v, O).keySet(), () -> "read differently: " + v.replace("\r", "\\r"));
                if (m == PimMappers.contacts()) {
                    assertEquals(want.get("/Contacts:Email1Address"), fields(m, v, O).get("/Contacts:Email1Address"));
                } else {
                    assertEquals(want.get("/Calendar:StartTime"), fields(m, v, O).get("/Calendar:StartTime"));
                }
                assertEchoUnchanged(m, v, O);
                assertFalse(edited(m, v, O).contains("\uFEFF"));
            }
        }
    }

    // ---------------------------------------------------------------- class 6: bare components, odd containers

    @Test
    void class6BareComponentsAndSeveralCalendarsMap() throws Exception {
        // Evolution's test components: a VEVENT and a VTODO without their VCALENDAR
        String bareEvent = crlf("BEGIN:VEVENT", "UID:bare-1", "DTSTAMP:20240101T000000Z", "DTSTART:20240601T100000Z",
                "DTEND:20240601T110000Z", "SUMMARY:Bare", "END:VEVENT");
        assertEquals(List.of("Bare"), fields(PimMappers.calendar(), bareEvent, O).get("/Calendar:Subject"));
        assertEchoUnchanged(PimMappers.calendar(), bareEvent, O);
        assertTrue(edited(PimMappers.calendar(), bareEvent, O).startsWith("BEGIN:VCALENDAR"));
        String bareTodo = crlf("BEGIN:VTODO", "UID:bare-2", "DTSTAMP:20240101T000000Z", "SUMMARY:Bare task", "END:VTODO");
        assertEquals(List.of("Bare task"), fields(PimMappers.tasks(), bareTodo, O).get("/Tasks:Subject"));
        assertEchoUnchanged(PimMappers.tasks(), bareTodo, O);
        // SyncEvolution / Evolution: a series and its override each in its own VCALENDAR
        String split = crlf("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Ximian//NONSGML Evolution Calendar//EN", "BEGIN:VEVENT",
                "UID:two-cals", "DTSTAMP:20240101T000000Z", "DTSTART:20240101T090000Z", "DTEND:20240101T100000Z",
                "RRULE:FREQ=DAILY;COUNT=3", "SUMMARY:Series", "END:VEVENT", "END:VCALENDAR", "BEGIN:VCALENDAR", "VERSION:2.0",
                "PRODID:-//Ximian//NONSGML Evolution Calendar//EN", "BEGIN:VEVENT", "UID:two-cals", "DTSTAMP:20240101T000000Z",
                "RECURRENCE-ID:20240102T090000Z", "DTSTART:20240102T093000Z", "DTEND:20240102T103000Z", "SUMMARY:Moved",
                "END:VEVENT", "END:VCALENDAR");
        Map<String, List<String>> f = fields(PimMappers.calendar(), split, O);
        assertEquals(List.of("Moved"), f.get("/Calendar:Exceptions/Calendar:Exception/Calendar:Subject"), f::toString);
        assertEchoUnchanged(PimMappers.calendar(), split, O);
        String after = edited(PimMappers.calendar(), split, O);
        assertEquals(1, after.split("BEGIN:VCALENDAR", -1).length - 1, after);
        assertTrue(after.contains("SUMMARY:Moved"), after);
    }
}
