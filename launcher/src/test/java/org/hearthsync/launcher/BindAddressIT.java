package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 10: {@code --bind ADDRESS} never makes Felix HTTP log a stack trace. An address
 * this computer does not have (yet) was handed to Jetty, which failed to bind, stopped half-initialized
 * and logged NullPointerExceptions from its cleanup; now the listeners wait for the address instead.
 */
class BindAddressIT {
    /** TEST-NET-2 (RFC 5737): never an address of a real interface. */
    static final String ABSENT = "198.51.100.77";

    @TempDir
    Path tmp;

    static void assertNoStackTrace(RunningHearth hearth, String when) {
        for (String line : hearth.output) {
            assertTrue(!line.contains("Exception") && !line.startsWith("\tat "), when + ":\n" + hearth.output());
        }
    }

    @Test
    void anAddressThisComputerDoesNotHaveIsAwaitedWithoutStackTraces() throws Exception {
        try (RunningHearth hearth = RunningHearth.start(tmp.resolve("data"), "--bind", ABSENT)) {
            long deadline = System.nanoTime() + RunningHearth.START_TIMEOUT.toNanos();
            while (hearth.output.stream().noneMatch(l -> l.contains("is not an address of this computer"))) {
                assertTrue(System.nanoTime() < deadline && hearth.process.isAlive(), hearth.output());
                Thread.sleep(100);
            }
            Thread.sleep(7_000); // at least one retry
            assertNoStackTrace(hearth, "with --bind " + ABSENT);
            assertEquals(1, hearth.output.stream().filter(l -> l.contains("is not an address of this computer")).count(),
                    "one warning, not one per retry:\n" + hearth.output());
            // the console listener is not held up by the public one
            HttpResponse<String> console = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hearth.consolePort + "/system/console")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(console.statusCode() > 0);
        }
    }

    @Test
    void startingWithBindAgainAndAgainLogsNoStackTrace() throws Exception {
        Path data = tmp.resolve("data");
        for (List<String> args : List.of(List.of("--bind", "127.0.0.2"), List.of("--bind", "127.0.0.3"),
                List.of("--bind", "127.0.0.2"))) {
            try (RunningHearth hearth = RunningHearth.start(data, args.toArray(String[]::new)).awaitRunning()) {
                String host = args.get(1);
                HttpResponse<String> page;
                try {
                    page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + ":"
                            + hearth.setupPort + "/")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    throw new AssertionError("no setup page on " + host + ": " + e + "\n" + hearth.output(), e);
                }
                assertEquals(200, page.statusCode(), "the setup page on " + host);
                int code = hearth.stop(); // stopping also logs nothing of the kind
                assertTrue(code == 0 || code == 143, "exit code " + code + "\n" + hearth.output());
                assertNoStackTrace(hearth, "starting with " + args);
            }
        }
    }
}
