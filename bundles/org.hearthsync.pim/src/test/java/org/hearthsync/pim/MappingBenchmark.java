package org.hearthsync.pim;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;

import biweekly.component.VEvent;

/**
 * Mapping throughput, a plain warmed-up harness (not JMH): items per second for contacts (toEas; fromEas merging a
 * phone change onto the stored card) and recurring events (toEas; fromEas merging a change; the echo no-op), over
 * the corpus and generated data. Not a test: surefire's default includes do not match the name, so
 * {@code mvn verify} never runs it. Run it with
 * {@code mvn -B -q -o -f bundles/org.hearthsync.pim/pom.xml test -Dtest=MappingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dhearth.bench.seconds=N} per measured round; results in BENCHMARK.md).
 */
class MappingBenchmark {
    static final MappingOptions OPTS = MappingOptions.defaults().withProtocolVersion("16.1").withZone(ZoneId.of("Europe/Berlin"));
    static final double SECONDS = Double.parseDouble(System.getProperty("hearth.bench.seconds", "2"));
    static final int ROUNDS = 5;
    static volatile Object sink;

    @FunctionalInterface
    interface Op {
        Object run(int i) throws Exception;
    }

    @Test
    void run() throws Exception {
        PimMapper contacts = PimMappers.contacts();
        PimMapper calendar = PimMappers.calendar();
        List<String> cards = new ArrayList<>(ContactCorpusTest.corpus().stream().filter(i -> !i.broken()).map(ContactCorpusTest.Item::text)
                .filter(t -> works(contacts, t)).toList());
        List<String> generatedCards = generatedCards(500);
        List<String> events = new ArrayList<>(ICalCorpus.items(VEvent.class).stream()
                .filter(i -> !i.invalid() && RecurrenceEquivalence.recurs(i.text(), VEvent.class)).map(ICalCorpus.Item::text)
                .filter(t -> works(calendar, t)).toList());
        List<String> generatedEvents = generatedEvents(500);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-52s %8s %12s %12s%n", "case", "items", "items/s", "spread"));
        bench(out, "contacts corpus: toEas", cards, contacts, false);
        bench(out, "contacts corpus: fromEas merge (phone change)", cards, contacts, true);
        bench(out, "contacts generated: toEas", generatedCards, contacts, false);
        bench(out, "contacts generated: fromEas merge (phone change)", generatedCards, contacts, true);
        bench(out, "recurring events corpus: toEas", events, calendar, false);
        bench(out, "recurring events corpus: fromEas merge (phone change)", events, calendar, true);
        bench(out, "recurring events generated: toEas", generatedEvents, calendar, false);
        bench(out, "recurring events generated: fromEas merge (phone change)", generatedEvents, calendar, true);
        System.out.println("BENCHMARK (" + Runtime.getRuntime().availableProcessors() + " cpus, " + System.getProperty("java.version")
                + ", " + ROUNDS + " rounds of " + SECONDS + " s after " + SECONDS * 2 + " s warm-up; median, spread = min..max)\n" + out);
    }

    private static boolean works(PimMapper m, String text) {
        try {
            m.fromEas(text, m.toEas(text, OPTS), OPTS);
            return true;
        } catch (MappingException e) {
            return false;
        }
    }

    private static void bench(StringBuilder out, String name, List<String> items, PimMapper m, boolean merge) throws Exception {
        String ns = m.pimClass() == PimClass.CONTACTS ? "Contacts" : "Calendar";
        String field = m.pimClass() == PimClass.CONTACTS ? "JobTitle" : "Subject";
        List<Element> changed = new ArrayList<>();
        if (merge) {
            for (String t : items) {
                changed.add(EasTrees.withText(m.toEas(t, OPTS), ns, field, "changed on the phone"));
            }
        }
        Op op = merge ? i -> m.fromEas(items.get(i), changed.get(i), OPTS) : i -> m.toEas(items.get(i), OPTS);
        measure(op, items.size(), SECONDS * 2); // warm-up
        double[] rates = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            rates[r] = measure(op, items.size(), SECONDS);
        }
        Arrays.sort(rates);
        out.append(String.format(Locale.ROOT, "%-52s %8d %12.0f %5.0f..%-6.0f%n", name, items.size(), rates[ROUNDS / 2], rates[0],
                rates[ROUNDS - 1]));
    }

    /** Items per second over whole passes through the list, for at least {@code seconds}. */
    private static double measure(Op op, int n, double seconds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long done = 0;
        do {
            for (int i = 0; i < n; i++) {
                sink = op.run(i);
            }
            done += n;
        } while (System.nanoTime() < deadline);
        return done / ((System.nanoTime() - start) / 1e9);
    }

    static List<String> generatedCards(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:gen-" + i + "\r\nFN:Person " + i + "\r\nN:Family" + i + ";Given" + i
                    + ";;;\r\nORG:Company " + (i % 37) + ";Dept " + (i % 5) + "\r\nTITLE:Engineer\r\nEMAIL;TYPE=work:p" + i
                    + "@example.com\r\nEMAIL;TYPE=home:p" + i + "@home.example\r\nTEL;TYPE=cell:+49 170 " + (1000000 + i)
                    + "\r\nTEL;TYPE=work:+49 30 " + (2000000 + i) + "\r\nADR;TYPE=work:;;Street " + i + ";Berlin;;10" + (100 + i % 800)
                    + ";Germany\r\nBDAY:19" + (50 + i % 50) + "0" + (1 + i % 9) + "1" + (i % 9) + "\r\nNOTE:generated contact " + i
                    + "\r\nCATEGORIES:work,gen\r\nX-CUSTOM-FIELD:kept " + i + "\r\nEND:VCARD\r\n");
        }
        return out;
    }

    static List<String> generatedEvents(int n) {
        String[] zones = { "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "America/Santiago" };
        String[] rules = { "FREQ=DAILY;COUNT=30", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20261231T235959Z",
            "FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=24", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1" };
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String tz = zones[i % zones.length];
            String day = String.format(Locale.ROOT, "2025%02d%02d", 1 + i % 12, 1 + i % 28);
            String hour = String.format(Locale.ROOT, "%02d", 8 + i % 10);
            out.add("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:gen\r\nBEGIN:VEVENT\r\nUID:gen-" + i + "\r\nDTSTAMP:20250101T000000Z\r\n"
                    + "DTSTART;TZID=" + tz + ":" + day + "T" + hour + "0000\r\nDTEND;TZID=" + tz + ":" + day + "T" + hour + "4500\r\n"
                    + "RRULE:" + rules[i % rules.length] + "\r\nSUMMARY:Generated " + i + "\r\nLOCATION:Room " + (i % 20)
                    + "\r\nDESCRIPTION:generated series " + i + "\r\nEXDATE;TZID=" + tz + ":" + day.substring(0, 4) + "1224T" + hour
                    + "0000\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:r\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        }
        return out;
    }
}
