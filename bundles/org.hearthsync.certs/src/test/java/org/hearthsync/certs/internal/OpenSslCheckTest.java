package org.hearthsync.certs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.hearthsync.certs.CertificateFormats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An independent tool reads what we wrote: OpenSSL parses the certificates, verifies the chain for
 * TLS server use and the host names, opens the PKCS#12 and matches the CA key to the CA certificate.
 * Skipped only outside CI when openssl is missing.
 */
class OpenSslCheckTest {

    private static final DateTimeFormatter OPENSSL_DATE = DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy z", Locale.ENGLISH);

    @TempDir
    Path data;

    @BeforeAll
    static void needOpenssl() {
        boolean available;
        try {
            available = run(List.of("openssl", "version")).exit == 0;
        } catch (IOException e) {
            available = false;
        }
        if (!available && "true".equals(System.getenv("CI"))) {
            fail("openssl is required on CI");
        }
        assumeTrue(available, "openssl is not installed");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void opensslAgreesWithWhatWeIssued(KeyType type) throws Exception {
        Path dir = data.resolve("certs");
        try (CertificateManager manager = Fixtures.open(dir, Fixtures.settings(type, "home.example.org"), Clock.systemUTC())) {
            manager.identity();
            X509Certificate root = manager.rootCertificate();
            Path caPem = dir.resolve("ca.pem");
            Path serverPem = data.resolve("server.pem");
            Files.write(serverPem, CertificateFormats.pemBytes(manager.identity().certificate()));
            Path caDer = data.resolve("ca.crt");
            Files.write(caDer, CertificateFormats.der(root));

            String rootText = openssl("x509", "-in", caPem.toString(), "-noout", "-text");
            assertTrue(rootText.matches("(?s).*X509v3 Basic Constraints: critical\\s+CA:TRUE, pathlen:0.*"), rootText);
            assertTrue(rootText.matches("(?s).*X509v3 Key Usage: critical\\s+Certificate Sign, CRL Sign\\s.*"), rootText);
            assertTrue(rootText.contains("X509v3 Subject Key Identifier"), rootText);
            assertTrue(rootText.contains("Subject: O = Hearth, CN = Hearth local CA testhost "), rootText);

            String serverText = openssl("x509", "-in", serverPem.toString(), "-noout", "-text");
            for (String expected : List.of("DNS:home.example.org", "DNS:testhost", "DNS:testhost.example.lan",
                    "DNS:localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1", "IP Address:192.0.2.10",
                    "TLS Web Server Authentication", "CA:FALSE", "X509v3 Authority Key Identifier",
                    "Subject: O = Hearth, CN = home.example.org")) {
                assertTrue(serverText.contains(expected), expected + " in\n" + serverText);
            }
            String usage = type == KeyType.RSA_2048 ? "Digital Signature, Key Encipherment" : "Digital Signature";
            assertTrue(serverText.matches("(?s).*X509v3 Key Usage: critical\\s+" + usage + "\\s.*"), serverText);

            // validity as openssl reads it: at most 398 days, and what the JDK read
            String dates = openssl("x509", "-in", serverPem.toString(), "-noout", "-startdate", "-enddate");
            Instant notBefore = date(dates, "notBefore=");
            Instant notAfter = date(dates, "notAfter=");
            assertTrue(Duration.between(notBefore, notAfter).compareTo(Duration.ofDays(398)) <= 0, dates);
            assertEquals(manager.identity().certificate().getNotAfter().toInstant(), notAfter);

            // the chain verifies for a TLS server, with host name and address checks
            String verified = openssl("verify", "-purpose", "sslserver", "-verify_hostname", "localhost",
                    "-CAfile", caPem.toString(), serverPem.toString());
            assertTrue(verified.contains(": OK"), verified);
            assertTrue(openssl("verify", "-purpose", "sslserver", "-verify_ip", "127.0.0.1",
                    "-CAfile", caPem.toString(), serverPem.toString()).contains(": OK"));
            Result wrongName = run(List.of("openssl", "verify", "-verify_hostname", "elsewhere.example",
                    "-CAfile", caPem.toString(), serverPem.toString()));
            assertTrue(wrongName.exit != 0, wrongName.output);

            // the DER export and the fingerprint phones show
            String fingerprint = openssl("x509", "-inform", "DER", "-in", caDer.toString(), "-noout", "-fingerprint", "-sha256");
            assertEquals(manager.rootFingerprint(), fingerprint.substring(fingerprint.indexOf('=') + 1).strip());

            // the key store opens with the password file; the CA key matches the CA certificate
            openssl("pkcs12", "-in", dir.resolve("server.p12").toString(),
                    "-passin", "file:" + dir.resolve("server.p12.password"), "-noout");
            String keyPublic = openssl("pkey", "-in", dir.resolve("ca-key.pem").toString(), "-pubout");
            String certPublic = openssl("x509", "-in", caPem.toString(), "-noout", "-pubkey");
            assertEquals(certPublic, keyPublic);
        }
    }

    private static Instant date(String dates, String prefix) {
        for (String line : dates.split("\n")) {
            if (line.startsWith(prefix)) {
                String value = line.substring(prefix.length()).strip().replaceAll("\\s+", " ");
                return ZonedDateTime.parse(value, OPENSSL_DATE).toInstant();
            }
        }
        throw new AssertionError(prefix + " missing in " + dates);
    }

    private static String openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Result result = run(command);
        assertEquals(0, result.exit, () -> String.join(" ", command) + "\n" + result.output);
        return result.output;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
