package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EAS 16 occurrence edits through the Sync engine: a 16.1 phone changes and deletes one occurrence with InstanceId,
 * the series resource gets the override and the EXDATE, and a 14.1 phone sees them as Exceptions.
 */
class InstanceEditSyncTest {
    static final String AS = "AirSync";
    static final String CAL = "Calendar";
    /** Mondays 08:00 UTC from 2 Nov 2026, ten times. */
    static final String SERIES = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT",
            "UID:weekly-1", "DTSTAMP:20261101T000000Z", "DTSTART:20261102T080000Z", "DTEND:20261102T090000Z",
            "RRULE:FREQ=WEEKLY;COUNT=10", "SUMMARY:Standup", "X-KEEP-ME:yes", "END:VEVENT", "END:VCALENDAR", "");
    @TempDir
    Path folder;
    MemStore store = new MemStore();
    SyncRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new SyncRig(folder, store);
        store.put("2", "weekly.ics", SERIES, WriteCondition.create());
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private static Map<String, Element> exceptions(Element data) {
        Map<String, Element> out = new TreeMap<>();
        data.child(CAL, "Exceptions").ifPresent(exs -> exs.children(CAL, "Exception").forEach(ex -> out.put(
                ex.childText(CAL, "ExceptionStartTime") != null ? ex.childText(CAL, "ExceptionStartTime")
                        : ex.childText("AirSyncBase", "InstanceId"), ex)));
        return out;
    }

    @Test
    void a16PhoneEditsAndDeletesOneOccurrenceAndA14PhoneSeesTheExceptions() throws Exception {
        Phone v16 = new Phone(rig, "P16", "16.1");
        Phone v14 = new Phone(rig, "P14", "14.1");
        String f = v16.folder("Calendar");
        v16.syncAll(f);
        v14.syncAll(f);
        String sid = v16.items(f).keySet().iterator().next();
        Element moved = new Element(AS, "ApplicationData").addText(CAL, "Subject", "Moved")
                .addText(CAL, "StartTime", "20261109T100000Z").addText(CAL, "EndTime", "20261109T110000Z");
        v16.changeInstance(f, sid, "20261109T080000Z", moved);
        v16.deleteInstance(f, sid, "20261116T080000Z");
        v16.syncAll(f);
        assertTrue(v16.statuses.keySet().stream().noneMatch(s -> s > Phone.ITEM), () -> "item errors: " + v16.statuses);
        String stored = store.get("2", "weekly.ics").orElseThrow().content();
        assertTrue(stored.contains("RECURRENCE-ID:20261109T080000Z") && stored.contains("SUMMARY:Moved"), stored);
        assertTrue(stored.contains("EXDATE:20261116T080000Z"), stored);
        assertTrue(stored.contains("X-KEEP-ME:yes"), stored);
        assertEquals(1, store.snapshot("2").size(), "an occurrence Delete leaves the series");
        assertEquals(1, v16.items(f).size());

        v14.syncAll(f);
        Element data = v14.items(f).values().iterator().next();
        Map<String, Element> ex = exceptions(data);
        assertEquals("Moved", ex.get("20261109T080000Z").childText(CAL, "Subject"), data::toString);
        assertEquals("20261109T100000Z", ex.get("20261109T080000Z").childText(CAL, "StartTime"));
        assertEquals("1", ex.get("20261116T080000Z").childText(CAL, "Deleted"), data::toString);

        // the 16.1 phone gets the same exceptions named by InstanceId when it fetches the series
        v16.fetch(f, sid);
        v16.sync(f);
        Element fetch = v16.lastResponse.child(AS, "Collections").get().child(AS, "Collection").get().child(AS, "Responses")
                .orElseThrow().child(AS, "Fetch").orElseThrow();
        Element fetched = fetch.child(AS, "ApplicationData").orElseThrow();
        assertEquals(ex.keySet(), exceptions(fetched).keySet(), fetched::toString);
        assertFalse(fetched.toString().contains("ExceptionStartTime"), fetched::toString);
    }

    @Test
    void anInstanceIdThatNamesNoOccurrenceGetsStatus6WithTheInstanceIdAndChangesNothing() throws Exception {
        Phone v16 = new Phone(rig, "P16", "16.1");
        String f = v16.folder("Calendar");
        v16.syncAll(f);
        String sid = v16.items(f).keySet().iterator().next();
        v16.deleteInstance(f, sid, "20261110T080000Z"); // a Tuesday
        v16.sync(f);
        Element r = v16.lastResponse.child(AS, "Collections").get().child(AS, "Collection").get().child(AS, "Responses").orElseThrow();
        Element del = r.child(AS, "Delete").orElseThrow();
        assertEquals("6", del.childText(AS, "Status"));
        assertEquals("20261110T080000Z", del.childText("AirSyncBase", "InstanceId"));
        assertEquals(sid, del.childText(AS, "ServerId"));
        assertEquals(SERIES, store.get("2", "weekly.ics").orElseThrow().content());
    }

    @Test
    void occurrenceDeletesDoNotTripTheMassDeletionGuard() throws Exception {
        // 25 deletes in one Sync would make the guard hold the item deletes of that Sync (more than 20 and half the
        // folder) were they counted as items; the one real item Delete goes through
        store.put("2", "single.ics", SERIES.replace("UID:weekly-1", "UID:single-1").replace("RRULE:FREQ=WEEKLY;COUNT=10\r\n", ""),
                WriteCondition.create());
        store.put("2", "daily.ics", SERIES.replace("UID:weekly-1", "UID:daily-1").replace("FREQ=WEEKLY;COUNT=10", "FREQ=DAILY;COUNT=40"),
                WriteCondition.create());
        Phone v16 = new Phone(rig, "P16", "16.1");
        String f = v16.folder("Calendar");
        v16.syncAll(f);
        String sid = v16.items(f).entrySet().stream().filter(e -> e.getValue().toString().contains("daily-1")).findFirst()
                .orElseThrow().getKey();
        for (int day = 2; day <= 26; day++) {
            v16.deleteInstance(f, sid, String.format("202611%02dT080000Z", day));
        }
        String single = v16.items(f).entrySet().stream().filter(e -> e.getValue().toString().contains("single-1")).findFirst()
                .orElseThrow().getKey();
        v16.delete(f, single);
        v16.syncAll(f);
        String stored = store.get("2", "daily.ics").orElseThrow().content();
        String exdates = String.join(",", stored.replace("\r\n ", "").lines().filter(l -> l.startsWith("EXDATE")).toList());
        for (int day = 2; day <= 26; day++) {
            assertTrue(exdates.contains(String.format("202611%02dT080000Z", day)), stored);
        }
        assertEquals(2, store.snapshot("2").size(), () -> "the item Delete was held: " + store.snapshot("2").keySet());
        assertTrue(store.get("2", "single.ics").isEmpty());
        assertTrue(v16.statuses.keySet().stream().noneMatch(x -> x > Phone.ITEM), () -> "item errors: " + v16.statuses);
    }
}
