package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @TempDir
    Path tmp;

    @Test
    void flagsBecomeConfiguration() {
        Options o = Options.parse(List.of("--data", tmp.toString(), "--eas-port", "9443", "--setup-port=1234",
                "--console-port", "2345", "--console-allow-lan", "--verbose"), Map.of());
        assertEquals(tmp.toAbsolutePath(), o.dataFolder());
        assertEquals(Map.of("eas.port", "9443", "setup.port", "1234", "console.port", "2345", "console.allow.lan", "true"),
                o.transport());
        assertEquals(Map.of("allow.lan", "true"), o.console());
        assertEquals("debug", o.logLevel());
    }

    @Test
    void theDavLoopbackPortIsOnlyWhatIsGivenAndZeroTurnsItOff() {
        assertEquals(Map.of("dav.loopback.port", "5232"), Options.parse(List.of("--dav-loopback-port", "5232"), Map.of())
                .transport());
        assertEquals(Map.of("dav.loopback.port", "0"), Options.parse(List.of("--dav-loopback-port=0"), Map.of()).transport());
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--dav-loopback-port", "-1"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--dav-loopback-port", "localhost"), Map.of()));
    }

    @Test
    void badInputIsAPlainMessage() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--eas-port", "99999"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--eas-port"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--frobnicate"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--log-level", "loud"), Map.of()));
    }

    @Test
    void dataFolderDefaults() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/x/y"), Options.defaultDataFolder(Map.of("HEARTH_DATA", "/x/y"), "Linux", home));
        assertEquals(home.resolve(".local/share/hearth"), Options.defaultDataFolder(Map.of(), "Linux", home));
        assertEquals(Path.of("/xdg/hearth"), Options.defaultDataFolder(Map.of("XDG_DATA_HOME", "/xdg"), "Linux", home));
        assertEquals(home.resolve("Library/Application Support/Hearth"), Options.defaultDataFolder(Map.of(), "Mac OS X", home));
        assertEquals(Path.of("C:/L", "Hearth"), Options.defaultDataFolder(Map.of("LOCALAPPDATA", "C:/L"), "Windows 11", home));
    }

    @Test
    void configFilesKeepOtherKeys() throws Exception {
        ConfigFiles files = new ConfigFiles(tmp);
        Files.writeString(tmp.resolve("p.cfg"), "other = kept\neas.port = 1\n");
        files.merge("p", Map.of("eas.port", "9443"), true);
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(tmp.resolve("p.cfg"))) {
            p.load(r);
        }
        assertEquals("kept", p.getProperty("other"));
        assertEquals("9443", p.getProperty("eas.port"));
        files.merge("q", Map.of(), true);
        assertTrue(Files.exists(tmp.resolve("q.cfg")), "created even when empty");
        files.merge("r", Map.of(), false);
        assertTrue(Files.notExists(tmp.resolve("r.cfg")));
    }
}
