package org.hearthsync.pim.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.MemoryStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.junit.jupiter.api.Test;

class PimFilesTest {

    private final MemoryStore store = new MemoryStore();

    private String collection(DataClass dc) throws StoreException {
        return store.collections().stream().filter(c -> c.dataClass() == dc).findFirst().orElseThrow().id();
    }

    private static final String ICS = String.join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "METHOD:PUBLISH",
            "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:STANDARD", "DTSTART:19701025T030000",
            "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VTIMEZONE", "TZID:Unused/Zone", "BEGIN:STANDARD", "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0000", "TZOFFSETTO:+0000", "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VEVENT", "UID:series-1", "DTSTART;TZID=Europe/Berlin:20250101T100000", "RRULE:FREQ=DAILY;COUNT=3",
            "SUMMARY:Daily", "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT5M", "END:VALARM", "END:VEVENT",
            "BEGIN:VEVENT", "UID:series-1", "RECURRENCE-ID;TZID=Europe/Berlin:20250102T100000",
            "DTSTART;TZID=Europe/Berlin:20250102T110000", "SUMMARY:Moved", "END:VEVENT",
            "BEGIN:VEVENT", "UID:single/with spaces", "DTSTART:20250105T100000Z", "SUMMARY:Once", "END:VEVENT",
            "BEGIN:VTODO", "UID:todo-1", "SUMMARY:Not an event", "END:VTODO",
            "END:VCALENDAR", "");

    @Test
    void splitsCalendarsByUidWithTheirTimeZones() {
        List<PimFiles.Item> items = PimFiles.splitIcs(ICS, "VEVENT");
        assertEquals(3, items.size()); // series, single, and a null for the VTODO
        PimFiles.Item series = items.stream().filter(Objects::nonNull).filter(i -> "series-1".equals(i.uid())).findFirst().orElseThrow();
        assertEquals(2, count(series.text(), "BEGIN:VEVENT"), "the exception stays with its series");
        assertTrue(series.text().contains("TZID:Europe/Berlin"));
        assertTrue(!series.text().contains("Unused/Zone"), "only the time zones it uses");
        assertTrue(!series.text().contains("METHOD"), "METHOD does not belong in a stored object");
        assertTrue(series.text().contains("BEGIN:VALARM"));
        assertTrue(series.text().startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"));
        assertTrue(series.text().endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        PimFiles.Item single = items.stream().filter(Objects::nonNull).filter(i -> i.uid().startsWith("single")).findFirst().orElseThrow();
        assertTrue(!single.text().contains("VTIMEZONE"));
    }

    @Test
    void importsAndExportsCalendars() throws Exception {
        String cal = collection(DataClass.CALENDAR);
        PimFiles.ImportResult result = PimFiles.importText(store, cal, DataClass.CALENDAR, ICS, false);
        assertEquals(new PimFiles.ImportResult(2, 0, 1), result);
        assertTrue(store.get(cal, "series-1.ics").isPresent());
        assertEquals(2, store.list(cal).size());
        assertEquals(new PimFiles.ImportResult(0, 0, 3), PimFiles.importText(store, cal, DataClass.CALENDAR, ICS, false));
        assertEquals(new PimFiles.ImportResult(0, 0, 3), PimFiles.importText(store, cal, DataClass.CALENDAR, ICS, true),
                "the same again is unchanged, even with replace");
        assertEquals(new PimFiles.ImportResult(0, 1, 2), PimFiles.importText(store, cal, DataClass.CALENDAR,
                ICS.replace("SUMMARY:Once", "SUMMARY:Once more"), true));

        String exported = PimFiles.exportText(store, cal, DataClass.CALENDAR);
        assertEquals(1, count(exported, "BEGIN:VCALENDAR"));
        assertEquals(3, count(exported, "BEGIN:VEVENT"));
        assertEquals(1, count(exported, "BEGIN:VTIMEZONE"));

        String tasks = collection(DataClass.TASKS);
        assertEquals(new PimFiles.ImportResult(1, 0, 3), PimFiles.importText(store, tasks, DataClass.TASKS, ICS, false));
    }

    @Test
    void importsAndExportsContacts() throws Exception {
        String vcf = "BEGIN:VCARD\nVERSION:3.0\nUID:a-1\nFN:Anna Ärger\nEND:VCARD\n"
                + "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:No Uid\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:Nested Agent\r\nUID:agent\r\nEND:VCARD\r\n"
                + "NOTE:long line folded\r\n  here\r\nEND:VCARD\r\n";
        List<PimFiles.Item> items = PimFiles.splitVcf(vcf);
        assertEquals(2, items.size());
        assertEquals("a-1", items.get(0).uid());
        assertEquals(null, items.get(1).uid(), "the nested agent's UID is not the card's");
        assertTrue(items.get(1).text().contains("Nested Agent"));
        assertTrue(items.get(1).text().contains("folded\r\n  here"), "folds are kept");

        String contacts = collection(DataClass.CONTACTS);
        assertEquals(new PimFiles.ImportResult(2, 0, 0), PimFiles.importText(store, contacts, DataClass.CONTACTS, vcf, false));
        Resource anna = store.get(contacts, "a-1.vcf").orElseThrow();
        assertTrue(anna.content().contains("Anna Ärger"));
        String exported = PimFiles.exportText(store, contacts, DataClass.CONTACTS);
        assertEquals(3, count(exported, "FN:"), "two cards and the nested agent");
        assertEquals(3, count(exported, "BEGIN:VCARD"));
    }

    @Test
    void unsafeUidsGetHashedNames() {
        assertEquals("abc@example.com.vcf", PimFiles.resourceName("abc@example.com", DataClass.CONTACTS));
        String hashed = PimFiles.resourceName("../../etc/passwd", DataClass.CALENDAR);
        assertTrue(hashed.matches("[0-9a-f]{32}\\.ics"), hashed);
        assertEquals(hashed, PimFiles.resourceName("../../etc/passwd", DataClass.CALENDAR), "stable");
    }

    @Test
    void sharedFixtures() throws Exception {
        String fixtures = System.getProperty("hearth.fixtures");
        assumeTrue(fixtures != null && Files.isDirectory(Path.of(fixtures)), "shared fixtures not present");
        Path android = Path.of(fixtures, "vcard/ez-vcard/John_Doe_ANDROID.vcf");
        Path overridden = Path.of(fixtures, "icalendar/radicale/event_daily_rrule_overridden.ics");
        assumeTrue(Files.exists(android) && Files.exists(overridden));
        assertEquals(6, PimFiles.splitVcf(Files.readString(android, StandardCharsets.UTF_8)).size());
        List<PimFiles.Item> events = PimFiles.splitIcs(Files.readString(overridden, StandardCharsets.UTF_8), "VEVENT");
        assertEquals(1, events.size());
        assertNotNull(events.get(0));
        assertEquals(2, count(events.get(0).text(), "BEGIN:VEVENT"));
        assertEquals(1, count(events.get(0).text(), "BEGIN:VTIMEZONE"));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
