package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hearthsync.store.embedded.EmbeddedStoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static final String VCARDS = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:a-1\r\nFN:Ann Example\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b-2\r\nFN:B\u00e9la \u00dcnal \uD83D\uDE00\r\nN:\u00dcnal;B\u00e9la;;;\r\nEND:VCARD\r\n";
    private static final String EVENTS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
            + "BEGIN:VEVENT\r\nUID:e-1\r\nDTSTART:20260101T100000Z\r\nSUMMARY:One\r\nEND:VEVENT\r\n"
            + "BEGIN:VTODO\r\nUID:t-1\r\nSUMMARY:Task\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

    @Test
    void importsIntoTheDefaultCollectionsAndExportsThemAgain() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("people.vcf"), VCARDS, StandardCharsets.UTF_8);
        Files.writeString(in.resolve("cal.ics"), EVENTS, StandardCharsets.UTF_8);
        Path data = tmp.resolve("data");

        assertEquals(0, transfer(data).run(Transfer.Request.importing(List.of(in), null, false)), err.toString());
        assertTrue(out.toString().contains("Imported 2 files: 4 added"), out.toString());
        // again: same UIDs are skipped, nothing is duplicated (the other 2 skips are the task offered to the
        // calendar and the event offered to the task list)
        assertEquals(0, transfer(data).run(Transfer.Request.importing(List.of(in), null, false)));
        assertTrue(out.toString().contains("0 added, 0 replaced, 6 skipped"), out.toString());

        Path exported = tmp.resolve("out");
        assertEquals(0, transfer(data).run(Transfer.Request.export(exported)), err.toString());
        String contacts = Files.readString(exported.resolve("Contacts.vcf"), StandardCharsets.UTF_8);
        assertEquals(2, contacts.split("BEGIN:VCARD", -1).length - 1);
        assertTrue(contacts.contains("\uD83D\uDE00"), "non-ASCII survives");
        assertTrue(Files.readString(exported.resolve("Calendar.ics")).contains("UID:e-1"));
        assertTrue(Files.readString(exported.resolve("Tasks.ics")).contains("UID:t-1"));
        assertTrue(Files.exists(exported.resolve("Notes.ics")));
    }

    @Test
    void namedCollectionAndMissingInputs() throws Exception {
        Path f = Files.writeString(tmp.resolve("p.vcf"), VCARDS);
        Path data = tmp.resolve("data");
        assertEquals(1, transfer(data).run(Transfer.Request.importing(List.of(f), "No Such Book", false)));
        assertTrue(err.toString().contains("No Such Book"), err.toString());
        assertEquals(1, transfer(data).run(Transfer.Request.importing(List.of(tmp.resolve("missing.vcf")), null, false)));
        assertEquals(0, transfer(data).run(Transfer.Request.importing(List.of(f), "contacts", false)));
    }

    @Test
    void aRunningHearthHoldsTheStore() throws Exception {
        Path data = tmp.resolve("data");
        try (EmbeddedStoreFile.Handle held = EmbeddedStoreFile.open(data, Transfer.STORE)) {
            assertEquals(1, transfer(data).run(Transfer.Request.export(tmp.resolve("x"))));
            assertTrue(err.toString().contains("stop Hearth first"), err.toString());
        }
    }

    private Transfer transfer(Path data) {
        out.reset();
        err.reset();
        return new Transfer(data, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
