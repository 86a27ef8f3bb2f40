package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.io.TimezoneAssignment;
import biweekly.property.DateStart;

/**
 * Every corpus VEVENT whose start is in a VTIMEZONE: the Timezone struct sent gives, on the 15th of each month of the
 * start's year (both halves of a DST year), the offsets the VTIMEZONE has by an independent reader
 * ({@link VTimezoneReference}), and the start's wall-clock time is the file's. Where the struct cannot carry the
 * file's rules it is the offset at the start, and the event is counted and named as such (FIDELITY.md).
 */
class ZoneStructCorpusTest {
    static final MappingOptions O = MappingOptions.defaults().withProtocolVersion("16.1").withZone(ZoneId.of("Europe/Berlin"));

    /** How the zone of a corpus event went to the phone. */
    enum Sent {
        IANA("DST rules of the IANA/Windows zone with the file's offsets"),
        OWN("DST rules of the file's own VTIMEZONE (no IANA zone has them that year)"),
        NO_DST("no DST in the start's year: the offset"),
        NAMED("the IANA zone the TZID names: its VTIMEZONE is truncated (explicit changes for other years, or one observance)"),
        FIXED("fixed offset: the VTIMEZONE's rules that year are no yearly pair EAS can carry (changed in form)");

        final String label;

        Sent(String label) {
            this.label = label;
        }
    }

    record Result(Map<Sent, Integer> counts, List<String> fixed, List<String> wrong) {
    }

    private static Result cached;

    /**
     * Known: ical4j's Packers.ics covers 2003 only (its last change is to CDT), the event is on 2006-01-01 15:15 in
     * US/Central: StartTime follows the VTIMEZONE's last offset (-05:00), the struct the named zone's January (-06:00).
     */
    static final Map<String, String> KNOWN = Map.of("icalendar/ical4j/valid/Packers.ics#65",
            "a truncated VTIMEZONE's last offset places the start, the named zone its struct: the phone shows an hour later");

    /** Whether the VTIMEZONE does not cover the year: it starts within it, or has fewer than two changes in it. */
    static boolean truncated(VTimezoneReference ref, int year) {
        Instant from = LocalDateTime.of(year, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
        Instant to = LocalDateTime.of(year + 1, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
        return ref.changesBetween(from, to) < 2 || ref.changesBetween(Instant.MIN, from) == 0;
    }

    static synchronized Result corpus() throws Exception {
        if (cached != null) {
            return cached;
        }
        Map<Sent, Integer> counts = new TreeMap<>();
        List<String> fixed = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (ICalCorpus.Item i : ICalCorpus.items(VEvent.class)) {
            if (i.invalid()) {
                continue;
            }
            ICalendar cal;
            try {
                cal = Biweekly.parse(i.text()).first();
            } catch (RuntimeException e) {
                continue;
            }
            VEvent e = cal == null || cal.getEvents().isEmpty() ? null : cal.getEvents().get(0);
            DateStart ds = e == null ? null : e.getDateStart();
            if (ds == null || ds.getValue() == null || !ds.getValue().hasTime() || ds.getValue().getRawComponents() == null
                    || ds.getValue().getRawComponents().isUtc()) {
                continue;
            }
            TimezoneAssignment a = cal.getTimezoneInfo().getTimezone(ds);
            if (a == null || a.getComponent() == null || a.getComponent().getTimezoneId() == null) {
                continue;
            }
            String tzid = a.getComponent().getTimezoneId().getValue();
            VTimezoneReference ref = VTimezoneReference.of(i.text(), tzid);
            if (ref == null) {
                continue; // no observance defines an offset: the TZID's name places it (TimeZoneAndRecurrenceTest)
            }
            Element eas;
            try {
                eas = PimMappers.calendar().toEas(i.text(), O);
            } catch (MappingException x) {
                continue;
            }
            String tz = eas.childText("Calendar", "Timezone");
            if (tz == null) {
                continue;
            }
            var raw = ds.getValue().getRawComponents();
            LocalDateTime local = LocalDateTime.of(raw.getYear(), raw.getMonth(), raw.getDate(), raw.getHour(), raw.getMinute(),
                    raw.getSecond());
            Instant start = PhoneZone.instant(eas.childText("Calendar", "StartTime"));
            PhoneZone phone = PhoneZone.of(tz);
            boolean refChanges = false;
            boolean agrees = true;
            int first = ref.offsetSeconds(LocalDateTime.of(raw.getYear(), 1, 15, 12, 0).toInstant(ZoneOffset.UTC));
            for (int m = 1; m <= 12; m++) {
                Instant t = LocalDateTime.of(raw.getYear(), m, 15, 12, 0).toInstant(ZoneOffset.UTC);
                refChanges |= ref.offsetSeconds(t) != first;
                agrees &= ref.offsetSeconds(t) == phone.offsetSeconds(t);
            }
            boolean inGap = !ref.local(ref.wall(local)).equals(local);
            boolean named = !agrees && ZoneId.getAvailableZoneIds().contains(tzid) && tzid.equals(phone.name()) && truncated(ref, raw.getYear());
            boolean shown = inGap || phone.local(start).equals(local);
            if (shown == KNOWN.containsKey(i.name())) {
                // a known case that now shows the file's time must leave KNOWN, as a new case must not join it silently
                wrong.add(i.name() + ": the phone shows " + phone.local(start) + " for " + local + " " + tzid
                        + (shown ? " (listed as known, but right now)" : ""));
                if (!shown) {
                    continue;
                }
            }
            Sent kind;
            if (named) {
                kind = Sent.NAMED;
                for (int m = 1; m <= 12; m++) {
                    Instant t = LocalDateTime.of(raw.getYear(), m, 15, 12, 0).toInstant(ZoneOffset.UTC);
                    if (ZoneId.of(tzid).getRules().getOffset(t).getTotalSeconds() != phone.offsetSeconds(t)) {
                        wrong.add(i.name() + ": struct offsets differ from " + tzid + "'s in " + raw.getYear());
                    }
                }
            } else if (agrees && phone.hasDst()) {
                kind = ZoneId.getAvailableZoneIds().contains(phone.name()) ? Sent.IANA : Sent.OWN;
            } else if (agrees) {
                kind = Sent.NO_DST;
            } else if (!phone.hasDst() && refChanges) {
                kind = Sent.FIXED;
                fixed.add(i.name() + " (" + tzid + ")");
            } else {
                wrong.add(i.name() + ": struct offsets differ from the VTIMEZONE's in " + raw.getYear() + " " + tzid);
                continue;
            }
            counts.merge(kind, 1, Integer::sum);
        }
        cached = new Result(counts, fixed, wrong);
        return cached;
    }

    @Test
    void theStructGivesTheFilesOffsetsInBothHalvesOfTheYear() throws Exception {
        Result r = corpus();
        assertEquals(List.of(), r.wrong());
        assertTrue(r.counts().getOrDefault(Sent.OWN, 0) > 0, "corpus events in zones only their VTIMEZONE defines: " + r.counts());
    }

    /**
     * A custom TZID of the corpus: python-icalendar's "(UTC-03:00) Brasília" (Outlook's 23:59:59 Saturday rules, a second
     * off Sao Paulo's) goes with DST rules giving its offsets all year; the event in May and a phone's echo keep 13:30.
     */
    @Test
    void brasiliaOutlookZoneFromTheCorpus() throws Exception {
        String text = Fixtures.readPim(Fixtures.root().resolve(
                "icalendar/python-icalendar/calendars/issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics"));
        Element eas = PimMappers.calendar().toEas(text, O);
        PhoneZone phone = PhoneZone.of(eas.childText("Calendar", "Timezone"));
        assertTrue(phone.hasDst(), "Brasília's DST rules are sent");
        assertEquals(LocalDateTime.of(2017, 5, 11, 13, 30), phone.local(PhoneZone.instant(eas.childText("Calendar", "StartTime"))));
        VTimezoneReference ref = VTimezoneReference.of(text, "(UTC-03:00) Brasília");
        for (int m = 1; m <= 12; m++) {
            Instant t = LocalDateTime.of(2017, m, 15, 12, 0).toInstant(ZoneOffset.UTC);
            assertEquals(ref.offsetSeconds(t), phone.offsetSeconds(t), "month " + m);
        }
        assertTrue(!PimMappers.calendar().fromEas(text, eas, O).changed());
    }
}
