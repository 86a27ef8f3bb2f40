package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hearthsync.pim.internal.EasExpander;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;

/** EAS 16.x occurrence edits (Sync Change/Delete with InstanceId) and the 16.x Exceptions form. */
class InstanceEditsTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final MappingOptions V16 = MappingOptions.defaults().withProtocolVersion("16.1").withZone(BERLIN);
    static final MappingOptions V14 = MappingOptions.defaults().withProtocolVersion("14.1").withZone(BERLIN);
    static final PimMapper CAL = PimMappers.calendar();

    /** Mondays 09:00 Berlin from 2 Nov 2026, ten times; an X- property and an extra alarm EAS does not carry. */
    static final String SERIES = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
            "BEGIN:VEVENT", "UID:weekly-1", "DTSTAMP:20261101T000000Z", "DTSTART;TZID=Europe/Berlin:20261102T090000",
            "DTEND;TZID=Europe/Berlin:20261102T100000", "RRULE:FREQ=WEEKLY;COUNT=10", "SUMMARY:Standup",
            "LOCATION:Room 1", "X-KEEP-ME:yes", "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:a",
            "TRIGGER;RELATED=END:PT5M", "END:VALARM", "END:VEVENT", "END:VCALENDAR", "");

    private static Element data(String... fieldsAndValues) {
        Element d = new Element("AirSync", "ApplicationData");
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            d.addText("Calendar", fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return d;
    }

    /** ExceptionStartTime or InstanceId → the exception's fields (namespace:name → text). */
    static Map<String, Map<String, String>> exceptions(Element eas) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        eas.child("Calendar", "Exceptions").ifPresent(exs -> {
            for (Element ex : exs.children("Calendar", "Exception")) {
                Map<String, String> f = new TreeMap<>();
                String id = null;
                for (Element c : ex.children()) {
                    if (c.name().equals("ExceptionStartTime") || c.name().equals("InstanceId")) {
                        id = c.text().trim();
                    } else if (c.text() != null) {
                        f.put(c.name(), c.text().trim());
                    }
                }
                out.put(id, f);
            }
        });
        return out;
    }

    /** The line as the series wrote it: a TZID without VTIMEZONE stays as written, not the global id "/Europe/Berlin". */
    private static boolean has(String text, String line) {
        return text.contains(line) && !text.contains("TZID=/");
    }

    private static List<Instant> starts(Element eas) throws Exception {
        return new ArrayList<>(EasExpander.appointment(eas, Instant.parse("2027-06-01T00:00:00Z")).starts());
    }

    @Test
    void aChangedOccurrenceBecomesAnOverrideThatA14PhoneSeesAsAnException() throws Exception {
        MergeResult r = InstanceEdits.change(SERIES, "20261109T080000Z",
                data("StartTime", "20261109T100000Z", "EndTime", "20261109T110000Z", "Subject", "Moved"), V16);
        assertTrue(r.changed());
        assertTrue(has(r.text(), "RECURRENCE-ID;TZID=Europe/Berlin:20261109T090000"), r.text());
        assertTrue(has(r.text(), "DTSTART;TZID=Europe/Berlin:20261109T110000"), r.text());
        assertTrue(r.text().contains("X-KEEP-ME:yes") && r.text().contains("TRIGGER;RELATED=END:PT5M"), r.text());
        Element v14 = CAL.toEas(r.text(), V14);
        Map<String, String> ex = exceptions(v14).get("20261109T080000Z");
        assertEquals("20261109T100000Z", ex.get("StartTime"));
        assertEquals("Moved", ex.get("Subject"));
        assertFalse(v14.toString().contains("InstanceId"));
        // 16.x gets the same exception named by InstanceId, and its echo changes nothing
        Element v16 = CAL.toEas(r.text(), V16);
        assertTrue(v16.toString().contains("<AirSyncBase:InstanceId>20261109T080000Z</AirSyncBase:InstanceId>"), v16.toString());
        assertFalse(v16.toString().contains("ExceptionStartTime"));
        assertEquals(exceptions(v14), exceptions(v16));
        assertFalse(CAL.fromEas(r.text(), v16, V16).changed());
        assertEquals(starts(v14), starts(v16));
        assertTrue(starts(v14).contains(Instant.parse("2026-11-09T10:00:00Z")));
        assertFalse(starts(v14).contains(Instant.parse("2026-11-09T08:00:00Z")));
    }

    @Test
    void aSecondChangeOfTheSameOccurrenceMergesOntoItsOverride() throws Exception {
        MergeResult first = InstanceEdits.change(SERIES, "20261109T080000Z",
                data("StartTime", "20261109T100000Z", "EndTime", "20261109T110000Z", "Subject", "Moved"), V16);
        MergeResult second = InstanceEdits.change(first.text(), "20261109T080000Z", data("Location", "Room 2"), V16);
        Map<String, String> ex = exceptions(CAL.toEas(second.text(), V14)).get("20261109T080000Z");
        assertEquals("Moved", ex.get("Subject"));
        assertEquals("20261109T100000Z", ex.get("StartTime"));
        assertEquals("Room 2", ex.get("Location"));
        assertEquals(2, second.text().split("BEGIN:VEVENT", -1).length - 1, second.text()); // one override, not two
        // unchanged fields: nothing to write
        assertFalse(InstanceEdits.change(second.text(), "20261109T080000Z", data("Subject", "Moved"), V16).changed());
    }

    @Test
    void aDeletedOccurrenceIsAnExdate() throws Exception {
        MergeResult r = InstanceEdits.delete(SERIES, "20261116T080000Z", V16);
        assertTrue(r.changed());
        assertTrue(has(r.text(), "EXDATE;TZID=Europe/Berlin:20261116T090000"), r.text());
        Element v14 = CAL.toEas(r.text(), V14);
        assertEquals(Map.of("Deleted", "1"), exceptions(v14).get("20261116T080000Z"));
        assertFalse(starts(v14).contains(Instant.parse("2026-11-16T08:00:00Z")));
        assertEquals(9, starts(v14).size());
        // deleting a changed occurrence removes its override too
        MergeResult moved = InstanceEdits.change(SERIES, "20261123T080000Z", data("Subject", "x"), V16);
        MergeResult gone = InstanceEdits.delete(moved.text(), "20261123T080000Z", V16);
        assertFalse(gone.text().contains("RECURRENCE-ID"), gone.text());
        assertTrue(gone.text().contains("EXDATE"), gone.text());
        // and again: already deleted, nothing changes
        assertFalse(InstanceEdits.delete(r.text(), "20261116T080000Z", V16).changed());
    }

    @Test
    void anInstanceIdThatNamesNoOccurrenceIsACleanError() {
        assertThrows(MappingException.class, () -> InstanceEdits.delete(SERIES, "20261110T080000Z", V16)); // a Tuesday
        assertThrows(MappingException.class, () -> InstanceEdits.delete(SERIES, "20270111T080000Z", V16)); // after COUNT
        assertThrows(MappingException.class, () -> InstanceEdits.delete(SERIES, "not a date", V16));
        String single = SERIES.replace("RRULE:FREQ=WEEKLY;COUNT=10\r\n", "");
        assertThrows(MappingException.class, () -> InstanceEdits.change(single, "20261102T080000Z", data("Subject", "x"), V16));
    }

    /** A daily series without end, edited 20 years out (7,300 occurrences in): the InstanceId check is bounded by its date. */
    @Test
    void anOccurrenceTwentyYearsOutOfADailySeriesCanBeEditedAndDeleted() throws Exception {
        String daily = SERIES.replace("RRULE:FREQ=WEEKLY;COUNT=10", "RRULE:FREQ=DAILY");
        // 5 Nov 2046, 09:00 in Berlin (CET) is 08:00 UTC
        MergeResult r = InstanceEdits.change(daily, "20461105T080000Z", data("Subject", "Far out"), V16);
        assertTrue(has(r.text(), "RECURRENCE-ID;TZID=Europe/Berlin:20461105T090000"), r.text());
        assertEquals("Far out", exceptions(CAL.toEas(r.text(), V14)).get("20461105T080000Z").get("Subject"));
        // in summer time (CEST) the same 09:00 is 07:00 UTC
        MergeResult d = InstanceEdits.delete(daily, "20460705T070000Z", V16);
        assertTrue(has(d.text(), "EXDATE;TZID=Europe/Berlin:20460705T090000"), d.text());
        // not an occurrence: the wrong hour 20 years out, a time past a COUNT of 7,400 (about 20 years 3 months)
        assertThrows(MappingException.class, () -> InstanceEdits.delete(daily, "20461105T090000Z", V16));
        String counted = SERIES.replace("RRULE:FREQ=WEEKLY;COUNT=10", "RRULE:FREQ=DAILY;COUNT=7400");
        assertTrue(InstanceEdits.delete(counted, "20461105T080000Z", V16).changed()); // occurrence 7,309
        assertThrows(MappingException.class, () -> InstanceEdits.delete(counted, "20470301T080000Z", V16)); // day 7,425
        // the far end of the date range is still bounded work (one step per day), and answers
        assertTrue(InstanceEdits.delete(daily, "99991231T080000Z", V16).changed());
    }

    @Test
    void in16ChangingTheSeriesTimeDropsItsExceptionsButAnotherFieldDoesNot() throws Exception {
        String edited = InstanceEdits.delete(InstanceEdits.change(SERIES, "20261109T080000Z", data("Subject", "Moved"), V16).text(),
                "20261116T080000Z", V16).text();
        Element v16 = CAL.toEas(edited, V16);
        // what a 16.x phone sends for the series: no Exceptions element (MS-ASCAL 2.2.2.22)
        Element series = EasTrees.without(v16, "Calendar", "Exceptions");
        MergeResult subject = CAL.fromEas(edited, EasTrees.withText(series, "Calendar", "Subject", "Daily standup"), V16);
        assertTrue(subject.text().contains("RECURRENCE-ID") && subject.text().contains("EXDATE"), subject.text());
        Element later = EasTrees.withText(EasTrees.withText(series, "Calendar", "StartTime", "20261102T090000Z"),
                "Calendar", "EndTime", "20261102T100000Z");
        MergeResult moved = CAL.fromEas(edited, later, V16);
        assertFalse(moved.text().contains("RECURRENCE-ID") || moved.text().contains("EXDATE"), moved.text());
        // the same instants in a zone with other rules (a phone's own struct, here a fixed +01:00) is no move
        String gmt1 = CAL.toEas(SERIES.replace("Europe/Berlin", "Etc/GMT-1"), V16).childText("Calendar", "Timezone");
        MergeResult rezoned = CAL.fromEas(edited, EasTrees.withText(series, "Calendar", "Timezone", gmt1), V16);
        assertTrue(rezoned.changed() && rezoned.text().contains("RECURRENCE-ID") && rezoned.text().contains("EXDATE"), rezoned.text());
        // a 14.1 phone's series change without Exceptions keeps them (its Exceptions list is authoritative when sent)
        Element v14 = EasTrees.without(CAL.toEas(edited, V14), "Calendar", "Exceptions");
        MergeResult moved14 = CAL.fromEas(edited, EasTrees.withText(EasTrees.withText(v14, "Calendar", "StartTime",
                "20261102T090000Z"), "Calendar", "EndTime", "20261102T100000Z"), V14);
        assertTrue(moved14.text().contains("RECURRENCE-ID"), moved14.text());
    }
}
