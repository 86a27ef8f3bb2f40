package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;

/**
 * Input real files have that the RFCs do not allow, each mapped the way MAPPING.md ("Malformed input") describes:
 * the phone sees what the file means, echoes change nothing, and a phone's change keeps the rest as it was written.
 */
class MalformedInputTest {
    static final MappingOptions BERLIN = MappingOptions.defaults().withProtocolVersion("14.1").withZone(ZoneId.of("Europe/Berlin"));
    static final PimMapper CAL = PimMappers.calendar();
    static final PimMapper TASKS = PimMappers.tasks();

    private static String cal(String... lines) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + String.join("\r\n", lines) + "\r\nEND:VCALENDAR\r\n";
    }

    private static String text(Element e, String ns, String name) {
        return e.child(ns, name).map(x -> x.text().trim()).orElse(null);
    }

    @Test
    void unknownOrEmptyTzidIsTheUsersZoneAndARewriteKeepsTheLocalTime() throws Exception {
        for (String tzid : new String[] { "", "CUSTOM_tzid", "\"GMT-05.00/-04.00\"" }) {
            String stored = cal("BEGIN:VEVENT", "UID:u1", "DTSTART;TZID=" + tzid + ":20150826T090000",
                    "DTEND;TZID=" + tzid + ":20150826T100000", "SUMMARY:a", "END:VEVENT");
            Element eas = CAL.toEas(stored, BERLIN);
            assertEquals("20150826T070000Z", text(eas, "Calendar", "StartTime"), tzid); // 09:00 in Berlin (CEST)
            assertFalse(CAL.fromEas(stored, eas, BERLIN).changed());
            Element changed = EasTrees.withText(eas, "Calendar", "Subject", "b");
            MergeResult r = CAL.fromEas(stored, changed, BERLIN);
            assertTrue(r.text().contains(":20150826T090000\r\n"), r.text()); // still a local time, not 09:00 UTC
            assertEquals("20150826T070000Z", text(CAL.toEas(r.text(), BERLIN), "Calendar", "StartTime"), r.text());
        }
    }

    @Test
    void aWindowsOrIanaTzidWithoutVtimezoneIsThatZone() throws Exception {
        String stored = cal("BEGIN:VEVENT", "UID:u2", "DTSTART;TZID=Eastern Standard Time:20150826T090000", "SUMMARY:a",
                "RDATE;TZID=\"Eastern Standard Time\";VALUE=PERIOD:20150901T090000/PT1H", "END:VEVENT");
        Element eas = CAL.toEas(stored, BERLIN);
        assertEquals("20150826T130000Z", text(eas, "Calendar", "StartTime"));
        // a rewrite keeps the TZID as written and adds the VTIMEZONE it needs (RFC 5545 3.2.19), from the zone's rules
        String text = CAL.fromEas(stored, EasTrees.withText(eas, "Calendar", "Subject", "b"), BERLIN).text();
        assertTrue(text.contains("DTSTART;TZID=Eastern Standard Time:20150826T090000\r\n"), text);
        assertTrue(text.contains("RDATE;TZID=Eastern Standard Time;VALUE=PERIOD:20150901T090000/PT1H\r\n"), text);
        assertEquals(1, text.split("BEGIN:VTIMEZONE", -1).length - 1, text);
        assertTrue(text.contains("BEGIN:VTIMEZONE\r\nTZID:Eastern Standard Time\r\n"), text);
        assertEquals("20150826T130000Z", text(CAL.toEas(text, BERLIN), "Calendar", "StartTime"));
        assertFalse(CAL.fromEas(text, CAL.toEas(text, BERLIN), BERLIN).changed(), text);
    }

    @Test
    void aKnownTzidWithoutVtimezoneIsRewrittenAsWrittenWithAVtimezone() throws Exception {
        for (String tzid : new String[] { "Europe/Berlin", "America/New_York", "US/Eastern" }) {
            String stored = cal("BEGIN:VEVENT", "UID:k1", "DTSTART;TZID=" + tzid + ":20261102T090000",
                    "DTEND;TZID=" + tzid + ":20261102T100000", "RRULE:FREQ=WEEKLY;COUNT=10",
                    "EXDATE;TZID=" + tzid + ":20261109T090000", "SUMMARY:a", "END:VEVENT",
                    "BEGIN:VEVENT", "UID:k1", "RECURRENCE-ID;TZID=" + tzid + ":20261116T090000",
                    "DTSTART;TZID=" + tzid + ":20261116T110000", "DTEND;TZID=" + tzid + ":20261116T120000", "SUMMARY:moved",
                    "END:VEVENT");
            Element eas = CAL.toEas(stored, BERLIN);
            assertFalse(CAL.fromEas(stored, eas, BERLIN).changed(), tzid);
            MergeResult r = CAL.fromEas(stored, EasTrees.withText(eas, "Calendar", "Subject", "b"), BERLIN);
            String text = r.text();
            assertFalse(text.contains("TZID=/"), text); // not the global-id form
            for (String p : new String[] { "DTSTART;TZID=" + tzid + ":20261102T090000", "DTEND;TZID=" + tzid + ":20261102T100000",
                    "EXDATE;TZID=" + tzid + ":20261109T090000", "RECURRENCE-ID;TZID=" + tzid + ":20261116T090000",
                    "DTSTART;TZID=" + tzid + ":20261116T110000" }) {
                assertTrue(text.contains(p + "\r\n"), p + " in\n" + text);
            }
            // RFC 5545 3.2.19: a TZID that is not a global id names a VTIMEZONE in the object, exactly one
            assertEquals(1, text.split("BEGIN:VTIMEZONE", -1).length - 1, text);
            assertTrue(text.contains("BEGIN:VTIMEZONE\r\nTZID:" + tzid + "\r\n"), text);
            // and it means the same: the phone sees the same instants, an echo of the rewrite changes nothing
            Element again = CAL.toEas(text, BERLIN);
            assertEquals(text(eas, "Calendar", "StartTime"), text(again, "Calendar", "StartTime"), tzid);
            assertEquals(text(eas, "Calendar", "Timezone"), text(again, "Calendar", "Timezone"), tzid);
            assertEquals(eas.child("Calendar", "Exceptions").get().toString(), again.child("Calendar", "Exceptions").get().toString());
            assertFalse(CAL.fromEas(text, again, BERLIN).changed(), text);
            // a second change adds no second VTIMEZONE
            String twice = CAL.fromEas(text, EasTrees.withText(again, "Calendar", "Subject", "c"), BERLIN).text();
            assertEquals(1, twice.split("BEGIN:VTIMEZONE", -1).length - 1, twice);
        }
    }

    /** RDATE periods under a TZID without VTIMEZONE: a rewrite keeps their local times (biweekly wrote them as UTC). */
    @Test
    void rdatePeriodsInAnUnresolvedTzidKeepTheirLocalTimes() throws Exception {
        for (String tzid : new String[] { "\"Central Standard Time\"", "CUSTOM_tzid", "America/Chicago", null }) {
            String stored = cal("BEGIN:VEVENT", "UID:p1", "DTSTART;TZID=America/Chicago:20180327T080000",
                    "DTEND;TZID=America/Chicago:20180327T090000", "SUMMARY:a",
                    "RDATE" + (tzid == null ? "" : ";TZID=" + tzid) + ";VALUE=PERIOD:20180403T080000/20180403T090000,20180410T080000/PT1H",
                    "RDATE" + (tzid == null ? "" : ";TZID=" + tzid) + ":20180417T080000", "END:VEVENT");
            Element eas = CAL.toEas(stored, BERLIN);
            String written = CAL.fromEas(stored, EasTrees.withText(eas, "Calendar", "Subject", "b"), BERLIN).text();
            String text = written.replaceAll("\r\n[ \t]", "");
            String id = tzid == null ? null : tzid.replace("\"", "");
            assertTrue(text.contains(";VALUE=PERIOD:20180403T080000/20180403T090000,20180410T080000/PT1H\r\n"), text);
            assertTrue(text.contains("RDATE" + (id == null ? "" : ";TZID=" + id) + ":20180417T080000\r\n"), text);
            assertFalse(text.contains("080000Z"), text);
            assertFalse(CAL.fromEas(written, CAL.toEas(written, BERLIN), BERLIN).changed(), text);
        }
    }

    /** Evolution writes a VTIMEZONE observance DTSTART as a DATE; a rewrite must not turn it into VALUE=DATE with a time. */
    @Test
    void aDateObservanceStartIsRewrittenAsTheMidnightItMeans() throws Exception {
        String stored = cal("BEGIN:VTIMEZONE", "TZID:Arabian Standard Time", "BEGIN:STANDARD", "DTSTART;VALUE=DATE:20200101",
                "TZOFFSETFROM:+0400", "TZOFFSETTO:+0400", "END:STANDARD", "END:VTIMEZONE", "BEGIN:VEVENT", "UID:e1",
                "DTSTART;TZID=Arabian Standard Time:20210331T140000", "DTEND;TZID=Arabian Standard Time:20210331T150000",
                "SUMMARY:a", "END:VEVENT");
        Element eas = CAL.toEas(stored, BERLIN);
        assertEquals("20210331T100000Z", text(eas, "Calendar", "StartTime"));
        String text = CAL.fromEas(stored, EasTrees.withText(eas, "Calendar", "Subject", "b"), BERLIN).text();
        assertTrue(text.contains("BEGIN:STANDARD\r\nDTSTART:20200101T000000\r\n"), text);
        assertTrue(text.contains("DTSTART;TZID=Arabian Standard Time:20210331T140000\r\n"), text);
        assertEquals("20210331T100000Z", text(CAL.toEas(text, BERLIN), "Calendar", "StartTime"));
    }

    /** A phone's change keeps the value types the file gave properties no EAS field carries. */
    @Test
    void aRewriteKeepsConferenceAndRelatedToValueTypes() throws Exception {
        String[] kept = { "CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Join:https://example.com/meet",
            "RELATED-TO;VALUE=URI;RELTYPE=STARTTOFINISH:https://example.com/cal/1.ics", "RELATED-TO;VALUE=UID:abc\\,1@example.com",
            "RELATED-TO;RELTYPE=PARENT:parent-1", "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE=Home:geo:48.1,11.5" };
        String stored = cal("BEGIN:VEVENT", "UID:r1", "DTSTART:20261102T090000Z", "SUMMARY:a", String.join("\r\n", kept), "END:VEVENT");
        Element eas = CAL.toEas(stored, BERLIN);
        assertFalse(CAL.fromEas(stored, eas, BERLIN).changed());
        String text = CAL.fromEas(stored, EasTrees.withText(eas, "Calendar", "Subject", "b"), BERLIN).text().replaceAll("\r\n[ \t]", "");
        String[] expected = { // biweekly writes VALUE last; otherwise as written
            "CONFERENCE;FEATURE=AUDIO,VIDEO;LABEL=Join;VALUE=URI:https://example.com/meet",
            "RELATED-TO;RELTYPE=STARTTOFINISH;VALUE=URI:https://example.com/cal/1.ics", "RELATED-TO;VALUE=UID:abc\\,1@example.com",
            "RELATED-TO;RELTYPE=PARENT:parent-1", "X-APPLE-STRUCTURED-LOCATION;X-TITLE=Home;VALUE=URI:geo:48.1,11.5" };
        for (String line : expected) {
            assertTrue(text.contains(line + "\r\n"), line + " in\n" + text);
        }
        String todo = TASKS.fromEas(cal("BEGIN:VTODO", "UID:t1", "SUMMARY:a", kept[1], "END:VTODO"),
                EasTrees.withText(TASKS.toEas(cal("BEGIN:VTODO", "UID:t1", "SUMMARY:a", kept[1], "END:VTODO"), BERLIN), "Tasks",
                        "Subject", "b"), BERLIN).text();
        assertTrue(todo.replaceAll("\r\n[ \t]", "").contains("RELATED-TO;RELTYPE=STARTTOFINISH;VALUE=URI:https://example.com/cal/1.ics"), todo);
    }

    @Test
    void utcUntilOfAFloatingStartEndsTheSeriesAtTheSameInstantAfterARewrite() throws Exception {
        String stored = cal("BEGIN:VEVENT", "UID:u3", "RRULE:FREQ=WEEKLY;UNTIL=20121101T035959Z;INTERVAL=2;BYDAY=TH",
                "DTSTART:20120726T130000", "DTEND:20120726T140000", "SUMMARY:a", "END:VEVENT");
        Element eas = CAL.toEas(stored, BERLIN);
        Element until = eas.child("Calendar", "Recurrence").get().child("Calendar", "Until").get();
        assertEquals("20121101T035959Z", until.text().trim());
        MergeResult r = CAL.fromEas(stored, EasTrees.withText(eas, "Calendar", "Subject", "b"), BERLIN);
        // RFC 5545: a floating DTSTART has a floating UNTIL; the UTC instant is 04:59:59 in Berlin (CET)
        assertTrue(r.text().contains("UNTIL=20121101T045959;"), r.text());
        Element again = CAL.toEas(r.text(), BERLIN).child("Calendar", "Recurrence").get();
        assertEquals("20121101T035959Z", again.child("Calendar", "Until").get().text().trim());
        assertFalse(CAL.fromEas(r.text(), CAL.toEas(r.text(), BERLIN), BERLIN).changed());
    }

    @Test
    void vCalendarTzAndDaylightMakeTheZone() throws Exception {
        String vcal = "BEGIN:VCALENDAR\r\nVERSION:1.0\r\nTZ:-05\r\nDAYLIGHT:TRUE;-04;20100314T020000;20101107T020000;EST;EDT\r\n"
                + "BEGIN:VEVENT\r\nUID:v1\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:a\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        String summer = String.format(vcal, "20100701T100000", "20100701T110000");
        Element eas = CAL.toEas(summer, BERLIN);
        assertEquals("20100701T140000Z", text(eas, "Calendar", "StartTime")); // EDT
        String winter = String.format(vcal, "20100115T100000", "20100115T110000");
        Element w = CAL.toEas(winter, BERLIN);
        assertEquals("20100115T150000Z", text(w, "Calendar", "StartTime")); // EST
        assertEquals(text(w, "Calendar", "Timezone"), text(PimMappers.calendar().toEas(
                cal("BEGIN:VEVENT", "UID:x", "DTSTART;TZID=America/New_York:20100115T100000", "END:VEVENT"), BERLIN), "Calendar", "Timezone"));
        assertFalse(CAL.fromEas(summer, eas, BERLIN).changed());
        MergeResult r = CAL.fromEas(summer, EasTrees.withText(eas, "Calendar", "Subject", "b"), BERLIN);
        assertTrue(r.text().contains("DTSTART;TZID=America/New_York:20100701T100000"), r.text());
        // without DAYLIGHT in the event's year, TZ alone: a fixed zone
        String fixed = "BEGIN:VCALENDAR\r\nVERSION:1.0\r\nTZ:-06\r\nDAYLIGHT:TRUE;-06;19960407T025959;19961027T010000;EST;EDT\r\n"
                + "BEGIN:VEVENT\r\nUID:v2\r\nDTSTART:20100101T000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assertEquals("20100101T060000Z", text(CAL.toEas(fixed, BERLIN), "Calendar", "StartTime"));
    }

    @Test
    void aTaskDueInAnotherOffsetKeepsThePhonesWallTime() throws Exception {
        Element eas = new Element("AirSync", "ApplicationData");
        eas.addText("Tasks", "Subject", "t").addText("Tasks", "UtcDueDate", "2014-08-29T00:00:00.000Z")
                .addText("Tasks", "DueDate", "2014-08-29T08:00:00.000Z");
        MergeResult r = TASKS.fromEas(null, eas, BERLIN);
        assertTrue(r.text().contains("DUE;TZID=Etc/GMT-8:20140829T080000"), r.text());
        Element back = TASKS.toEas(r.text(), BERLIN);
        assertEquals("2014-08-29T08:00:00.000Z", text(back, "Tasks", "DueDate"));
        assertEquals("2014-08-29T00:00:00.000Z", text(back, "Tasks", "UtcDueDate"));
        // in the user's own offset nothing special happens
        Element home = new Element("AirSync", "ApplicationData");
        home.addText("Tasks", "Subject", "t").addText("Tasks", "UtcDueDate", "2014-08-29T06:00:00.000Z")
                .addText("Tasks", "DueDate", "2014-08-29T08:00:00.000Z");
        assertTrue(TASKS.fromEas(null, home, BERLIN).text().contains("DUE:20140829T060000Z"));
    }

    @Test
    void aNewTaskDueAtLocalMidnightIsDateOnlyOnlyWhenItsUtcSaysSo() throws Exception {
        // date-only from a phone in the user's zone (midnight Berlin), from one that sends midnight UTC, and with no UTC
        for (String utc : new String[] {"2017-02-28T23:00:00.000Z", "2017-03-01T00:00:00.000Z", null}) {
            Element eas = new Element("AirSync", "ApplicationData");
            eas.addText("Tasks", "Subject", "t").addText("Tasks", "DueDate", "2017-03-01T00:00:00.000Z");
            if (utc != null) {
                eas.addText("Tasks", "UtcDueDate", utc);
            }
            MergeResult r = TASKS.fromEas(null, eas, BERLIN);
            assertTrue(r.text().contains("DUE;VALUE=DATE:20170301"), utc + "\n" + r.text());
            assertEquals("2017-03-01T00:00:00.000Z", text(TASKS.toEas(r.text(), BERLIN), "Tasks", "DueDate"));
        }
        // midnight in New York (Evolution's task-4) is a time: read as a date it came back 6 h off, 23:00Z
        Element ny = new Element("AirSync", "ApplicationData");
        ny.addText("Tasks", "Subject", "t").addText("Tasks", "UtcDueDate", "2017-03-01T05:00:00.000Z")
                .addText("Tasks", "DueDate", "2017-03-01T00:00:00.000Z");
        MergeResult r = TASKS.fromEas(null, ny, BERLIN);
        assertFalse(r.text().contains("VALUE=DATE"), r.text());
        Element back = TASKS.toEas(r.text(), BERLIN);
        assertEquals("2017-03-01T05:00:00.000Z", text(back, "Tasks", "UtcDueDate"));
        assertEquals("2017-03-01T00:00:00.000Z", text(back, "Tasks", "DueDate"));
    }

    @Test
    void anOrganizerNameWithoutAddressSurvivesANewObject() throws Exception {
        for (String name : new String[] {"Society", "Society\\", "Society\\ 2014"}) {
            Element eas = new Element("AirSync", "ApplicationData");
            eas.addText("Calendar", "Subject", "s").addText("Calendar", "StartTime", "20140101T100000Z")
                    .addText("Calendar", "EndTime", "20140101T110000Z").addText("Calendar", "OrganizerName", name);
            MergeResult r = CAL.fromEas(null, eas, BERLIN);
            assertEquals(name, text(CAL.toEas(r.text(), BERLIN), "Calendar", "OrganizerName"), r.text());
        }
        // a CN with a comma outside quotes (python-icalendar's "\\,") is one name: a rewrite keeps it, quoted
        String commas = cal("BEGIN:VEVENT", "UID:o2", "DTSTART:20140101T100000Z", "ORGANIZER;CN=Society\\, 2014:that", "END:VEVENT");
        Element before = CAL.toEas(commas, BERLIN);
        assertEquals("Society\\, 2014", text(before, "Calendar", "OrganizerName"));
        MergeResult rewritten = CAL.fromEas(commas, EasTrees.withText(before, "Calendar", "Subject", "s"), BERLIN);
        assertTrue(rewritten.text().contains("ORGANIZER;CN=\"Society\\, 2014\":that"), rewritten.text());
        assertEquals("Society\\, 2014", text(CAL.toEas(rewritten.text(), BERLIN), "Calendar", "OrganizerName"));
        // the same for an attendee (Outlook-style "Doe, John" written unquoted)
        String attendee = cal("BEGIN:VEVENT", "UID:o3", "DTSTART:20140101T100000Z", "ORGANIZER:mailto:me@example.org",
                "ATTENDEE;CN=Doe, John:mailto:john@example.org", "END:VEVENT");
        Element withAttendee = CAL.toEas(attendee, BERLIN);
        Element first = withAttendee.child("Calendar", "Attendees").orElseThrow().children("Calendar", "Attendee").get(0);
        assertEquals("Doe, John", text(first, "Calendar", "Name"));
        MergeResult again = CAL.fromEas(attendee, EasTrees.withText(withAttendee, "Calendar", "Subject", "s"), BERLIN);
        assertTrue(again.text().contains("ATTENDEE;CN=\"Doe, John\":mailto:john@example.org"), again.text());
        // a stored organizer with an address is kept when the phone sends the name alone
        String stored = cal("BEGIN:VEVENT", "UID:o1", "DTSTART:20140101T100000Z", "ORGANIZER;CN=Boss:mailto:boss@example.org",
                "END:VEVENT");
        Element eas = EasTrees.withText(CAL.toEas(stored, BERLIN), "Calendar", "OrganizerName", "Other");
        new java.util.ArrayList<>(eas.children("Calendar", "OrganizerEmail")).forEach(eas::remove);
        assertFalse(CAL.fromEas(stored, eas, BERLIN).changed());
    }

    @Test
    void aTzidDefinedTwiceIsReadWithItsFirstDefinitionEveryTime() throws Exception {
        String text = cal("BEGIN:VTIMEZONE", "TZID:US-Eastern", "BEGIN:STANDARD", "DTSTART:19671029T020000",
                "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "END:STANDARD",
                "BEGIN:DAYLIGHT", "DTSTART:19870405T020000", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "TZOFFSETFROM:-0500",
                "TZOFFSETTO:-0400", "END:DAYLIGHT", "END:VTIMEZONE",
                "BEGIN:VTIMEZONE", "TZID:US-Eastern", "BEGIN:STANDARD", "DTSTART:19981025T020000", "RDATE:19981025T020000",
                "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "END:STANDARD", "END:VTIMEZONE",
                "BEGIN:VEVENT", "UID:g1", "DTSTART;TZID=US-Eastern:19980312T083000", "DTEND;TZID=US-Eastern:19980312T093000",
                "END:VEVENT");
        for (int i = 0; i < 20; i++) { // biweekly's choice among the two followed a hash set's order
            assertEquals("19980312T133000Z", text(CAL.toEas(text, BERLIN), "Calendar", "StartTime"));
        }
    }

    @Test
    void anOverrideWithoutSummaryStaysWithoutOne() throws Exception {
        String stored = cal("BEGIN:VEVENT", "UID:h1", "SUMMARY:Holiday", "RRULE:FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=10",
                "DTSTART;VALUE=DATE:20020610", "DTEND;VALUE=DATE:20020611", "END:VEVENT",
                "BEGIN:VEVENT", "UID:h1", "RECURRENCE-ID;VALUE=DATE:20030610", "DTSTART;VALUE=DATE:20030609",
                "DTEND;VALUE=DATE:20030610", "END:VEVENT");
        Element eas = CAL.toEas(stored, BERLIN);
        assertFalse(CAL.fromEas(stored, eas, BERLIN).changed());
        MergeResult r = CAL.fromEas(stored, EasTrees.withText(eas, "Calendar", "Subject", "Feiertag"), BERLIN);
        assertEquals(1, r.text().split("SUMMARY:", -1).length - 1, r.text()); // the override still inherits
    }

    @Test
    void attendeeAddressesWithBlanksFromBrokenFolding() throws Exception {
        String stored = cal("BEGIN:VEVENT", "UID:a1", "DTSTART:20140409T073000Z", "SUMMARY:s",
                "ATTENDEE;PARTSTAT=TENTATIVE;CN=Henry Cabot:mailto:hcabot@", "  example.com",
                "ATTENDEE;PARTSTAT=ACCEPTED;CN=Jane Doe", "  :mailto:jdoe@example.com", "END:VEVENT");
        Element eas = CAL.toEas(stored, BERLIN);
        String xml = eas.toString();
        assertTrue(xml.contains("<Calendar:Email>hcabot@example.com</Calendar:Email>"), xml);
        assertTrue(xml.contains("<Calendar:Name>Jane Doe</Calendar:Name>"), xml);
        assertFalse(CAL.fromEas(stored, eas, BERLIN).changed());
        // the phone accepts for Henry: the stored attendee is updated, not doubled
        for (Element a : eas.child("Calendar", "Attendees").get().children("Calendar", "Attendee")) {
            if (a.childText("Calendar", "Email").equals("hcabot@example.com")) {
                a.child("Calendar", "AttendeeStatus").get().text("3");
            }
        }
        MergeResult r = CAL.fromEas(stored, eas, BERLIN);
        assertTrue(r.changed());
        assertEquals(2, r.text().split("ATTENDEE", -1).length - 1, r.text());
        assertTrue(r.text().replaceAll("\r\n[ \t]", "").contains("PARTSTAT=ACCEPTED;CN=Henry Cabot"), r.text());
    }
}
