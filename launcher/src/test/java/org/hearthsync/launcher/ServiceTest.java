package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceTest {
    final List<List<String>> ran = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Service service(Service.Kind kind, Path home, int exitCode) {
        return new Service(kind, home, List.of("/opt/my apps/hearth", "--as-service", "--data", "/home/a/100% $data"), c -> {
            ran.add(c);
            return exitCode;
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                home.resolve("data/console/first-password.txt"));
    }

    @Test
    void systemdUnitIsWrittenEnabledAndRemoved(@TempDir Path home) throws Exception {
        Service s = service(Service.Kind.SYSTEMD, home, 0);
        assertEquals(0, s.install());
        Path unit = home.resolve(".config/systemd/user/hearth.service");
        String text = Files.readString(unit);
        // blanks, % specifiers and $ variables of systemd are escaped, so the words arrive as written
        assertTrue(text.contains("ExecStart=\"/opt/my apps/hearth\" \"--as-service\" \"--data\" \"/home/a/100%% $$data\"\n"), text);
        assertTrue(text.contains("WantedBy=default.target"), text);
        assertEquals(List.of(List.of("systemctl", "--user", "daemon-reload"), List.of("systemctl", "--user", "enable", "--now", "hearth.service")), ran);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("loginctl enable-linger"));

        assertEquals(0, s.status());
        assertEquals(List.of("systemctl", "--user", "is-active", "hearth.service"), ran.get(ran.size() - 1));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("Console sign-in"), "no password file, nothing shown");
        Path shown = Files.createDirectories(home.resolve("data/console")).resolve("first-password.txt");
        Files.writeString(shown, "Hearth console sign-in, made at the first start.\nuser: admin\npassword: abcd-efgh-ijkl-mnop\n");
        assertEquals(0, s.status());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("user admin, password abcd-efgh-ijkl-mnop"), out.toString());

        assertEquals(0, s.uninstall());
        assertFalse(Files.exists(unit));
        assertEquals(3, s.status(), "not installed");
    }

    @Test
    void aFailedStartIsReportedButTheUnitStays(@TempDir Path home) throws Exception {
        Service s = service(Service.Kind.SYSTEMD, home, 1);
        assertEquals(1, s.install());
        assertTrue(Files.exists(home.resolve(".config/systemd/user/hearth.service")));
        assertEquals(1, ran.size(), "enable is not tried after daemon-reload failed");
    }

    @Test
    void launchdAgentAndWindowsTask(@TempDir Path home) throws Exception {
        Service mac = service(Service.Kind.LAUNCHD, home, 0);
        assertEquals(0, mac.install());
        Path plist = home.resolve("Library/LaunchAgents/org.hearthsync.hearth.plist");
        String text = Files.readString(plist);
        assertTrue(text.contains("<string>/opt/my apps/hearth</string>"), text);
        assertTrue(text.contains("<key>RunAtLoad</key><true/>"), text);
        assertEquals(List.of("launchctl", "load", "-w", plist.toString()), ran.get(0));

        ran.clear();
        Service win = service(Service.Kind.SCHTASKS, home, 0);
        assertEquals(0, win.install());
        assertEquals(List.of("schtasks", "/Create", "/F", "/TN", "Hearth", "/SC", "ONLOGON", "/RL", "LIMITED", "/TR",
                "\"/opt/my apps/hearth\" \"--as-service\" \"--data\" \"/home/a/100% $data\""), ran.get(0));
        assertEquals(0, win.uninstall());
        assertEquals(List.of("schtasks", "/Delete", "/F", "/TN", "Hearth"), ran.get(ran.size() - 1));
    }

    @Test
    void kindFollowsTheSystem() {
        assertEquals(Service.Kind.SYSTEMD, Service.Kind.of("Linux"));
        assertEquals(Service.Kind.LAUNCHD, Service.Kind.of("Mac OS X"));
        assertEquals(Service.Kind.SCHTASKS, Service.Kind.of("Windows 11"));
    }

    @Test
    void theLogRotatesAndStaysBounded(@TempDir Path dir) throws Exception {
        byte[] line = "0123456789012345678901234567890123456789\n".getBytes(StandardCharsets.US_ASCII);
        try (RotatingLog log = new RotatingLog(dir, 1000, 3)) {
            for (int i = 0; i < 500; i++) {
                log.write(line, 0, line.length);
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("hearth.log", "hearth.log.1", "hearth.log.2"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String f : List.of("hearth.log", "hearth.log.1", "hearth.log.2")) {
            long size = Files.size(dir.resolve(f));
            assertTrue(size <= 1000 && size % line.length == 0, f + " " + size + " bytes, whole lines");
        }
        // a restart appends to the current file
        long before = Files.size(dir.resolve("hearth.log"));
        try (RotatingLog log = new RotatingLog(dir, 1000, 3)) {
            log.write(line, 0, 1);
        }
        long after = Files.size(dir.resolve("hearth.log"));
        assertTrue(after == before + 1 || after == 1, "appended, or rotated when full: " + before + " -> " + after);
    }
}
