package org.hearthsync.pim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.pim.PimMappers;
import org.hearthsync.wbxml.Element;
import org.hearthsync.pim.VTimezoneReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zones only a VTIMEZONE defines (no IANA or Windows zone has their rules): the phone gets their yearly DST rules in
 * the Timezone struct, so it shows an event at the file's wall-clock hour in both halves of the year; and a phone's
 * struct no zone matches comes back as a VTIMEZONE with its rules. Before, the struct was the offset at the start.
 */
class CustomZoneStructTest {
    static final PimMapper CAL = PimMappers.calendar();
    static final MappingOptions O = MappingOptions.defaults().withProtocolVersion("16.1").withZone(ZoneId.of("Europe/Berlin"));

    /** Three producers' styles of one rule pair: nth/last BYDAY, the BYMONTHDAY week run, southern hemisphere. */
    static final String LAST_APRIL_2ND_OCTOBER = "BEGIN:VTIMEZONE\r\nTZID:My Custom Zone\r\n"
            + "BEGIN:DAYLIGHT\r\nDTSTART:19900429T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=-1SU\r\nTZOFFSETFROM:+0300\r\n"
            + "TZOFFSETTO:+0400\r\nTZNAME:MCDT\r\nEND:DAYLIGHT\r\n"
            + "BEGIN:STANDARD\r\nDTSTART:19901014T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=2SU\r\nTZOFFSETFROM:+0400\r\n"
            + "TZOFFSETTO:+0300\r\nTZNAME:MCST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    static final String MONTHDAY_RUN = "BEGIN:VTIMEZONE\r\nTZID:/softwarestudio.org/Custom/Half-Ohio\r\n"
            + "BEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14\r\n"
            + "TZOFFSETFROM:-0530\r\nTZOFFSETTO:-0430\r\nEND:DAYLIGHT\r\n"
            + "BEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=SU;BYMONTHDAY=1,2,3,4,5,6,7\r\n"
            + "TZOFFSETFROM:-0430\r\nTZOFFSETTO:-0530\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
    static final String SOUTHERN = "BEGIN:VTIMEZONE\r\nTZID:GMT+09.45 Custom\r\n"
            + "BEGIN:STANDARD\r\nDTSTART:16010401T030000\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=4\r\n"
            + "TZOFFSETFROM:+1045\r\nTZOFFSETTO:+0945\r\nEND:STANDARD\r\n"
            + "BEGIN:DAYLIGHT\r\nDTSTART:16011001T020000\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=10\r\n"
            + "TZOFFSETFROM:+0945\r\nTZOFFSETTO:+1045\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";

    static String event(String vtimezone, String tzid, String start, String rrule) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n" + vtimezone + "BEGIN:VEVENT\r\nUID:custom-" + start
                + "\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;TZID=\"" + tzid + "\":" + start + "\r\nDURATION:PT1H\r\n"
                + (rrule == null ? "" : "RRULE:" + rrule + "\r\n") + "SUMMARY:custom\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    static TimeZoneStruct sent(Element eas) throws Exception {
        return TimeZoneStruct.decode(eas.childText("Calendar", "Timezone"));
    }

    /** The phone shows the start at the hour the file says, in either half of the year: the struct has the file's DST. */
    @ParameterizedTest
    @CsvSource({ "A,My Custom Zone,20250115T100000", "A,My Custom Zone,20250715T100000", "A,My Custom Zone,20251230T233000",
            "B,/softwarestudio.org/Custom/Half-Ohio,20250120T090000", "B,/softwarestudio.org/Custom/Half-Ohio,20250620T090000",
            "C,GMT+09.45 Custom,20250120T083000", "C,GMT+09.45 Custom,20250620T083000" })
    void phoneShowsTheFilesHourInBothHalves(String which, String tzid, String start) throws Exception {
        String vtz = which.equals("A") ? LAST_APRIL_2ND_OCTOBER : which.equals("B") ? MONTHDAY_RUN : SOUTHERN;
        String stored = event(vtz, tzid, start, null);
        Element eas = CAL.toEas(stored, O);
        TimeZoneStruct s = sent(eas);
        assertTrue(s.hasDst(), "struct carries DST: " + s);
        Instant st = EasDates.parse("StartTime", eas.childText("Calendar", "StartTime"));
        LocalDateTime file = LocalDateTime.parse(start, java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        assertEquals(file, s.local(st), "the phone's wall clock by the struct sent");
        // both halves, at once: the struct's offsets over the year are the file's own (independent reference)
        VTimezoneReference ref = VTimezoneReference.of(stored, tzid);
        assertNotNull(ref, "python3-icalendar reads the VTIMEZONE");
        for (int month = 1; month <= 12; month++) {
            Instant t = LocalDateTime.of(2025, month, 15, 12, 0).toInstant(ZoneOffset.UTC);
            assertEquals(ref.offsetSeconds(t), s.offsetSeconds(t), tzid + " month " + month);
        }
        assertEquals(file.atZone(ZoneOffset.UTC).toInstant().minusSeconds(ref.offsetSeconds(st)), st, "StartTime instant");
        // the phone's echo changes nothing, its change of the hour keeps the VTIMEZONE and writes its wall time
        assertFalse(CAL.fromEas(stored, eas, O).changed(), "echo");
        Element moved = EasTreesCopy.withText(eas, "Calendar", "StartTime", EasDates.compact(st.plusSeconds(3600)));
        moved = EasTreesCopy.withText(moved, "Calendar", "EndTime", EasDates.compact(st.plusSeconds(7200)));
        String after = CAL.fromEas(stored, moved, O).text();
        String later = file.plusHours(1).format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        assertTrue(after.contains("DTSTART;TZID=\"" + tzid + "\":" + later) || after.contains("DTSTART;TZID=" + tzid + ":" + later),
                after);
        assertTrue(sent(CAL.toEas(after, O)).sameRules(s), "the rules survive the phone's change");
    }

    /** A weekly series over a year: the phone's occurrences (its expansion by the struct) keep the file's wall time. */
    @Test
    void seriesKeepsTheFilesWallTimeAcrossItsDst() throws Exception {
        String stored = event(LAST_APRIL_2ND_OCTOBER, "My Custom Zone", "20250106T100000", "FREQ=WEEKLY;COUNT=52");
        Element eas = CAL.toEas(stored, O);
        TimeZoneStruct s = sent(eas);
        List<Instant> phone = new ArrayList<>(EasExpander.appointment(eas, Instant.parse("2027-01-01T00:00:00Z")).starts());
        assertEquals(52, phone.size());
        VTimezoneReference ref = VTimezoneReference.of(stored, "My Custom Zone");
        for (Instant t : phone) {
            assertEquals(10, s.local(t).getHour(), "phone's wall time " + t);
            assertEquals(10, LocalDateTime.ofInstant(t, ZoneOffset.ofTotalSeconds(ref.offsetSeconds(t))).getHour(),
                    "the file's wall time " + t);
        }
    }

    /** Rules the struct cannot carry (a one-off change within the year): the offset at the start, as before. */
    @Test
    void rulesTheStructCannotCarryFallBackToTheOffset() throws Exception {
        String vtz = "BEGIN:VTIMEZONE\r\nTZID:Odd\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\n"
                + "TZOFFSETTO:+0300\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:20250601T020000\r\nRDATE:20250601T020000\r\n"
                + "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0400\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";
        Element eas = CAL.toEas(event(vtz, "Odd", "20250710T100000", null), O);
        TimeZoneStruct s = sent(eas);
        assertFalse(s.hasDst());
        assertEquals(-240, s.bias());
    }

    /** The phone's struct no zone has: stored as a VTIMEZONE with those rules, at the phone's wall time, and sent back the same. */
    @ParameterizedTest
    @CsvSource({ "2025-07-15T06:00:00Z,10", "2025-01-15T07:00:00Z,10" })
    void phoneStructNoZoneMatchesBecomesItsVtimezone(String utc, int hour) throws Exception {
        TimeZoneStruct phone = new TimeZoneStruct(-180, "Phone Custom", new TimeZoneStruct.SysTime(0, 10, 0, 2, 3, 0, 0, 0), 0,
                "Phone Custom DST", new TimeZoneStruct.SysTime(0, 4, 0, 5, 2, 0, 0, 0), -60);
        Element data = Eas.applicationData();
        data.addText(Eas.CALENDAR, "Timezone", phone.encode());
        data.addText(Eas.CALENDAR, "AllDayEvent", "0");
        Instant start = Instant.parse(utc);
        data.addText(Eas.CALENDAR, "StartTime", EasDates.compact(start));
        data.addText(Eas.CALENDAR, "EndTime", EasDates.compact(start.plusSeconds(3600)));
        data.addText(Eas.CALENDAR, "Subject", "from the phone");
        MergeResult r = CAL.fromEas(null, data, O);
        String text = r.text();
        assertTrue(text.contains("TZID:Phone Custom\r\n"), text);
        assertTrue(text.contains("BYDAY=-1SU") && text.contains("BYDAY=2SU"), text);
        String day = LocalDateTime.ofInstant(start, ZoneOffset.UTC).toLocalDate().toString().replace("-", "");
        assertTrue(text.contains("DTSTART;TZID=Phone Custom:" + day + "T" + hour + "0000"), text);
        // an independent reader of the VTIMEZONE written: the phone's offsets in both halves
        VTimezoneReference ref = VTimezoneReference.of(text, "Phone Custom");
        for (int month = 1; month <= 12; month++) {
            Instant t = LocalDateTime.of(2025, month, 15, 12, 0).toInstant(ZoneOffset.UTC);
            assertEquals(phone.offsetSeconds(t), ref.offsetSeconds(t), "month " + month);
        }
        Element back = CAL.toEas(text, O);
        assertTrue(sent(back).sameRules(phone), "sent back with the phone's rules: " + sent(back));
        assertEquals(start, EasDates.parse("StartTime", back.childText("Calendar", "StartTime")));
        assertFalse(CAL.fromEas(text, back, O).changed(), "echo");
    }

    static long count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** A phone moving one occurrence of a series in a custom-rule zone: the override is written with the series' VTIMEZONE. */
    @Test
    void aMovedOccurrenceIsWrittenInTheSeriesZone() throws Exception {
        String stored = event(LAST_APRIL_2ND_OCTOBER, "My Custom Zone", "20250106T100000", "FREQ=WEEKLY;COUNT=52");
        Element eas = CAL.toEas(stored, O);
        List<Instant> occurrences = new ArrayList<>(EasExpander.appointment(eas, Instant.parse("2027-01-01T00:00:00Z")).starts());
        for (int n : new int[] { 2, 28 }) { // January (standard time) and July (daylight time)
            Instant x = occurrences.get(n);
            Element phone = EasTreesCopy.withText(eas, "Calendar", "Subject", "custom");
            Element exs = phone.child("Calendar", "Exceptions").orElseGet(() -> phone.add("Calendar", "Exceptions"));
            Element ex = exs.add("Calendar", "Exception");
            ex.addText("Calendar", "ExceptionStartTime", EasDates.compact(x));
            ex.addText("Calendar", "StartTime", EasDates.compact(x.plusSeconds(3600)));
            ex.addText("Calendar", "EndTime", EasDates.compact(x.plusSeconds(7200)));
            String after = CAL.fromEas(stored, phone, O).text();
            LocalDateTime wall = LocalDateTime.ofInstant(x, ZoneOffset.ofTotalSeconds(sent(eas).offsetSeconds(x)));
            java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
            assertTrue(after.contains("RECURRENCE-ID;TZID=My Custom Zone:" + wall.format(f)), after);
            assertTrue(after.contains("DTSTART;TZID=My Custom Zone:" + wall.plusHours(1).format(f)), after);
            assertEquals(1, count(after, "BEGIN:VTIMEZONE"), after);
            assertEquals(0, count(after, "DTSTART:2025") + count(after, "DTEND:2025") + count(after, "RECURRENCE-ID:2025"), "no UTC or floating time: " + after);
            // the phone sees the moved occurrence an hour later, nothing else moved
            Element back = CAL.toEas(after, O);
            List<Instant> now = new ArrayList<>(EasExpander.appointment(back, Instant.parse("2027-01-01T00:00:00Z")).starts());
            List<Instant> expected = new ArrayList<>(occurrences);
            expected.set(n, x.plusSeconds(3600));
            assertEquals(expected.stream().sorted().toList(), now.stream().sorted().toList());
        }
    }

    /** The same move from an EAS 16 phone (a Change with the occurrence's InstanceId): the series' VTIMEZONE too. */
    @Test
    void aMovedOccurrenceByInstanceIdIsWrittenInTheSeriesZone() throws Exception {
        String stored = event(LAST_APRIL_2ND_OCTOBER, "My Custom Zone", "20250106T100000", "FREQ=WEEKLY;COUNT=52");
        Element eas = CAL.toEas(stored, O);
        Instant x = new ArrayList<>(EasExpander.appointment(eas, Instant.parse("2027-01-01T00:00:00Z")).starts()).get(28);
        Element data = Eas.applicationData();
        data.addText("Calendar", "StartTime", EasDates.compact(x.plusSeconds(3600)));
        data.addText("Calendar", "EndTime", EasDates.compact(x.plusSeconds(7200)));
        String after = org.hearthsync.pim.InstanceEdits.change(stored, EasDates.compact(x), data, O).text();
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
        LocalDateTime wall = LocalDateTime.ofInstant(x, ZoneOffset.ofTotalSeconds(sent(eas).offsetSeconds(x)));
        assertTrue(after.contains("RECURRENCE-ID;TZID=My Custom Zone:" + wall.format(f)), after);
        assertTrue(after.contains("DTSTART;TZID=My Custom Zone:" + wall.plusHours(1).format(f)), after);
        assertEquals(1, count(after, "BEGIN:VTIMEZONE"), after);
    }

    /**
     * A phone's zone named like the object's VTIMEZONE but with other rules, while an override stays in the file's zone:
     * never two VTIMEZONEs with one TZID; the phone's gets a name of its own, the same one each time.
     */
    @Test
    void aPhoneZoneNamedLikeAnotherVtimezoneGetsItsOwnTzid() throws Exception {
        String series = event(LAST_APRIL_2ND_OCTOBER, "My Custom Zone", "20250106T100000", "FREQ=WEEKLY;COUNT=52");
        String stored = series.replace("END:VEVENT\r\nEND:VCALENDAR", "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:custom-20250106T100000\r\n"
                + "DTSTAMP:20240101T000000Z\r\nRECURRENCE-ID;TZID=\"My Custom Zone\":20250714T100000\r\n"
                + "DTSTART;TZID=\"My Custom Zone\":20250714T150000\r\nDURATION:PT1H\r\nSUMMARY:moved\r\nEND:VEVENT\r\nEND:VCALENDAR");
        // the phone's rules (no IANA zone's): +0230, +0330 from the first Sunday in May to the first in September
        TimeZoneStruct phone = new TimeZoneStruct(-150, "My Custom Zone", new TimeZoneStruct.SysTime(0, 9, 0, 1, 3, 0, 0, 0), 0,
                "My Custom Zone", new TimeZoneStruct.SysTime(0, 5, 0, 1, 2, 0, 0, 0), -60);
        Element data = CAL.toEas(stored, O);
        Instant start = Instant.parse("2025-01-06T07:30:00Z");
        data = EasTreesCopy.withText(data, "Calendar", "Timezone", phone.encode());
        data = EasTreesCopy.withText(data, "Calendar", "StartTime", EasDates.compact(start));
        data = EasTreesCopy.withText(data, "Calendar", "EndTime", EasDates.compact(start.plusSeconds(3600)));
        String text = CAL.fromEas(stored, data, O).text();
        List<String> tzids = text.lines().filter(l -> l.startsWith("TZID:")).toList();
        assertEquals(List.of("TZID:My Custom Zone", "TZID:My Custom Zone (2)"), tzids.stream().sorted().toList(), text);
        assertTrue(text.contains("DTSTART;TZID=My Custom Zone (2):20250106T100000"), text);
        assertTrue(text.contains("RECURRENCE-ID;TZID=My Custom Zone:20250714T100000"), text);
        Element back = CAL.toEas(text, O);
        assertTrue(sent(back).sameRules(phone), "the phone's rules: " + sent(back));
        assertEquals(start, EasDates.parse("StartTime", back.childText("Calendar", "StartTime")));
        assertFalse(CAL.fromEas(text, back, O).changed(), "echo");
        // deterministic: the same edit again gives the same TZIDs (the VTIMEZONEs' order is the writer's)
        assertEquals(tzids.stream().sorted().toList(),
                CAL.fromEas(stored, data, O).text().lines().filter(l -> l.startsWith("TZID:")).sorted().toList());
    }

    /** A phone's zone named like the object's VTIMEZONE and with its rules reuses it. */
    @Test
    void aPhoneZoneWithTheSameNameAndRulesReusesTheVtimezone() throws Exception {
        String stored = event(LAST_APRIL_2ND_OCTOBER, "My Custom Zone", "20250106T100000", null);
        Element data = CAL.toEas(stored, O);
        TimeZoneStruct same = sent(data);
        Instant start = Instant.parse("2025-07-15T07:00:00Z");
        data = EasTreesCopy.withText(data, "Calendar", "StartTime", EasDates.compact(start));
        data = EasTreesCopy.withText(data, "Calendar", "EndTime", EasDates.compact(start.plusSeconds(3600)));
        String text = CAL.fromEas(stored, data, O).text();
        assertEquals(1, count(text, "BEGIN:VTIMEZONE"), text);
        assertTrue(text.contains("DTSTART;TZID=My Custom Zone:20250715T110000"), text);
        assertTrue(sent(CAL.toEas(text, O)).sameRules(same));
    }
}
