package org.hearthsync.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * {@code hearth --training-run}: starts Hearth on a throw-away data folder and free loopback ports, makes one TLS
 * handshake and one unauthenticated EAS request to itself, and stops. A package's installer runs it with
 * {@code -XX:ArchiveClassesAtExit} so the classes a start and a first phone request load are in the class-data
 * archive the installed launcher maps at every start. Nothing of it stays on the machine but that archive.
 */
final class TrainingRun {
    static final long TIMEOUT_MS = 180_000;

    private TrainingRun() {
    }

    static Options options(Options given) throws IOException {
        Path data = Files.createTempDirectory("hearth-training");
        Map<String, String> transport = new LinkedHashMap<>();
        int[] ports = freePorts();
        transport.put("eas.port", Integer.toString(ports[0]));
        transport.put("setup.port", Integer.toString(ports[1]));
        transport.put("console.port", Integer.toString(ports[2]));
        transport.put("bind.address", "127.0.0.1");
        return new Options(data, transport, given.console(), "warn", false, null, null, null, false, false, false, null,
                true, false);
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort(), c.getLocalPort()};
        }
    }

    /** In the background: waits for the EAS listener, exercises it, then stops the framework (and so the JVM). */
    static void stopWhenServing(Framework framework, int easPort, PrintStream err) {
        Thread t = new Thread(() -> {
            try {
                exercise(easPort);
            } catch (Exception e) {
                err.println("hearth: training run: " + e);
            } finally {
                try {
                    framework.stop();
                } catch (BundleException e) {
                    err.println("hearth: training run: " + e.getMessage());
                }
            }
        }, "hearth-training");
        t.setDaemon(true);
        t.start();
    }

    private static void exercise(int port) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        // the training server's own certificate, made a moment ago on a throw-away folder: nothing to verify
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(10_000);
                s.startHandshake();
                OutputStream o = s.getOutputStream();
                o.write(("OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                o.flush();
                InputStream in = s.getInputStream();
                in.readAllBytes();
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    static void deleteData(Path data) {
        try (Stream<Path> all = Files.walk(data)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the system cleans it up
        }
    }
}
