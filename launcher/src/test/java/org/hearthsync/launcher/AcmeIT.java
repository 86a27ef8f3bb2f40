package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted certificate with ACME, end to end against Pebble: Hearth answers the HTTP-01 challenge
 * on its setup port, the EAS listener then serves a certificate for the Internet name that a
 * client trusting only Pebble's root accepts (with host name check, as a phone does), renews it at
 * two thirds of its (here one-minute) lifetime, and once Pebble is gone and the certificate has
 * expired, serves the local CA's certificate again. The setup page offers the local root
 * throughout.
 */
class AcmeIT {
    private static final String DOMAIN = "hearth-acme.test";
    private static final long VALIDITY_SECONDS = 60;

    @Test
    void obtainsRenewsAndFallsBackToTheLocalCa(@TempDir Path tmp) throws Exception {
        try (RunningHearth hearth = RunningHearth.start(tmp.resolve("data")).awaitRunning();
                Pebble pebble = Pebble.start(tmp.resolve("pebble"), hearth.setupPort, VALIDITY_SECONDS)) {
            assertEquals(404, plainStatus(hearth, "/.well-known/acme-challenge/anything"), "nothing there while ACME is off");
            String localRoot = pageFingerprint(hearth);
            assertEquals(sha256(hearth.data.resolve("certs").resolve("ca.pem")), localRoot);
            X509Certificate pebbleRoot = pebble.root();

            Files.writeString(hearth.data.resolve("etc").resolve("org.hearthsync.certs.acme.cfg"), String.join("\n",
                    "enabled = true",
                    "directory.url = " + pebble.directory,
                    "directory.trust.pem = " + pebble.tlsCertificate,
                    "domains = " + DOMAIN,
                    "account.email = owner@" + DOMAIN,
                    ""), StandardCharsets.UTF_8);

            // issued and served, for the name, chaining to Pebble's root
            X509Certificate first = await(hearth, trusting(pebbleRoot), DOMAIN, c -> true, Duration.ofSeconds(90),
                    "a certificate from Pebble", pebble);
            assertTrue(first.getSubjectAlternativeNames().stream().anyMatch(n -> DOMAIN.equals(n.get(1))));
            assertEquals(localRoot, pageFingerprint(hearth), "the setup page still offers the local root");
            assertEquals(404, plainStatus(hearth, "/.well-known/acme-challenge/not-a-token-it-expects"));
            Path acme = hearth.data.resolve("certs").resolve("acme");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(acme)));
            try (var files = Files.list(acme)) {
                for (Path f : files.toList()) {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                }
            }

            // renewed at two thirds of the lifetime, without a gap in trust
            X509Certificate second = await(hearth, trusting(pebbleRoot), DOMAIN,
                    c -> !c.getSerialNumber().equals(first.getSerialNumber()), Duration.ofSeconds(VALIDITY_SECONDS + 30),
                    "a renewed certificate", pebble);
            assertTrue(second.getNotAfter().after(first.getNotAfter()));

            // the CA goes away: when the certificate expires, the local CA's is served again
            pebble.close();
            X509Certificate fallback = await(hearth, hearth.trustingHearth(), "localhost", c -> true,
                    Duration.ofSeconds(VALIDITY_SECONDS + 30), "the local CA's certificate again", pebble);
            assertNotEquals(pebbleRoot.getSubjectX500Principal(), fallback.getIssuerX500Principal());
            assertTrue(hearth.output.stream().anyMatch(l -> l.contains("WARN") && l.contains("Could not obtain a trusted certificate")),
                    "a warning says why:\n" + hearth.output());
            assertEquals(localRoot, pageFingerprint(hearth));
            assertFalse(hearth.output().contains("PRIVATE KEY"), "no key in the log");
            int code = hearth.stop();
            assertTrue(code == 0 || code == 143, "exit code " + code + "\n" + hearth.output());
        }
    }

    /** Polls the EAS port until it serves a certificate {@code trust} accepts for {@code host} and {@code wanted} likes. */
    private static X509Certificate await(RunningHearth hearth, SSLContext trust, String host, Predicate<X509Certificate> wanted,
            Duration timeout, String what, Pebble pebble) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<X509Certificate> served = served(hearth, trust, host);
            if (served.isPresent() && wanted.test(served.get())) {
                return served.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + what + " within " + timeout + "\nHearth:\n" + hearth.output() + "\nPebble:\n" + pebble.log());
    }

    /** The EAS port's certificate when {@code trust} accepts it for {@code host} (name checked, sent as SNI). */
    private static Optional<X509Certificate> served(RunningHearth hearth, SSLContext trust, String host) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", hearth.easPort), 2000);
            plain.setSoTimeout(5000);
            try (SSLSocket s = (SSLSocket) trust.getSocketFactory().createSocket(plain, host, hearth.easPort, false)) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                return Optional.of((X509Certificate) s.getSession().getPeerCertificates()[0]);
            }
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static SSLContext trusting(X509Certificate root) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root", root);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static int plainStatus(RunningHearth hearth, String path) throws Exception {
        return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hearth.setupPort + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String pageFingerprint(RunningHearth hearth) throws Exception {
        String page = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hearth.setupPort + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = SetupPageIT.FINGERPRINT.matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    private static String sha256(Path pem) throws Exception {
        X509Certificate c;
        try (InputStream in = Files.newInputStream(pem)) {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String hex = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        return String.join(":", hex.split("(?<=\\G..)"));
    }
}
