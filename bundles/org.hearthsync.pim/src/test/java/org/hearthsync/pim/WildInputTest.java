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
                // KDE / Nokia vCard 2.1 with a quoted list (ez-vcard keeps the quotes in 2.1: main sent a mobile number)
                crlf("BEGIN:VCARD", "VERSION:2.1", "N:Doe;John", "FN:John Doe", "TEL;TYPE=\"work,voice\":+1 555 0101",
                        "TEL;TYPE=\"home,fax\":+1 555 0102", "END:VCARD"),
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
    // ---------------------------------------------------------------- classes 2 and 8: time zones

    /** Lotus Notes 6 / Outlook 2003 style: a private TZID with the 1967-2006 US rules (CalendarServer's Test-01B shape). */
    static final String EASTERN_1950 = crlf("BEGIN:VTIMEZONE", "TZID:Eastern", "BEGIN:STANDARD", "DTSTART:19501029T020000",
            "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "RRULE:FREQ=YEARLY;BYMINUTE=0;BYHOUR=2;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
            "BEGIN:DAYLIGHT", "DTSTART:19500402T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
            "RRULE:FREQ=YEARLY;BYMINUTE=0;BYHOUR=2;BYDAY=1SU;BYMONTH=4", "END:DAYLIGHT", "END:VTIMEZONE");

    static String zoned(String vtimezone, String tzid, String start, String end, String... extra) {
        String q = tzid.contains(",") || tzid.contains(":") ? "\"" + tzid + "\"" : tzid;
        StringBuilder sb = new StringBuilder(crlf("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Zones//EN")).append(vtimezone)
                .append(crlf("BEGIN:VEVENT", "UID:tz-" + Math.abs((tzid + start).hashCode()), "DTSTAMP:20240101T000000Z",
                        "DTSTART;TZID=" + q + ":" + start, "DTEND;TZID=" + q + ":" + end, "SUMMARY:Zoned"));
        for (String x : extra) {
            sb.append(x).append("\r\n");
        }
        return sb.append(crlf("END:VEVENT", "END:VCALENDAR")).toString();
    }

    static String start(String text) throws MappingException {
        return fields(PimMappers.calendar(), text, O).get("/Calendar:StartTime").get(0);
    }

    @Test
    void class2AVtimezoneThatDefinesItsRulesWinsOverTheName() throws Exception {
        // Outlook: the display name as TZID, with the zone's real rules (here Moscow-like +3 all year, not Amsterdam's +1/+2)
        String outlook = zoned(crlf("BEGIN:VTIMEZONE", "TZID:(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
                "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0300", "END:STANDARD", "END:VTIMEZONE"),
                "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "20240701T100000", "20240701T110000");
        assertEquals("20240701T070000Z", start(outlook));
        // Windows Mobile / ActiveSync exports: "UTC+11", "GMT+01.00"
        String utc11 = zoned(crlf("BEGIN:VTIMEZONE", "TZID:UTC+11", "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+1100",
                "TZOFFSETTO:+1100", "END:STANDARD", "END:VTIMEZONE"), "UTC+11", "20240601T100000", "20240601T110000");
        assertEquals("20240531T230000Z", start(utc11));
        // a Windows name whose VTIMEZONE says otherwise: the rules (+0530 all year) win over the name (W. Europe)
        String winName = zoned(crlf("BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time", "BEGIN:STANDARD", "DTSTART:16010101T000000",
                "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "END:STANDARD", "END:VTIMEZONE"), "W. Europe Standard Time",
                "20240701T100000", "20240701T110000");
        assertEquals("20240701T043000Z", start(winName));
        // Lotus Notes' "Eastern" in 2024 (its 1950 rules put DST from April): the file says EST on 10 March, IANA says EDT
        assertEquals("20240310T150000Z", start(zoned(EASTERN_1950, "Eastern", "20240310T100000", "20240310T110000")));
        // a Windows name with rules no IANA zone has (DST April to November): main sent Berlin's struct; the file's offset wins
        String invented = zoned(crlf("BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time", "BEGIN:STANDARD", "DTSTART:19700101T030000",
                "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD", "BEGIN:DAYLIGHT",
                "DTSTART:19700101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU",
                "END:DAYLIGHT", "END:VTIMEZONE"), "W. Europe Standard Time", "20240401T100000", "20240401T110000");
        assertEquals("20240401T090000Z", start(invented));
        // and the phone gets those rules (issue 17: before, the offset at the start, so its summer showed an hour off)
        PhoneZone phone = PhoneZone.of(fields(PimMappers.calendar(), invented, O).get("/Calendar:Timezone").get(0));
        assertEquals(3600, phone.offsetSeconds(java.time.Instant.parse("2024-03-31T12:00:00Z")), "still +01:00 on 31 March");
        assertEquals(7200, phone.offsetSeconds(java.time.Instant.parse("2024-04-15T12:00:00Z")), "+02:00 from 7 April");
        assertEquals(7200, phone.offsetSeconds(java.time.Instant.parse("2024-10-31T12:00:00Z")), "+02:00 to 3 November");
        assertEquals(3600, phone.offsetSeconds(java.time.Instant.parse("2024-11-04T12:00:00Z")), "+01:00 after");
        for (String t : List.of(outlook, utc11, winName, invented)) {
            assertEchoUnchanged(PimMappers.calendar(), t, O);
            assertEquals(start(t), start(edited(PimMappers.calendar(), t, O)));
        }
    }

    @Test
    void class2AVtimezoneThatDefinesNothingLosesToARecognizableName() throws Exception {
        // Apple iCal 1.5 (kcalendarcore's Compat-AppleICal_1.5.ics): observances with TZOFFSETTO only. Main sent a fixed +1
        // (Africa/Algiers) and summer events an hour off.
        String apple = zoned(crlf("BEGIN:VTIMEZONE", "TZID:Europe/Paris", "LAST-MODIFIED:20040110T032845Z", "BEGIN:DAYLIGHT",
                "TZOFFSETTO:+0200", "TZNAME:CEST", "END:DAYLIGHT", "BEGIN:STANDARD", "TZOFFSETTO:+0100", "TZNAME:CET", "END:STANDARD",
                "END:VTIMEZONE"), "Europe/Paris", "20240701T100000", "20240701T110000");
        assertEquals("20240701T080000Z", start(apple));
        Map<String, List<String>> f = fields(PimMappers.calendar(), apple, O);
        String iana = zoned("", "Europe/Paris", "20240701T100000", "20240701T110000"); // no VTIMEZONE: the name's zone
        assertEquals(EasTrees.withoutNames(fields(PimMappers.calendar(), iana, O).get("/Calendar:Timezone").get(0)),
                EasTrees.withoutNames(f.get("/Calendar:Timezone").get(0)));
        String winter = apple.replace("20240701T1", "20240115T1");
        assertEquals("20240115T090000Z", start(winter));
        assertEchoUnchanged(PimMappers.calendar(), apple, O);
    }

    @Test
    void class8TheFileRulesPlaceEventsOnItsChangeDays() throws Exception {
        // 29 October 2006, 10:00 Eastern: after the 02:00 change, so EST (15:00Z); biweekly's zone answered EDT there
        assertEquals("20061029T150000Z", start(zoned(EASTERN_1950, "Eastern", "20061029T100000", "20061029T110000")));
        // the file's spring change day, 2 April 2006, 10:00: EDT (14:00Z)
        assertEquals("20060402T140000Z", start(zoned(EASTERN_1950, "Eastern", "20060402T100000", "20060402T110000")));
        // an Outlook all-day event (midnight to midnight in the zone) on the file's change day in 2024, which IANA does not have
        String allDay = zoned(EASTERN_1950, "Eastern", "20240407T000000", "20240408T000000", "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE");
        Map<String, List<String>> f = fields(PimMappers.calendar(), allDay, O);
        assertEquals("20240407T050000Z", f.get("/Calendar:StartTime").get(0), f::toString);
        assertEquals("20240408T040000Z", f.get("/Calendar:EndTime").get(0), f::toString); // a 23-hour day by the file's rules
        assertEchoUnchanged(PimMappers.calendar(), allDay, O);
        // CalendarServer's US-Eastern on the 1997 fall-back day, in a weekly series crossing it
        String series = zoned(EASTERN_1950.replace("Eastern", "US-Eastern"), "US-Eastern", "19971019T140000", "19971019T150000",
                "RRULE:FREQ=WEEKLY;COUNT=3");
        assertEquals("19971019T180000Z", start(series));
        assertEchoUnchanged(PimMappers.calendar(), series, O);
    }

    // ---------------------------------------------------------------- class 5: vCalendar 1.0 attendees

    @Test
    void class5VcalendarStatusesMeanTheSameAfterTheRewrite() throws Exception {
        List<String> events = List.of(
                // Nokia / Symbian: STATUS values of vCalendar 1.0
                crlf("BEGIN:VCALENDAR", "VERSION:1.0", "BEGIN:VEVENT", "UID:v1", "DTSTART:20240601T100000Z", "DTEND:20240601T110000Z",
                        "SUMMARY:Meeting", "ATTENDEE;ROLE=ORGANIZER;STATUS=CONFIRMED:boss@example.org",
                        "ATTENDEE;STATUS=TENTATIVE:a@example.org", "ATTENDEE;STATUS=CONFIRMED:b@example.org",
                        "ATTENDEE;STATUS=SENT;EXPECT=REQUIRE:c@example.org", "ATTENDEE;STATUS=NEEDS ACTION:d@example.org",
                        "ATTENDEE;STATUS=DECLINED:e@example.org", "END:VEVENT", "END:VCALENDAR"),
                // KOrganizer 3.x vCalendar export: ACCEPTED / NEEDS ACTION with RSVP
                crlf("BEGIN:VCALENDAR", "VERSION:1.0", "PRODID:-//K Desktop Environment//NONSGML KOrganizer 3.4//EN", "BEGIN:VEVENT",
                        "UID:v2", "DTSTART:20240601T100000Z", "DTEND:20240601T110000Z", "SUMMARY:Meeting",
                        "ATTENDEE;RSVP=YES;STATUS=TENTATIVE:A <a@example.org>", "ATTENDEE;RSVP=YES;STATUS=CONFIRMED:B <b@example.org>",
                        "ATTENDEE;RSVP=YES;STATUS=SENT:C <c@example.org>", "ATTENDEE;RSVP=YES;STATUS=NEEDS ACTION:D <d@example.org>",
                        "ATTENDEE;RSVP=NO;STATUS=DECLINED:E <e@example.org>", "END:VEVENT", "END:VCALENDAR"));
        PimMapper m = PimMappers.calendar();
        for (String text : events) {
            Map<String, String> before = statuses(m, text);
            assertEquals(Map.of("a@example.org", "2", "b@example.org", "3", "c@example.org", "5", "d@example.org", "5",
                    "e@example.org", "4"), before, text);
            String after = edited(m, text, O);
            assertTrue(after.contains("VERSION:2.0"), after);
            assertFalse(after.contains("PARTSTAT=SENT") || after.contains("PARTSTAT=CONFIRMED"), after); // no such 2.0 values
            assertEquals(before, statuses(m, after), after);
        }
    }

    static Map<String, String> statuses(PimMapper m, String text) throws MappingException {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Element a : m.toEas(text, O).child("Calendar", "Attendees").orElseThrow().children("Calendar", "Attendee")) {
            out.put(a.child("Calendar", "Email").orElseThrow().text(), a.child("Calendar", "AttendeeStatus").orElseThrow().text());
        }
        return out;
    }

    // ---------------------------------------------------------------- class 7: vendor extensions

    @Test
    void class7VendorExtensionsReachTheirEasFieldsAndSurviveAnEdit() throws Exception {
        String evolution = crlf("BEGIN:VCARD", "VERSION:3.0", "N:Doe;John;;;", "FN:John Doe", "X-EVOLUTION-FILE-AS:Doe\\, John",
                "X-EVOLUTION-MANAGER:Mary Boss", "X-EVOLUTION-ASSISTANT:Ann Help", "X-EVOLUTION-SPOUSE:Jane Doe",
                "X-EVOLUTION-ANNIVERSARY:2001-02-03", "END:VCARD");
        String apple = crlf("BEGIN:VCARD", "VERSION:3.0", "N:Doe;John;;;", "FN:John Doe", "item1.X-ABDATE;type=pref:2001-02-03",
                "item1.X-ABLabel:_$!<Anniversary>!$_", "item2.X-ABRELATEDNAMES:Mary Boss", "item2.X-ABLabel:_$!<Manager>!$_",
                "item3.X-ABRELATEDNAMES:Ann Help", "item3.X-ABLabel:_$!<Assistant>!$_", "item4.X-ABRELATEDNAMES:Jane Doe",
                "item4.X-ABLabel:_$!<Spouse>!$_", "X-PHONETIC-FIRST-NAME:Jon", "X-PHONETIC-LAST-NAME:Do", "END:VCARD");
        String kde = crlf("BEGIN:VCARD", "VERSION:3.0", "N:Doe;John;;;", "FN:John Doe", "X-KADDRESSBOOK-X-ManagersName:Mary Boss",
                "X-KADDRESSBOOK-X-AssistantsName:Ann Help", "X-KADDRESSBOOK-X-SpousesName:Jane Doe",
                "X-KADDRESSBOOK-X-Anniversary:2001-02-03", "END:VCARD");
        PimMapper m = PimMappers.contacts();
        for (String card : List.of(evolution, apple, kde)) {
            Map<String, List<String>> f = fields(m, card, O);
            assertEquals(List.of("Mary Boss"), f.get("/Contacts2:ManagerName"), () -> card + f);
            assertEquals(List.of("Ann Help"), f.get("/Contacts:AssistantName"), () -> card + f);
            assertEquals(List.of("Jane Doe"), f.get("/Contacts:Spouse"), () -> card + f);
            assertTrue(f.get("/Contacts:Anniversary").get(0).startsWith("2001-02-0"), () -> card + f);
            assertEchoUnchanged(m, card, O);
            // a phone change of the manager lands in the property it came from, the rest stays as it was
            Element changed = EasTrees.withText(m.toEas(card, O), "Contacts2", "ManagerName", "New Boss");
            String after = m.fromEas(card, changed, O).text();
            assertEquals(List.of("New Boss"), fields(m, after, O).get("/Contacts2:ManagerName"), after);
            assertFalse(after.contains("Mary Boss"), after);
            assertEquals(f.get("/Contacts:AssistantName"), fields(m, after, O).get("/Contacts:AssistantName"), after);
            assertEquals(f.get("/Contacts:Anniversary"), fields(m, after, O).get("/Contacts:Anniversary"), after);
        }
        assertEquals(List.of("Doe, John"), fields(m, evolution, O).get("/Contacts:FileAs"));
        String renamed = m.fromEas(evolution, EasTrees.withText(m.toEas(evolution, O), "Contacts", "FileAs", "Doe, Johnny"), O).text();
        assertTrue(renamed.contains("X-EVOLUTION-FILE-AS:Doe\\, Johnny"), renamed);
        assertEquals(List.of("Jon"), fields(m, apple, O).get("/Contacts:YomiFirstName"));
    }
}
