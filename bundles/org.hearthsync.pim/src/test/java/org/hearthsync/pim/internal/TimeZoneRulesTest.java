package org.hearthsync.pim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Time zones as the phone sees them: the struct we send, expanded by its own rules ({@link EasExpander}),
 * gives the instants java.time gives for the IANA zone, across DST in both hemispheres, in zones without
 * DST and in zones whose rules changed; Windows TZIDs; all-day events seen from the far ends of the clock.
 */
class TimeZoneRulesTest {
    static final PimMapper CAL = PimMappers.calendar();

    static String event(String tzid, String start, String end, String rrule) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:tz-rules\r\nDTSTAMP:20240101T000000Z\r\n"
                + "DTSTART;TZID=" + tzid + ":" + start + "\r\nDTEND;TZID=" + tzid + ":" + end + "\r\n"
                + (rrule == null ? "" : "RRULE:" + rrule + "\r\n") + "SUMMARY:tz\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    /** Weekly at 09:30 local (and daily at 02:30, inside the spring gap somewhere) for a year: the phone's occurrences are java.time's. */
    @ParameterizedTest
    @CsvSource({ "Europe/Berlin,0930", "America/New_York,0930", "Australia/Sydney,0930", "America/Santiago,0930",
            "Asia/Tokyo,0930", "Asia/Kolkata,0930", "Europe/Berlin,0230", "America/New_York,0230", "Australia/Sydney,0230",
            "America/Santiago,0000" })
    void phoneOccurrencesFollowTheZoneAcrossDst(String zone, String hhmm) throws Exception {
        ZoneId z = ZoneId.of(zone);
        MappingOptions o = MappingOptions.defaults().withZone(z);
        String start = "20240105T" + hhmm + "00";
        String stored = event(zone, start, "20240105T" + hhmm.substring(0, 2) + "59" + "00", "FREQ=DAILY;COUNT=366");
        Element eas = CAL.toEas(stored, o);
        LocalDateTime first = LocalDateTime.of(2024, 1, 5, Integer.parseInt(hhmm.substring(0, 2)), Integer.parseInt(hhmm.substring(2)));
        Instant horizon = first.plusYears(2).atZone(z).toInstant();
        List<Instant> expected = new ArrayList<>();
        for (int i = 0; i < 366; i++) {
            expected.add(first.plusDays(i).atZone(z).toInstant()); // java.time: a gap moves forward, an overlap takes the earlier
        }
        assertEquals(expected, new ArrayList<>(EasExpander.appointment(eas, horizon).starts()), zone);
        assertFalse(CAL.fromEas(stored, eas, o).changed());
    }

    /** The struct for a zone and year reports the offsets java.time has, every day of that year. */
    @ParameterizedTest
    @ValueSource(strings = { "Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Santiago", "Asia/Tokyo",
            "Asia/Kolkata", "Pacific/Auckland", "Europe/London", "America/Sao_Paulo", "Asia/Tehran" })
    void structOffsetsEqualZoneOffsets(String zone) {
        ZoneId z = ZoneId.of(zone);
        for (int year : new int[] { 2015, 2024 }) {
            TimeZoneStruct s = TimeZoneStruct.of(z, year);
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                Instant t = d.atTime(12, 0).toInstant(ZoneOffset.UTC);
                assertEquals(z.getRules().getOffset(t).getTotalSeconds(), s.offsetSeconds(t), zone + " " + d);
            }
            assertEquals(z, ZoneMatcher.forStruct(s, year), "named struct comes back as its zone");
        }
    }

    /**
     * Zones whose rules changed: Moscow (DST to 2010, +4 all year 2011-2014, +3 since), Sao Paulo (DST until 2019),
     * Istanbul (+2/+3 DST until 2016, +3 since). An event before and after the change gets the struct of its
     * year, and a phone's struct for that year (names stripped, rules only) comes back with the right offsets.
     */
    @ParameterizedTest
    @CsvSource({ "Europe/Moscow,2010,true,-180", "Europe/Moscow,2012,false,-240", "Europe/Moscow,2016,false,-180",
            "America/Sao_Paulo,2018,true,180", "America/Sao_Paulo,2020,false,180",
            "Europe/Istanbul,2015,true,-120", "Europe/Istanbul,2017,false,-180" })
    void zoneWhoseRulesChanged(String zone, int year, boolean dst, int bias) throws Exception {
        ZoneId z = ZoneId.of(zone);
        MappingOptions o = MappingOptions.defaults().withZone(ZoneId.of("Europe/Berlin"));
        String stored = event(zone, year + "0310T100000", year + "0310T110000", "FREQ=MONTHLY;COUNT=12");
        Element eas = CAL.toEas(stored, o);
        TimeZoneStruct s = TimeZoneStruct.decode(eas.childText("Calendar", "Timezone"));
        assertEquals(dst, s.hasDst(), zone + " " + year + " " + s);
        assertEquals(bias, s.bias() + s.standardBias(), zone + " " + year + " " + s);
        // the phone's expansion over the year equals java.time's (rules within one year hold in the struct)
        LocalDateTime first = LocalDateTime.of(year, 3, 10, 10, 0);
        List<Instant> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            expected.add(first.plusMonths(i).atZone(z).toInstant());
        }
        List<Instant> phone = new ArrayList<>(EasExpander.appointment(eas, first.plusYears(2).atZone(z).toInstant()).starts());
        if (year == 2010 && zone.equals("Europe/Moscow")) {
            // the rules changed within the series: EAS holds one year's rules, so from 27 March 2011 (Moscow kept
            // summer time) the phone's wall times are an hour off; the stored rule keeps the truth
            assertEquals(expected.subList(0, 10), phone.subList(0, 10));
        } else if (year == 2018 && zone.equals("America/Sao_Paulo")) {
            assertEquals(expected.subList(0, 8), phone.subList(0, 8)); // until DST starts in November 2018, the same
        } else {
            assertEquals(expected, phone, zone + " " + year);
        }
        // a fresh object from the phone's struct, names stripped: the zone found has the same offsets that year
        Element nameless = EasTreesCopy.withTimezone(eas, new TimeZoneStruct(s.bias(), "", s.standardDate(), s.standardBias(), "",
                s.daylightDate(), s.daylightBias()).encode());
        MergeResult fresh = CAL.fromEas(null, nameless, o);
        CalDoc doc = CalDoc.parse(fresh.text());
        CalDoc.Time t = doc.time(doc.ical.getEvents().get(0).getDateStart(), o.zone());
        assertEquals(first.atZone(z).toInstant(), t.instant());
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(7)) {
            Instant x = d.atTime(12, 0).toInstant(ZoneOffset.UTC);
            assertEquals(z.getRules().getOffset(x), t.zone().getRules().getOffset(x), zone + " " + year + " as " + t.zone() + " " + d);
        }
        // with its name, the struct comes back as the zone itself
        assertTrue(CAL.fromEas(null, eas, o).text().contains("TZID:" + zone), zone);
    }

    /** Outlook writes Windows names as TZID, with or without a VTIMEZONE: understood as the IANA zone. */
    @ParameterizedTest
    @CsvSource({ "W. Europe Standard Time,Europe/Berlin", "Eastern Standard Time,America/New_York",
            "AUS Eastern Standard Time,Australia/Sydney", "Pacific SA Standard Time,America/Santiago",
            "India Standard Time,Asia/Kolkata", "Russian Standard Time,Europe/Moscow", "Turkey Standard Time,Europe/Istanbul",
            "E. South America Standard Time,America/Sao_Paulo", "Tokyo Standard Time,Asia/Tokyo" })
    void windowsTzidWithoutVtimezone(String windows, String iana) throws Exception {
        MappingOptions o = MappingOptions.defaults().withZone(ZoneId.of("UTC"));
        String stored = event("\"" + windows + "\"", "20240115T090000", "20240115T100000", "FREQ=WEEKLY;COUNT=30");
        Element eas = CAL.toEas(stored, o);
        assertEquals(EasDates.compact(LocalDateTime.of(2024, 1, 15, 9, 0).atZone(ZoneId.of(iana)).toInstant()),
                eas.childText("Calendar", "StartTime"));
        TimeZoneStruct s = TimeZoneStruct.decode(eas.childText("Calendar", "Timezone"));
        assertTrue(s.sameRules(TimeZoneStruct.of(ZoneId.of(iana), 2024)), windows + " -> " + s);
        assertFalse(CAL.fromEas(stored, eas, o).changed());
        assertEquals(ZoneId.of(iana).getRules(), ZoneMatcher.byName(windows).getRules()); // Asia/Calcutta is Asia/Kolkata
    }

    @Test
    void windowsTzidWithOutlookVtimezone() throws Exception {
        String stored = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\nBEGIN:VTIMEZONE\r\n"
                + "TZID:Eastern Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"
                + "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\n"
                + "TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n"
                + "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:outlook\r\nDTSTAMP:20240101T000000Z\r\n"
                + "DTSTART;TZID=Eastern Standard Time:20240304T090000\r\nDTEND;TZID=Eastern Standard Time:20240304T100000\r\n"
                + "RRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        MappingOptions o = MappingOptions.defaults().withZone(ZoneId.of("Europe/Berlin"));
        Element eas = CAL.toEas(stored, o);
        ZoneId ny = ZoneId.of("America/New_York");
        assertTrue(TimeZoneStruct.decode(eas.childText("Calendar", "Timezone")).sameRules(TimeZoneStruct.of(ny, 2024)));
        List<Instant> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.add(LocalDateTime.of(2024, 3, 4, 9, 0).plusWeeks(i).atZone(ny).toInstant()); // across 10 March
        }
        assertEquals(expected, new ArrayList<>(EasExpander.appointment(eas, Instant.parse("2026-01-01T00:00:00Z")).starts()));
        assertFalse(CAL.fromEas(stored, eas, o).changed());
    }

    /** An all-day event for users at UTC-10 and UTC+14: each phone reads the same date in the struct's zone, and back. */
    @ParameterizedTest
    @ValueSource(strings = { "Pacific/Honolulu", "Pacific/Kiritimati", "Etc/GMT+10", "Etc/GMT-14" })
    void allDayFromTheFarEndsOfTheClock(String zone) throws Exception {
        MappingOptions o = MappingOptions.defaults().withZone(ZoneId.of(zone));
        String stored = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:ad\r\nDTSTAMP:20240101T000000Z\r\n"
                + "DTSTART;VALUE=DATE:20240315\r\nDTEND;VALUE=DATE:20240316\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nSUMMARY:day\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";
        Element eas = CAL.toEas(stored, o);
        TimeZoneStruct s = TimeZoneStruct.decode(eas.childText("Calendar", "Timezone"));
        Instant start = EasDates.parse("", eas.childText("Calendar", "StartTime"));
        assertEquals(LocalDateTime.of(2024, 3, 15, 0, 0), s.local(start), zone);
        for (Instant t : EasExpander.appointment(eas, Instant.parse("2027-01-01T00:00:00Z")).starts()) {
            assertEquals(LocalDateTime.of(s.local(t).getYear(), 3, 15, 0, 0), s.local(t), zone + " " + t);
        }
        assertFalse(CAL.fromEas(stored, eas, o).changed());
        // the phone creates it, and a server whose user is at the other end of the clock stores the same date
        for (String other : new String[] { "Pacific/Kiritimati", "Pacific/Honolulu" }) {
            MergeResult fresh = CAL.fromEas(null, eas, MappingOptions.defaults().withZone(ZoneId.of(other)));
            assertTrue(fresh.text().contains("DTSTART;VALUE=DATE:20240315"), other + "\n" + fresh.text());
            assertTrue(fresh.text().contains("DTEND;VALUE=DATE:20240316"), other + "\n" + fresh.text());
        }
    }
}
