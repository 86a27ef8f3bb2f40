package org.hearthsync.dav.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** calendar-query time ranges (RFC 4791 9.9) on the shapes calendar programs write. */
class FiltersTest {

    private static boolean inRange(String ics, String component, String start, String end) throws DavException {
        String filter = "<c:filter xmlns:c='urn:ietf:params:xml:ns:caldav'><c:comp-filter name='VCALENDAR'><c:comp-filter name='"
                + component + "'><c:time-range start='" + start + "' end='" + end + "'/></c:comp-filter></c:comp-filter></c:filter>";
        return Filters.calendar(XmlIn.parse(filter.getBytes(StandardCharsets.UTF_8)), ics);
    }

    private static String cal(String... lines) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" + String.join("\r\n", lines) + "\r\nEND:VCALENDAR\r\n";
    }

    @Test
    void anAllDayEventCoversItsDay() throws DavException {
        String ics = cal("BEGIN:VEVENT", "UID:a", "DTSTAMP:20260101T000000Z", "DTSTART;VALUE=DATE:20260310", "SUMMARY:Day",
                "END:VEVENT");
        assertTrue(inRange(ics, "VEVENT", "20260310T120000Z", "20260310T130000Z"));
        assertFalse(inRange(ics, "VEVENT", "20260311T120000Z", "20260311T130000Z"));
    }

    @Test
    void anExdateRemovesTheOnlyOccurrenceInRange() throws DavException {
        String ics = cal("BEGIN:VEVENT", "UID:b", "DTSTAMP:20260101T000000Z", "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z",
                "RRULE:FREQ=WEEKLY;COUNT=10", "EXDATE:20260309T090000Z", "END:VEVENT");
        assertTrue(inRange(ics, "VEVENT", "20260316T000000Z", "20260317T000000Z"));
        assertFalse(inRange(ics, "VEVENT", "20260309T000000Z", "20260310T000000Z"));
    }

    @Test
    void aZonedSeriesIsExpandedInItsZone() throws DavException {
        // 09:00 in Berlin: 08:00 UTC in winter, 07:00 UTC in summer
        String ics = cal("BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:STANDARD", "DTSTART:19701025T030000",
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
                "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0200", "END:DAYLIGHT", "END:VTIMEZONE",
                "BEGIN:VEVENT", "UID:c", "DTSTAMP:20260101T000000Z", "DTSTART;TZID=Europe/Berlin:20260105T090000",
                "DURATION:PT30M", "RRULE:FREQ=DAILY", "END:VEVENT");
        assertTrue(inRange(ics, "VEVENT", "20260701T070000Z", "20260701T071500Z"), "summer: 07:00 UTC");
        assertFalse(inRange(ics, "VEVENT", "20260701T080000Z", "20260701T081500Z"));
        assertTrue(inRange(ics, "VEVENT", "20260105T080000Z", "20260105T081500Z"), "winter: 08:00 UTC");
    }

    @Test
    void aTaskWithoutDatesMatchesEveryRangeAndADueTaskItsDay() throws DavException {
        assertTrue(inRange(cal("BEGIN:VTODO", "UID:d", "DTSTAMP:20260101T000000Z", "SUMMARY:Someday", "END:VTODO"), "VTODO",
                "20260101T000000Z", "20260102T000000Z"));
        String due = cal("BEGIN:VTODO", "UID:e", "DTSTAMP:20260101T000000Z", "DUE:20260401T120000Z", "END:VTODO");
        assertTrue(inRange(due, "VTODO", "20260401T000000Z", "20260402T000000Z"));
        assertFalse(inRange(due, "VTODO", "20260402T000000Z", "20260403T000000Z"));
        assertFalse(inRange(due, "VEVENT", "20260401T000000Z", "20260402T000000Z"), "no VEVENT in it");
    }
}
