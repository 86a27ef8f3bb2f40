package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;

import biweekly.Biweekly;
import biweekly.component.VEvent;
import biweekly.property.Attendee;

/** Attendees of an exception (MS-ASCAL 2.2.2.4, 14.0 and later) ⇄ the ATTENDEEs of a RECURRENCE-ID override, merged. */
class ExceptionAttendeesTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final MappingOptions V14 = MappingOptions.defaults().withProtocolVersion("14.1").withZone(BERLIN)
            .withOwnerEmails(java.util.Set.of("boss@example.com"));
    static final MappingOptions V12 = V14.withProtocolVersion("12.1");
    static final MappingOptions V16 = V14.withProtocolVersion("16.1");
    static final PimMapper CAL = PimMappers.calendar();

    /** A weekly meeting; in the second week Carol declines (her override also carries an X- parameter). */
    static final String MEETING = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
            "BEGIN:VEVENT", "UID:m1", "DTSTAMP:20261101T000000Z", "DTSTART:20261102T080000Z", "DTEND:20261102T090000Z",
            "RRULE:FREQ=WEEKLY;COUNT=5", "SUMMARY:Planning", "ORGANIZER;CN=Boss:mailto:boss@example.com",
            "ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:bob@example.com",
            "ATTENDEE;CN=Carol;PARTSTAT=ACCEPTED:mailto:carol@example.com", "END:VEVENT",
            "BEGIN:VEVENT", "UID:m1", "DTSTAMP:20261101T000000Z", "RECURRENCE-ID:20261109T080000Z", "DTSTART:20261109T080000Z",
            "DTEND:20261109T090000Z", "SUMMARY:Planning", "ORGANIZER;CN=Boss:mailto:boss@example.com",
            "ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:bob@example.com",
            "ATTENDEE;CN=Carol;PARTSTAT=DECLINED;X-SEEN=1:mailto:carol@example.com", "END:VEVENT",
            "BEGIN:VEVENT", "UID:m1", "DTSTAMP:20261101T000000Z", "RECURRENCE-ID:20261116T080000Z", "DTSTART:20261116T090000Z",
            "DTEND:20261116T100000Z", "SUMMARY:Planning", "ORGANIZER;CN=Boss:mailto:boss@example.com",
            "ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:bob@example.com",
            "ATTENDEE;CN=Carol;PARTSTAT=ACCEPTED:mailto:carol@example.com", "END:VEVENT", "END:VCALENDAR", "");

    static Element exception(Element eas, String id) {
        for (Element ex : eas.child("Calendar", "Exceptions").orElseThrow().children("Calendar", "Exception")) {
            String x = ex.childText("Calendar", "ExceptionStartTime");
            if (id.equals(x != null ? x.trim() : ex.childText("AirSyncBase", "InstanceId").trim())) {
                return ex;
            }
        }
        throw new AssertionError("no exception " + id + " in " + eas);
    }

    static Map<String, String> statuses(Element ex) {
        Map<String, String> out = new TreeMap<>();
        for (Element a : ex.child("Calendar", "Attendees").orElseThrow().children("Calendar", "Attendee")) {
            out.put(a.childText("Calendar", "Email").trim(), a.childText("Calendar", "AttendeeStatus").trim());
        }
        return out;
    }

    static VEvent override(String text, String rid) {
        for (VEvent e : Biweekly.parse(text).first().getEvents()) {
            if (e.getRecurrenceId() != null && e.getRecurrenceId().getValue().toInstant().toString().equals(rid)) {
                return e;
            }
        }
        throw new AssertionError("no override " + rid + "\n" + text);
    }

    static Attendee attendee(VEvent e, String email) {
        return e.getAttendees().stream().filter(a -> email.equals(a.getEmail())).findFirst().orElse(null);
    }

    @Test
    void attendeesAreSentForAnExceptionOnlyWhereTheyDifferAndFrom14On() throws Exception {
        Element eas = CAL.toEas(MEETING, V14);
        assertEquals(Map.of("bob@example.com", "3", "carol@example.com", "4"), statuses(exception(eas, "20261109T080000Z")));
        assertTrue(exception(eas, "20261116T080000Z").child("Calendar", "Attendees").isEmpty(), "same as the series");
        assertFalse(CAL.fromEas(MEETING, eas, V14).changed());
        Element v16 = CAL.toEas(MEETING, V16);
        assertEquals(Map.of("bob@example.com", "3", "carol@example.com", "4"), statuses(exception(v16, "20261109T080000Z")));
        assertFalse(CAL.fromEas(MEETING, v16, V16).changed());
        Element v12 = CAL.toEas(MEETING, V12);
        assertTrue(exception(v12, "20261109T080000Z").child("Calendar", "Attendees").isEmpty(), "not before 14.0");
        assertFalse(CAL.fromEas(MEETING, v12, V12).changed());
    }

    @Test
    void aPhoneChangingAnExceptionsAttendeesIsMergedOntoTheOverride() throws Exception {
        Element eas = CAL.toEas(MEETING, V14);
        Element ex = exception(eas, "20261109T080000Z");
        Element list = ex.child("Calendar", "Attendees").orElseThrow();
        for (Element a : list.children("Calendar", "Attendee")) {
            if (a.childText("Calendar", "Email").trim().equals("carol@example.com")) {
                a.child("Calendar", "AttendeeStatus").orElseThrow().text("2");
            }
        }
        list.add("Calendar", "Attendee").addText("Calendar", "Email", "dave@example.com").addText("Calendar", "Name", "Dave")
                .addText("Calendar", "AttendeeStatus", "5").addText("Calendar", "AttendeeType", "2");
        MergeResult r = CAL.fromEas(MEETING, eas, V14);
        assertTrue(r.changed());
        VEvent ov = override(r.text(), "2026-11-09T08:00:00Z");
        Attendee carol = attendee(ov, "carol@example.com");
        assertEquals("TENTATIVE", carol.getParticipationStatus().getValue());
        assertEquals("1", carol.getParameter("X-SEEN"), "an unknown parameter stays");
        assertTrue(attendee(ov, "dave@example.com") != null, r.text());
        VEvent master = Biweekly.parse(r.text()).first().getEvents().get(0);
        assertEquals(List.of("bob@example.com", "carol@example.com"), master.getAttendees().stream().map(Attendee::getEmail).toList());
        assertEquals("ACCEPTED", attendee(master, "carol@example.com").getParticipationStatus().getValue());
        assertFalse(CAL.fromEas(r.text(), CAL.toEas(r.text(), V14), V14).changed(), "stable after the change");
    }

    @Test
    void anExceptionThePhoneCreatesCarriesTheSeriesAttendees() throws Exception {
        Element eas = CAL.toEas(MEETING, V14);
        Element moved = eas.child("Calendar", "Exceptions").orElseThrow().add("Calendar", "Exception");
        moved.addText("Calendar", "ExceptionStartTime", "20261123T080000Z").addText("Calendar", "StartTime", "20261123T100000Z")
                .addText("Calendar", "EndTime", "20261123T110000Z");
        MergeResult r = CAL.fromEas(MEETING, eas, V14);
        VEvent ov = override(r.text(), "2026-11-23T08:00:00Z");
        assertEquals(2, ov.getAttendees().size(), r.text());
        assertEquals("boss@example.com", ov.getOrganizer().getEmail());
        assertTrue(exception(CAL.toEas(r.text(), V14), "20261123T080000Z").child("Calendar", "Attendees").isEmpty());
    }

    @Test
    void a16OccurrenceEditCanChangeItsAttendees() throws Exception {
        Element data = new Element("AirSync", "ApplicationData");
        Element list = data.add("Calendar", "Attendees");
        list.add("Calendar", "Attendee").addText("Calendar", "Email", "bob@example.com").addText("Calendar", "Name", "Bob")
                .addText("Calendar", "AttendeeType", "1");
        MergeResult r = InstanceEdits.change(MEETING, "20261116T080000Z", data, V16);
        VEvent ov = override(r.text(), "2026-11-16T08:00:00Z");
        assertEquals(List.of("bob@example.com"), ov.getAttendees().stream().map(Attendee::getEmail).toList(), r.text());
        assertEquals("ACCEPTED", attendee(ov, "bob@example.com").getParticipationStatus().getValue(), "status kept");
        assertEquals(Map.of("bob@example.com", "3"), statuses(exception(CAL.toEas(r.text(), V14), "20261116T080000Z")));
    }
}
