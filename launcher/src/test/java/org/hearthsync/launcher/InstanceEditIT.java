package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import javax.net.ssl.SSLContext;

import org.hearthsync.api.account.PasswordHash;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * EAS 16 occurrence edits end to end: a 16.1 phone creates a weekly series, then changes one occurrence and deletes
 * another with {@code AirSyncBase:InstanceId} (MS-ASCMD Sync Change/Delete); a 14.1 phone sees both as Exceptions of
 * the series, and a second 16.1 phone sees them named by InstanceId.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceEditIT {
    static final String USER = "occur";
    static final String PASSWORD = "correct horse battery staple";
    static final String CAL = "Calendar";

    private RunningHearth hearth;
    private SSLContext tls;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        Path etc = tmp.resolve("data").resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("org.hearthsync.account-occur.cfg"), "user.name = " + USER + "\n"
                + "email.address = occur@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        hearth = RunningHearth.start(tmp.resolve("data")).awaitRunning();
        tls = hearth.trustingHearth();
        EasTestClient probe = client("PROBE", "14.1");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (probe.options().status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (hearth != null) {
            String out = hearth.output();
            hearth.close();
            assertFalse(out.contains(PASSWORD), "a password reached the log");
        }
    }

    EasTestClient client(String deviceId, String version) {
        return EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, deviceId, "TestPhone", version, false);
    }

    private static Map<String, Element> exceptions(Element data) {
        Map<String, Element> out = new TreeMap<>();
        data.child(CAL, "Exceptions").ifPresent(exs -> exs.children(CAL, "Exception").forEach(ex -> out.put(
                ex.childText(CAL, "ExceptionStartTime") != null ? ex.childText(CAL, "ExceptionStartTime")
                        : ex.childText("AirSyncBase", "InstanceId"), ex)));
        return out;
    }

    private static Element series(EasPhone p, String f) {
        return p.items(f).values().stream().filter(d -> "Weekly review".equals(d.childText(CAL, "Subject"))).findFirst()
                .orElseThrow(() -> new AssertionError("no series on the phone: " + p.items(f)));
    }

    @Test
    void a161PhoneEditsAndDeletesOneOccurrenceAndA141PhoneSeesTheExceptions() throws Exception {
        EasPhone editor = new EasPhone(client("OCC161", "16.1")).setUp();
        EasPhone old = new EasPhone(client("OCC141", "14.1")).setUp();
        EasPhone other = new EasPhone(client("OCC161B", "16.1")).setUp();
        String f = editor.folder("Calendar");
        editor.syncAll(f);
        old.syncAll(f);
        other.syncAll(f);

        // Mondays 08:00 UTC from 4 Nov 2030, ten times
        Element data = new Element("AirSync", "ApplicationData");
        data.addText(CAL, "Subject", "Weekly review").addText(CAL, "StartTime", "20301104T080000Z")
                .addText(CAL, "EndTime", "20301104T090000Z");
        data.add(CAL, "Recurrence").addText(CAL, "Type", "1").addText(CAL, "Interval", "1").addText(CAL, "DayOfWeek", "2")
                .addText(CAL, "Occurrences", "10");
        editor.add(f, data);
        editor.syncAll(f);
        String sid = editor.items(f).entrySet().stream().filter(e -> e.getValue() == data).findFirst().orElseThrow().getKey();
        old.syncAll(f);
        assertTrue(exceptions(series(old, f)).isEmpty());

        Element moved = new Element("AirSync", "ApplicationData").addText(CAL, "Subject", "Review (moved)")
                .addText(CAL, "StartTime", "20301111T130000Z").addText(CAL, "EndTime", "20301111T140000Z");
        editor.changeInstance(f, sid, "20301111T080000Z", moved);
        editor.deleteInstance(f, sid, "20301118T080000Z");
        editor.syncAll(f);
        // no error responses (a failed Change/Delete is answered with its status)
        editor.lastCollection.child("AirSync", "Responses").ifPresent(rs -> rs.children().forEach(
                r -> assertEquals("1", r.childText("AirSync", "Status"), rs.toString())));
        assertTrue(editor.items(f).containsKey(sid), "an occurrence delete leaves the series");

        old.syncAll(f);
        assertEquals(Map.of("Change", 1), old.lastCommands);
        Map<String, Element> ex = exceptions(series(old, f));
        assertEquals(2, ex.size(), ex::toString);
        Element changed = ex.get("20301111T080000Z");
        assertEquals("Review (moved)", changed.childText(CAL, "Subject"), changed::toString);
        assertEquals("20301111T130000Z", changed.childText(CAL, "StartTime"));
        assertEquals("1", ex.get("20301118T080000Z").childText(CAL, "Deleted"));
        assertEquals("1", series(old, f).child(CAL, "Recurrence").orElseThrow().childText(CAL, "Type"));

        other.syncAll(f);
        Map<String, Element> ex16 = exceptions(series(other, f));
        assertEquals(ex.keySet(), ex16.keySet());
        assertFalse(series(other, f).toString().contains("ExceptionStartTime"), "16.1 names exceptions by InstanceId");
        assertEquals("Review (moved)", ex16.get("20301111T080000Z").childText(CAL, "Subject"));
    }
}
