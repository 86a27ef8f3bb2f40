package org.hearthsync.pim.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.MemoryStore;
import org.junit.jupiter.api.Test;

/** The tolerant reading path (issue 17 classes 4 and 6) as imports see it. */
class PimTextTest {
    private static final String EVENT = "BEGIN:VEVENT\r\nUID:e1\r\nDTSTART:20240601T100000Z\r\nSUMMARY:Caf\u00e9\r\nEND:VEVENT\r\n";
    private static final String CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c1\r\nFN:Ren\u00e9e\r\nEND:VCARD\r\n";
    private final MemoryStore store = new MemoryStore();

    /** A vNote under the UID its store names it by: the same VJOURNAL readable gives, whatever the note's text. */
    @Test
    void aVnoteUnderAGivenUid() {
        String vnt = "BEGIN:VNOTE\nVERSION:1.1\nBODY:Milk\nDCREATED:2005-04-05\nEND:VNOTE\n";
        String cal = PimText.vnoteAsCalendar(vnt, "vnote-file-1");
        assertTrue(cal.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hearth//vNote 1.1//EN\r\nBEGIN:VJOURNAL\r\n"
                + "DTSTAMP:20050405T000000Z\r\nUID:vnote-file-1\r\n"), cal);
        assertTrue(cal.contains("\r\nDESCRIPTION:Milk\r\nCREATED:20050405T000000Z\r\n"), cal);
        assertEquals(PimText.readable(vnt).replaceAll("UID:[^\r]*", ""), cal.replaceAll("UID:[^\r]*", ""));
        assertEquals(cal.lines().filter(l -> l.startsWith("UID:")).toList(),
                PimText.vnoteAsCalendar(vnt.replace("Milk", "Bread"), "vnote-file-1").lines().filter(l -> l.startsWith("UID:")).toList());
        assertNull(PimText.vnoteAsCalendar("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", "u"));
    }

    @Test
    void aWellFormedTextIsLeftAsItIs() {
        String cal = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + EVENT + "END:VCALENDAR\r\n";
        assertEquals(cal, PimText.readable(cal));
        assertEquals(CARD, PimText.readable(CARD));
    }

    @Test
    void bytesInEveryEncodingOtherProgramsWrite() {
        byte[] bom = { (byte) 0xef, (byte) 0xbb, (byte) 0xbf };
        byte[] utf8 = CARD.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, withBom, 0, 3);
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        assertEquals(CARD, PimText.readable(PimText.decode(withBom)));
        assertEquals(CARD, PimText.decode(CARD.getBytes(StandardCharsets.ISO_8859_1)), "Latin-1, not U+FFFD");
        assertEquals(CARD, PimText.decode(CARD.getBytes(StandardCharsets.UTF_16))); // UTF-16 with its BOM
    }

    @Test
    void junkBeforeBeginBlankLinesAndLineEnds() {
        for (String v : List.of("\uFEFF" + CARD, "\r\n\r\n" + CARD, "\n  \n" + CARD.replace("\r\n", "\n"), CARD.replace("\r\n", "\r"),
                CARD.replace("\r\n", "\r\r\n"), CARD.replace("FN:", "\r\nFN:"))) {
            assertEquals(CARD, PimText.readable(v), v);
        }
        String qp = "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n\r\nEND:VCARD\r\n";
        assertEquals(qp, PimText.readable(qp), "the blank line after a soft break ends the value: kept");
    }

    @Test
    void bareComponentsAndSeveralCalendarsBecomeOne() {
        String wrapped = PimText.readable(EVENT);
        assertEquals("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + EVENT + "END:VCALENDAR\r\n", wrapped);
        String two = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:a\r\n" + EVENT + "END:VCALENDAR\r\n"
                + "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:b\r\nMETHOD:PUBLISH\r\n" + EVENT.replace("e1", "e2") + "END:VCALENDAR\r\n";
        assertEquals("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:a\r\nMETHOD:PUBLISH\r\n" + EVENT + EVENT.replace("e1", "e2")
                + "END:VCALENDAR\r\n", PimText.readable(two));
    }

    @Test
    void importTakesBareAndBomItemsAndNamesWhatItLeavesOut() throws Exception {
        PimImport in = new PimImport(store, "calendar", DataClass.CALENDAR, false);
        assertEquals(1, in.importText("bare.ics", "\uFEFF\r\n" + EVENT));
        assertEquals(0, in.importText("busy.ifb", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VFREEBUSY\r\nUID:fb\r\n"
                + "FREEBUSY:20240601T100000Z/PT1H\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n"));
        assertEquals(0, in.importText("zones.ics", "BEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
                + "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"));
        assertEquals(1, in.importText("mixed.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + EVENT.replace("e1", "e3")
                + "BEGIN:VFREEBUSY\r\nUID:fb2\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n"));
        assertEquals(0, in.importText("note.vnt", "BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY:hello\r\nEND:VNOTE\r\n"));
        assertEquals(0, in.importText("empty.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"));
        PimImport.Result r = in.result();
        assertEquals(2, r.added());
        assertEquals(List.of("busy.ifb: nothing imported (it holds only VFREEBUSY, no event, task or note)",
                "zones.ics: nothing imported (it holds only time zones (VTIMEZONE), no item)",
                "mixed.ics: VFREEBUSY fb2 (VFREEBUSY is no event, task or note; left out)",
                "empty.ics: nothing imported (its VCALENDAR holds no component)"), r.leftOut());
        assertTrue(store.get("calendar", "e1.ics").orElseThrow().content().contains("SUMMARY:Caf\u00e9"));
        assertNull(PimFiles.emptyReason(CARD));
    }

    /** A vNote (.vnt, syncgw's test files' form) imports into a notes collection as the VJOURNAL Hearth stores notes as. */
    @Test
    void aVnoteImportsAsANote() throws Exception {
        String vnt = "BEGIN:VNOTE\r\nVERSION:1.1\r\nX-IRMC-LUID:someuid\r\nDCREATED:2005-04-05\r\nLAST-MODIFIED:20061203T181902Z\r\n"
                + "SUMMARY:This is a summary\r\nBODY:A multi\\nline body\r\nCATEGORIES:Birthday,Friends\r\nCLASS:PUBLIC\r\nEND:VNOTE\r\n";
        assertTrue(PimFiles.isPimFile("note.VNT"));
        assertNull(PimFiles.emptyReason(vnt));
        PimImport in = new PimImport(store, "notes", DataClass.NOTES, false);
        assertEquals(1, in.importText("note.vnt", vnt));
        assertEquals(1, new PimImport(store, "notes", DataClass.NOTES, false).importText("again.vnt", vnt), "the same note again");
        var stored = store.list("notes");
        assertEquals(1, stored.size(), "found again by its derived UID: " + stored);
        String text = store.get("notes", stored.get(0).name()).orElseThrow().content();
        for (String line : List.of("BEGIN:VJOURNAL", "SUMMARY:This is a summary", "DESCRIPTION:A multi\\nline body",
                "CATEGORIES:Birthday,Friends", "CLASS:PUBLIC", "CREATED:20050405T000000Z", "LAST-MODIFIED:20061203T181902Z",
                "DTSTAMP:20061203T181902Z", "X-IRMC-LUID:someuid")) {
            assertTrue(text.contains(line + "\r\n"), line + " in\n" + text);
        }
        assertTrue(!text.contains("VNOTE") && !text.contains("BODY") && !text.contains("DCREATED"), text);
    }
}
