package org.hearthsync.activesync.internal.command.meetingresponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttendeeReplyTest {

    @Test
    void foldedAttendeeWithQuotedColonIsRewrittenAndEverythingElseKeptByteForByte() {
        String ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDESCRIPTION:long\r\n  folded text\r\n"
                + "ORGANIZER:mailto:boss@example.org\r\n"
                + "ATTENDEE;CN=\"Me: myself\";PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mai\r\n lto:me@example.org\r\n"
                + "END:VEVENT\r\nBEGIN:VEVENT\r\nRECURRENCE-ID:20260101T100000Z\r\nORGANIZER:mailto:boss@example.org\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";
        AttendeeReply.Result r = AttendeeReply.reply(ics, "Me@Example.org", "ACCEPTED");
        assertEquals(AttendeeReply.Outcome.UPDATED, r.outcome());
        assertTrue(r.text().contains("DESCRIPTION:long\r\n  folded text\r\n"), r.text());
        assertTrue(r.text().replace("\r\n ", "")
                .contains("\r\nATTENDEE;CN=\"Me: myself\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:me@example.org\r\n"),
                r.text());
        assertTrue(r.text().contains("ORGANIZER:mailto:boss@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:Me@Example.org\r\nEND:VEVENT"),
                "the overridden occurrence gets the reply too");
    }

    @Test
    void foldingKeepsMultibyteCharactersWhole() {
        String line = "ATTENDEE;CN=" + "é".repeat(60) + ":mailto:x@y";
        for (String part : AttendeeReply.fold(line).split("\r\n")) {
            assertTrue(part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 75);
        }
        assertEquals(line, AttendeeReply.fold(line).replace("\r\n ", ""));
    }
}
