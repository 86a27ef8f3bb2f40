package org.hearthsync.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * khal (python icalendar) reads what a phone's change makes of a file whose TZID names no VTIMEZONE (an IANA id or a
 * Windows name): the event stays at its time. biweekly alone wrote {@code TZID=/Europe/Berlin}, which khal 0.10 calls
 * "incomprehensible" and shows an hour off (as UTC). Skipped when khal is not installed (fails with CI=true).
 */
class KhalReadsRewriteTest {
    static final MappingOptions BERLIN = MappingOptions.defaults().withProtocolVersion("14.1").withZone(ZoneId.of("Europe/Berlin"));

    @TempDir
    Path dir;

    @Test
    void khalShowsTheRewrittenEventAtItsTime() throws Exception {
        requireKhal();
        Path vdir = Files.createDirectories(dir.resolve("cal"));
        PimMapper cal = PimMappers.calendar();
        // a known zone's id and a Windows name (Outlook), both without VTIMEZONE
        String[] tzids = { "Europe/Berlin", "W. Europe Standard Time" };
        for (int i = 0; i < tzids.length; i++) {
            String stored = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:khal-tz-" + i + "\r\n"
                    + "DTSTAMP:20261101T000000Z\r\nDTSTART;TZID=" + tzids[i] + ":20261102T090000\r\n"
                    + "DTEND;TZID=" + tzids[i] + ":20261102T100000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Standup\r\n"
                    + "END:VEVENT\r\nEND:VCALENDAR\r\n";
            Element eas = cal.toEas(stored, BERLIN);
            MergeResult r = cal.fromEas(stored, EasTrees.withText(eas, "Calendar", "Subject", "Standup moved room " + i), BERLIN);
            assertTrue(r.changed());
            Files.writeString(vdir.resolve("khal-tz-" + i + ".ics"), r.text());
        }
        Files.writeString(dir.resolve("khal.conf"), """
                [calendars]
                [[home]]
                path = %s
                type = calendar
                [sqlite]
                path = %s
                [locale]
                timeformat = %%H:%%M
                dateformat = %%Y-%%m-%%d
                longdateformat = %%Y-%%m-%%d
                datetimeformat = %%Y-%%m-%%d %%H:%%M
                longdatetimeformat = %%Y-%%m-%%d %%H:%%M
                local_timezone = UTC
                default_timezone = UTC
                [default]
                default_calendar = home
                """.formatted(vdir, dir.resolve("khal.db")));
        String out = run("khal", "-c", dir.resolve("khal.conf").toString(), "list", "--format", "{start} {title}",
                "2026-11-01", "30d");
        assertFalse(out.contains("incomprehensible"), out);
        // 09:00 CET is 08:00 UTC, every week (the third is still CET)
        for (int i = 0; i < tzids.length; i++) {
            for (String day : new String[] { "2026-11-02", "2026-11-09", "2026-11-16" }) {
                assertTrue(out.contains(day + " 08:00 Standup moved room " + i), out);
            }
            assertEquals(3, out.split("Standup moved room " + i, -1).length - 1, out);
        }
    }

    private static void requireKhal() {
        boolean present;
        try {
            Process p = new ProcessBuilder("khal", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present) {
            String message = "khal is not installed: install the Debian package 'khal'";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    private String run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("TZ", "UTC");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + text);
        return text;
    }
}
