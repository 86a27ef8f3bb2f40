package org.hearthsync.upnp.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.portmap.PortMappingReport;

/**
 * Hearth's UPnP client on its own, for the namespace lab: run inside the "home PC" namespace by
 * {@link RealIgdTest}. Listens on the two internal ports (answering "hearth-lab PORT" to any
 * connection), runs the real {@link IgdPortMapper} (on jUPnP) and {@link MappingManager}, prints the report
 * after each renewal, and on "stop" (standard input) removes the forwardings and exits.
 *
 * <p>usage: LabClient EAS_PORT SETUP_PORT LEASE_SECONDS MEMORY_FILE
 */
public final class LabClient {

    public static void main(String[] args) throws Exception {
        int easPort = Integer.parseInt(args[0]);
        int setupPort = Integer.parseInt(args[1]);
        int lease = Integer.parseInt(args[2]);
        Path memory = Path.of(args[3]);
        listen(easPort);
        listen(setupPort);

        IgdPortMapper gateway = new IgdPortMapper(memory, announcements -> new UpnpStack(
                JupnpConfiguration.household(Duration.ofSeconds(3), Duration.ofSeconds(6)), announcements),
                Duration.ofSeconds(2), true);
        ExecutorScheduler scheduler = new ExecutorScheduler();
        MappingManager.Settings settings = new MappingManager.Settings(true, Duration.ofMinutes(60), lease, List.of(
                new MappingManager.Wanted("eas", "Hearth EAS", 443, List.of(8443, 10443), easPort, "https",
                        "/Microsoft-Server-ActiveSync"),
                new MappingManager.Wanted("setup", "Hearth setup", 54321, List.of(55321), setupPort, "http", "/")),
                null);
        MappingManager manager = new MappingManager(gateway, LabClient::routedAddress, Clock.systemUTC(), scheduler, settings);
        manager.start();
        Thread printer = new Thread(() -> printReports(manager), "lab-printer");
        printer.setDaemon(true);
        printer.start();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("stop")) {
                break;
            }
            if (line.equals("renew")) {
                manager.renewNow();
            }
        }
        manager.stop();
        scheduler.close();
        gateway.deactivate();
        System.out.println("STOPPED");
        System.out.flush();
        System.exit(0);
    }

    private static void printReports(MappingManager manager) {
        Object last = null;
        while (true) {
            PortMappingReport r = manager.report();
            if (r != last && r.lastAttempt().isPresent()) {
                last = r;
                synchronized (System.out) {
                    System.out.println("SUMMARY " + r.summary());
                    System.out.println("EXTERNAL " + r.externalAddress().map(a -> a.getHostAddress()).orElse("-")
                            + " shared=" + r.sharedAddress() + " gateway=" + r.gatewayName());
                    for (PortMappingReport.Entry e : r.entries()) {
                        System.out.println("ENTRY " + e.description() + "|" + e.result().outcome() + "|"
                                + e.result().externalPort() + "|" + e.url() + "|" + e.result().message());
                    }
                    System.out.println("ADVICE " + r.advice());
                    System.out.println("REPORTED " + r.lastAttempt().get());
                    System.out.flush();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The address the default route leaves from, as Hearth's address service finds it (nothing is sent). */
    private static Optional<java.net.InetAddress> routedAddress() {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            s.connect(Addresses.v4(192, 0, 2, 1), 9);
            return Optional.of(s.getLocalAddress());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void listen(int port) throws IOException {
        ServerSocket server = new ServerSocket(port);
        Thread t = new Thread(() -> {
            while (true) {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(("hearth-lab " + port + " from " + s.getInetAddress().getHostAddress() + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        }, "lab-listener-" + port);
        t.setDaemon(true);
        t.start();
    }
}
