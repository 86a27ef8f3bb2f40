package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new name for the server certificate while Hearth runs: the CA issues the next server
 * certificate from the same root, and the TLS listener serves it without a restart of Hearth; a
 * client that trusts only the root keeps connecting. The listener itself restarts (Felix HTTP
 * applies a new key store by restarting Jetty), so the test also measures how long new connections
 * were refused.
 */
class CertificateRotationIT {
    private static final String NEW_NAME = "rotated.hearth.test";

    @Test
    void aNewNameIsServedWithoutRestartingHearth(@TempDir Path tmp) throws Exception {
        try (RunningHearth hearth = RunningHearth.start(tmp.resolve("data")).awaitRunning()) {
            X509Certificate before = served(hearth);
            assertFalse(dnsNames(before).contains(NEW_NAME));
            String pageFingerprint = pageFingerprint(hearth);
            long pid = hearth.process.pid();

            // a client that keeps connecting while the certificate changes
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicLong longestGapMillis = new AtomicLong();
            Thread prober = new Thread(() -> probe(hearth, ok, refused, longestGapMillis), "rotation-probe");
            prober.setDaemon(true);
            prober.start();

            Path cfg = hearth.data.resolve("etc").resolve("org.hearthsync.certs.cfg");
            Files.writeString(cfg, "extraNames = " + NEW_NAME + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);

            X509Certificate after = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    X509Certificate now = served(hearth);
                    if (dnsNames(now).contains(NEW_NAME)) {
                        after = now;
                        break;
                    }
                } catch (Exception e) {
                    // the listener is restarting
                }
                Thread.sleep(200);
            }
            prober.interrupt();
            prober.join(5000);
            assertTrue(after != null, "the new name was not served within 60 s:\n" + hearth.output());
            assertEquals(before.getIssuerX500Principal(), after.getIssuerX500Principal());
            assertTrue(dnsNames(after).containsAll(dnsNames(before)), "the old names stay");
            assertTrue(after.getNotBefore().compareTo(before.getNotBefore()) >= 0);
            assertFalse(before.getSerialNumber().equals(after.getSerialNumber()), "a new certificate");
            assertEquals(pid, hearth.process.pid());
            assertTrue(hearth.process.isAlive());
            assertEquals(pageFingerprint, pageFingerprint(hearth), "the root did not change");
            assertTrue(ok.get() > 0, "the probe never connected");
            System.out.printf("certificate rotation: %d connections ok, %d refused, longest outage %d ms%n",
                    ok.get(), refused.get(), longestGapMillis.get());
            assertTrue(longestGapMillis.get() < 10_000, "the listener was away for " + longestGapMillis.get() + " ms");
        }
    }

    /** The certificate the EAS port serves, checked against Hearth's root only. */
    private static X509Certificate served(RunningHearth hearth) throws Exception {
        try (SSLSocket s = (SSLSocket) hearth.trustingHearth().getSocketFactory().createSocket("localhost", hearth.easPort)) {
            s.setSoTimeout(5000);
            s.startHandshake();
            Certificate[] chain = s.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    private static void probe(RunningHearth hearth, AtomicInteger ok, AtomicInteger refused, AtomicLong longestGap) {
        long lastOk = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                served(hearth);
                ok.incrementAndGet();
                long now = System.nanoTime();
                longestGap.accumulateAndGet((now - lastOk) / 1_000_000, Math::max);
                lastOk = now;
            } catch (Exception e) {
                refused.incrementAndGet();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<String> dnsNames(X509Certificate c) throws Exception {
        return c.getSubjectAlternativeNames() == null ? List.of()
                : c.getSubjectAlternativeNames().stream().filter(san -> (Integer) san.get(0) == 2)
                        .map(san -> (String) san.get(1)).toList();
    }

    private static String pageFingerprint(RunningHearth hearth) throws Exception {
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hearth.setupPort + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = SetupPageIT.FINGERPRINT.matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }
}
