package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.hearthsync.pim.RecurrenceEquivalence.Outcome;
import org.hearthsync.pim.RecurrenceEquivalence.Status0;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.ICalComponent;
import biweekly.component.VEvent;
import biweekly.component.VTodo;
import biweekly.property.ExceptionRule;
import biweekly.property.RecurrenceDates;
import biweekly.property.RecurrenceRule;
import biweekly.util.Frequency;

/**
 * Recurrence equivalence over the corpus (see {@link RecurrenceEquivalence}): every recurring event
 * and task EAS can express gives the same occurrence instants on both sides over two years,
 * exceptions included; for the others the documented fallback holds.
 */
class RecurrenceEquivalenceTest {
    static final MappingOptions OPTS = MappingOptions.defaults().withProtocolVersion("16.1").withZone(ZoneId.of("Europe/Berlin"));

    @TestFactory
    Stream<DynamicTest> expressibleSeriesHaveTheSameOccurrences() {
        return RecurrenceEquivalence.corpus().stream().filter(x -> x.status() != Status0.FALLBACK)
                .map(x -> DynamicTest.dynamicTest(x.kind() + " " + x.name(), () -> {
                    assertEquals(Status0.EQUAL, x.status(), () -> x.reason() + "\n" + x.detail());
                }));
    }

    /** What is sent for a series EAS cannot express, and that the stored rule survives the phone's echo and changes. */
    @TestFactory
    Stream<DynamicTest> fallbackKeepsTheStoredRule() {
        Map<String, String> texts = new java.util.HashMap<>();
        for (ICalCorpus.Item i : ICalCorpus.items(VEvent.class)) {
            texts.put("VEVENT " + i.name(), i.text());
        }
        for (ICalCorpus.Item i : ICalCorpus.items(VTodo.class)) {
            texts.put("VTODO " + i.name(), i.text());
        }
        return RecurrenceEquivalence.corpus().stream().filter(x -> x.status() == Status0.FALLBACK)
                .map(x -> DynamicTest.dynamicTest(x.kind() + " " + x.name() + " (" + x.reason() + ")",
                        () -> checkFallback(x, texts.get(x.kind() + " " + x.name()))));
    }

    static void checkFallback(Outcome x, String text) throws Exception {
        boolean event = x.kind().equals("VEVENT");
        PimMapper m = event ? PimMappers.calendar() : PimMappers.tasks();
        String ns = event ? "Calendar" : "Tasks";
        Class<? extends ICalComponent> kind = event ? VEvent.class : VTodo.class;
        Element eas = m.toEas(text, OPTS);
        ICalComponent master = RecurrenceEquivalence.master(Biweekly.parse(text).first(), kind);
        List<RecurrenceRule> rr = master.getProperties(RecurrenceRule.class);
        Element rec = eas.child(ns, "Recurrence").orElse(null);
        // 1. what the phone gets: nothing for sub-daily rules and RDATE-only series, else the closest shape of the same frequency
        Frequency f = rr.isEmpty() ? null : rr.get(0).getValue().getFrequency();
        if (f == null || f == Frequency.HOURLY || f == Frequency.MINUTELY || f == Frequency.SECONDLY) {
            assertTrue(rec == null, () -> "no Recurrence expected:\n" + eas);
        } else {
            assertTrue(rec != null, () -> "a Recurrence expected:\n" + eas);
            int type = Integer.parseInt(rec.childText(ns, "Type").trim());
            Set<Integer> family = switch (f) {
                case DAILY -> Set.of(0, 1);
                case WEEKLY -> Set.of(1);
                case MONTHLY -> Set.of(2, 3);
                default -> Set.of(5, 6);
            };
            assertTrue(family.contains(type), () -> f + " sent as Type " + type);
        }
        // 2. the phone echoes what it got: nothing changes, byte for byte
        MergeResult echo = m.fromEas(text, eas, OPTS);
        assertFalse(echo.changed(), () -> x.name() + "\n" + eas);
        assertEquals(text, echo.text());
        // 3. the phone changes another field and echoes the (approximated) pattern: the stored rule stays as it was
        Element changed = EasTrees.withText(eas, ns, "Subject", "changed on the phone");
        MergeResult r = m.fromEas(text, changed, OPTS);
        assertTrue(r.changed());
        ICalComponent after = RecurrenceEquivalence.master(Biweekly.parse(r.text()).first(), kind);
        // vCalendar 1.0 TZ/DAYLIGHT: biweekly places the original's local times by its own reading of them (standard =
        // daylight - 1 h, TZ ignored), the mapper by TZ (see VCalZone); the wall times written must be the same
        boolean vcal = Biweekly.parse(text).first().getTimezoneInfo().getDefaultTimezone() != null;
        // an RDATE whose TZID names no VTIMEZONE: biweekly reads it in the JVM's zone, the rewrite has its VTIMEZONE
        boolean unresolved = master.getProperties(RecurrenceDates.class).stream().anyMatch(d -> d.getParameters().getTimezoneId() != null);
        assertEquals(ruleProps(master, vcal || unresolved), ruleProps(after, vcal || unresolved), r.text());
        // 4. and when the phone really changes the pattern, the phone's rule replaces it (only then)
        if (rec != null) {
            Element other = EasTrees.without(changed, ns, "Recurrence");
            Element rec2 = new Element(ns, "Recurrence");
            rec2.addText(ns, "Type", "0").addText(ns, "Interval", "7").addText(ns, "Occurrences", "3");
            other.add(rec2);
            MergeResult r2 = m.fromEas(text, other, OPTS);
            ICalComponent after2 = RecurrenceEquivalence.master(Biweekly.parse(r2.text()).first(), kind);
            assertNotEquals(ruleProps(master), ruleProps(after2));
            assertEquals("FREQ=DAILY;INTERVAL=7;COUNT=3",
                    RecurrenceEquivalence.ruleText(after2.getProperty(RecurrenceRule.class).getValue()));
        }
    }

    /** RRULE, RDATE and EXRULE values, comparable across a rewrite. */
    static List<String> ruleProps(ICalComponent c) {
        return ruleProps(c, false);
    }

    /** {@code wallTime}: dates as written (local time), not as instants. */
    static List<String> ruleProps(ICalComponent c, boolean wallTime) {
        List<String> out = new ArrayList<>();
        for (RecurrenceRule r : c.getProperties(RecurrenceRule.class)) {
            out.add("RRULE " + r.getValue());
        }
        for (ExceptionRule r : c.getProperties(ExceptionRule.class)) {
            out.add("EXRULE " + r.getValue());
        }
        for (RecurrenceDates d : c.getProperties(RecurrenceDates.class)) {
            d.getDates().forEach(x -> out.add("RDATE " + (wallTime && x.getRawComponents() != null
                    ? x.getRawComponents().toString(true, false) : x.getTime())));
            d.getPeriods().forEach(p -> out.add("RDATE period " + (wallTime && p.getStartDate().getRawComponents() != null
                    ? p.getStartDate().getRawComponents().toString(true, false) + " " + (p.getEndDate() == null ? null
                            : p.getEndDate().getRawComponents().toString(true, false))
                    : p.getStartDate().getTime() + " " + p.getEndDate()) + " " + p.getDuration()));
        }
        return out;
    }

    /** The counts asked for: printed, and kept in FIDELITY.md by FidelityReportTest. */
    @Test
    void summary() {
        List<Outcome> all = RecurrenceEquivalence.corpus();
        Map<String, Integer> s = RecurrenceEquivalence.summary(all);
        System.out.println("Recurrence equivalence over the corpus (" + all.size() + " recurring series): " + s);
        if (Boolean.getBoolean("hearth.debug")) {
            all.stream().filter(x -> x.status() != Status0.EQUAL || x.occurrences() == 0)
                    .forEach(x -> System.out.println("## " + x.kind() + " " + x.name() + " " + x.status() + " " + x.reason() + "\n" + x.detail()));
        }
        assertTrue(all.stream().filter(x -> x.status() == Status0.EQUAL).count() > 100, s::toString);
    }

    static ICalendar parse(String text) {
        return Biweekly.parse(text).first();
    }
}
