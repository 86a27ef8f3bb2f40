package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Felix HTTP 1.1.8 unregisters a Jetty instance's HttpServiceRuntime before it closes that instance's whiteboard
 * trackers when it restarts the instance on a new configuration; a Hearth servlet or filter that SCR registers in
 * that gap makes Felix log a NullPointerException ("EventDispatcher: Error during dispatch"). Started with the other
 * bundles, Felix HTTP brought its instances up on the configuration saved by the previous run and restarted them as
 * soon as the transport wrote the new one, while the Hearth bundles were registering their servlets: CrashIT saw the
 * exception under load. Now each instance starts once, on the configuration in force, which this test sees every
 * time whatever the load (the exception itself only when the timing is unlucky); a port change at run time restarts
 * the public instance while nothing registers, and it then serves on the new ports.
 */
class ListenerRestartIT {
    @TempDir
    Path tmp;

    @Test
    void aRestartOnOtherPortsStartsEachJettyOnceAndAPortChangeAtRunTimeMovesTheListeners() throws Exception {
        Path data = tmp.resolve("data");
        int oldSetupPort;
        int[] moved;
        try (RunningHearth first = RunningHearth.start(data).awaitRunning()) {
            oldSetupPort = first.setupPort;
            first.stop(); // the saved Jetty configurations name these ports
            assertNoDispatchError(first);
        }
        // new free ports; --verbose shows Felix HTTP's own "Started Jetty" and "Stopped Jetty" lines
        try (RunningHearth second = RunningHearth.start(data, "--verbose").awaitRunning()) {
            assertNotEquals(oldSetupPort, second.setupPort);
            awaitLines(second, "Started Jetty", 2); // the public instance and the console's
            Thread.sleep(1_000); // a restart would follow within milliseconds
            assertEquals(2, count(second, "Started Jetty"), second.output());
            assertEquals(0, count(second, "Stopped Jetty"), second.output());
            assertEquals(0, count(second, "HTTP:" + oldSetupPort + " "), second.output());
            assertEquals(1, count(second, "HTTP:" + second.setupPort + " HTTPS:" + second.easPort + " "), second.output());
            assertNoDispatchError(second);

            // a port change at run time, as a person editing etc/org.hearthsync.transport.cfg makes it
            int[] ports = RunningHearth.freePorts(2);
            moved = new int[] { ports[0], ports[1], second.consolePort };
            Path cfg = data.resolve("etc").resolve("org.hearthsync.transport.cfg");
            List<String> lines = Files.readAllLines(cfg, StandardCharsets.UTF_8).stream()
                    .map(l -> l.replaceFirst("^eas\\.port\\s*=.*", "eas.port = " + ports[0])
                            .replaceFirst("^setup\\.port\\s*=.*", "setup.port = " + ports[1]))
                    .toList();
            assertTrue(lines.contains("eas.port = " + ports[0]) && lines.contains("setup.port = " + ports[1]), lines.toString());
            Files.write(cfg, lines, StandardCharsets.UTF_8);
            awaitLines(second, "HTTP:" + ports[1] + " HTTPS:" + ports[0] + " ", 1);
            assertEquals(1, count(second, "Stopped Jetty"), "only the public instance restarts:\n" + second.output());
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", ports[0]), 5_000);
                try (SSLSocket s = (SSLSocket) second.trustingHearth().getSocketFactory().createSocket(raw, "localhost",
                        ports[0], false)) {
                    s.startHandshake(); // the moved EAS listener serves Hearth's certificate
                }
            }
            Thread.sleep(500);
            assertNoDispatchError(second);
            second.stop();
            assertNoDispatchError(second);
        }
        // a restart on the ports it last served: Felix HTTP starts with the other bundles on the saved configuration,
        // which holds, so again each instance starts once
        try (RunningHearth third = RunningHearth.startOnPorts(data, moved, "--verbose").awaitRunning()) {
            awaitLines(third, "Started Jetty", 2);
            Thread.sleep(1_000);
            assertEquals(2, count(third, "Started Jetty"), third.output());
            assertEquals(0, count(third, "Stopped Jetty"), third.output());
            assertEquals(1, count(third, "HTTP:" + moved[1] + " HTTPS:" + moved[0] + " "), third.output());
            assertNoDispatchError(third);
        }
    }

    private static void awaitLines(RunningHearth hearth, String text, int n) throws InterruptedException {
        long deadline = System.nanoTime() + RunningHearth.START_TIMEOUT.toNanos();
        while (count(hearth, text) < n) {
            assertTrue(System.nanoTime() < deadline && hearth.process.isAlive(), "waiting for '" + text + "':\n" + hearth.output());
            Thread.sleep(50);
        }
    }

    private static void assertNoDispatchError(RunningHearth hearth) {
        assertEquals(0, count(hearth, "NullPointerException") + count(hearth, "Error during dispatch")
                + count(hearth, "sr is null"), hearth.output());
    }

    private static long count(RunningHearth hearth, String text) {
        return hearth.output.stream().filter(l -> l.contains(text)).count();
    }
}
