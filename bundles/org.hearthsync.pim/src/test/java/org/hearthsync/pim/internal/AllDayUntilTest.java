package org.hearthsync.pim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.pim.PimMappers;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A date-time UNTIL on an all-day series (invalid by RFC 5545 3.3.10, written by the producers of khal's
 * event_dt_rrule_invalid_until and python-icalendar's parsing_error): a phone's new object built from what was sent
 * sends the same Until, and both give the occurrences the file has (the last day whose midnight is not after UNTIL).
 */
class AllDayUntilTest {
    static final PimMapper CAL = PimMappers.calendar();
    static final MappingOptions O = MappingOptions.defaults().withProtocolVersion("14.1").withZone(ZoneId.of("Europe/Berlin"));

    @ParameterizedTest
    @CsvSource({ "20080202T000000Z,3", "20080202T000000,3", "20080131T225959Z,2", "20080131T230000Z,3" })
    void aNewObjectFromWhatWasSentSendsTheSameUntil(String until, int occurrences) throws Exception {
        String stored = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:until\r\nDTSTAMP:20071101T000000Z\r\n"
                + "DTSTART;VALUE=DATE:20071201\r\nDTEND;VALUE=DATE:20071202\r\nRRULE:FREQ=MONTHLY;UNTIL=" + until
                + "\r\nSUMMARY:monthly\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        Element eas = CAL.toEas(stored, O);
        Element again = CAL.toEas(CAL.fromEas(null, eas, O).text(), O);
        String sent = eas.child(Eas.CALENDAR, "Recurrence").orElseThrow().childText(Eas.CALENDAR, "Until");
        assertEquals(sent, again.child(Eas.CALENDAR, "Recurrence").orElseThrow().childText(Eas.CALENDAR, "Until"));
        Instant horizon = Instant.parse("2009-01-01T00:00:00Z");
        List<Instant> phone = new ArrayList<>(EasExpander.appointment(eas, horizon).starts());
        assertEquals(occurrences, phone.size(), phone.toString());
        assertEquals(phone, new ArrayList<>(EasExpander.appointment(again, horizon).starts()));
    }
}
