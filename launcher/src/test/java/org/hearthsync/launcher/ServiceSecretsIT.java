package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hearth started as the background service starts it ({@code --as-service}: what it prints goes to the rotating log in
 * DATA/logs) on a new data folder: the console's first password is never in the log nor in what the service manager
 * records (the process's own output), but in an owner-only file the log names, shown by {@code hearth service status},
 * and deleted once it has been used to sign in.
 */
class ServiceSecretsIT {

    @Test
    void theFirstConsolePasswordReachesNoLog(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path shown = data.resolve("console/first-password.txt");
        String password;
        try (RunningHearth server = RunningHearth.start(data, "--as-service")) {
            Path log = data.resolve("logs/hearth.log");
            awaitLogged(server, log, "Hearth is running.");
            String text = Files.readString(shown);
            password = line(text, "password: ");
            assertTrue(password.length() >= 16, text);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shown)));
            assertTrue(Files.readString(log).contains(shown.toString()), "the log names the file");

            // hearth service status, as the user runs it in a terminal (no service installed here)
            Path home = Files.createDirectories(tmp.resolve("home"));
            List<String> status = new ArrayList<>(RunningHearth.launcher());
            status.addAll(List.of("service", "status", "--data", data.toString()));
            PeerTools.Result shownByStatus = PackageIT.run(Map.of("HOME", home.toString(), "LANG", "C.UTF-8"), Optional.empty(),
                    status.toArray(String[]::new));
            assertTrue(shownByStatus.out().contains("user admin, password " + password), shownByStatus.out());

            // it is the console's password; its first use deletes the file
            HttpRequest page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.consolePort
                    + "/system/console/hearth/fragment.htm")).header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8))).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int code = 0;
            while (code != 200) {
                assertTrue(System.nanoTime() < deadline, "the console lets the password in: " + code);
                try {
                    code = HttpClient.newHttpClient().send(page, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    code = -1;
                }
                if (code != 200) {
                    Thread.sleep(200);
                }
            }
            assertFalse(Files.exists(shown), "deleted at the first sign-in");
            PeerTools.Result after = PackageIT.run(Map.of("HOME", home.toString(), "LANG", "C.UTF-8"), Optional.empty(),
                    status.toArray(String[]::new));
            assertFalse(after.out().contains(password), after.out());
            assertEquals(143, server.stop());
            assertFalse(server.output().contains(password), "the service manager's journal gets it:\n" + server.output());
        }
        assertNoFileHolds(data.resolve("logs"), password);
        assertTrue(Files.readString(data.resolve("logs/hearth.log")).contains("Hearth stopped."));
    }

    static void awaitLogged(RunningHearth server, Path log, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RunningHearth.START_TIMEOUT.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(line))) {
            assertTrue(server.process.isAlive(), "Hearth ended:\n" + server.output());
            assertTrue(System.nanoTime() < deadline, "Hearth logs '" + line + "' within " + RunningHearth.START_TIMEOUT);
            Thread.sleep(100);
        }
    }

    static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' in:\n" + text));
    }

    /** Every file under {@code folder} (the current log and the rotated ones), as bytes, so no encoding hides it. */
    static void assertNoFileHolds(Path folder, String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        int files = 0;
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files++;
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(new String(needle, StandardCharsets.ISO_8859_1)), f + " holds the password");
            }
        }
        assertTrue(files > 0, "no log written under " + folder);
    }
}
