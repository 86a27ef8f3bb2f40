package org.hearthsync.certs.acme.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hearthsync.api.certs.ServerIdentity;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static StoredCertificate stored(Instant notBefore, Instant notAfter, String... names) throws Exception {
        var key = Certificates.key();
        return new StoredCertificate(new ServerIdentity(Path.of("server.p12"), "pw".toCharArray(),
                List.of(Certificates.selfSigned(key, notBefore, notAfter, names)), 1), "https://ca.example/dir");
    }

    @Test
    void aNinetyDayCertificateIsRenewedThirtyDaysBeforeItsEnd() throws Exception {
        StoredCertificate c = stored(T0, T0.plus(Duration.ofDays(90)), "home.example.org");
        assertEquals(T0.plus(Duration.ofDays(60)), c.renewAt(30));
        assertEquals(T0.plus(Duration.ofDays(76)), c.renewAt(14));
        // a margin longer than a third of the lifetime is cut to a third
        assertEquals(T0.plus(Duration.ofDays(60)), c.renewAt(80));
    }

    @Test
    void aShortLivedCertificateIsRenewedAtTwoThirdsOfItsLifetime() throws Exception {
        StoredCertificate c = stored(T0, T0.plusSeconds(60), "home.example.org");
        assertEquals(T0.plusSeconds(40), c.renewAt(30));
        assertEquals(T0.plusSeconds(40), AcmeCertificates.nextCheck(c, 30, T0.plusSeconds(1)));
        // past the renewal time (a failed renewal): look again just after the end, to fall back
        assertEquals(T0.plusSeconds(61), AcmeCertificates.nextCheck(c, 30, T0.plusSeconds(45)));
    }

    @Test
    void checksAtLeastDaily() throws Exception {
        StoredCertificate c = stored(T0, T0.plus(Duration.ofDays(90)), "home.example.org");
        assertEquals(T0.plus(Duration.ofDays(1)), AcmeCertificates.nextCheck(c, 30, T0));
        assertEquals(T0.plus(Duration.ofDays(60)), AcmeCertificates.nextCheck(c, 30, T0.plus(Duration.ofHours(59 * 24 + 1))));
    }

    @Test
    void failedOrdersAreRetriedLaterAndLater() {
        assertEquals(Duration.ofMinutes(10), AcmeCertificates.backoff(1));
        assertEquals(Duration.ofMinutes(20), AcmeCertificates.backoff(2));
        assertEquals(Duration.ofMinutes(80), AcmeCertificates.backoff(4));
        assertEquals(Duration.ofDays(1), AcmeCertificates.backoff(9));
        assertEquals(Duration.ofDays(1), AcmeCertificates.backoff(1000));
    }

    @Test
    void validityAndNames() throws Exception {
        StoredCertificate c = stored(T0, T0.plusSeconds(60), "home.example.org", "www.home.example.org");
        assertTrue(c.validAt(T0));
        assertFalse(c.validAt(T0.minusSeconds(1)));
        assertFalse(c.validAt(T0.plusSeconds(60)));
        assertTrue(c.covers(List.of("home.example.org")));
        assertTrue(c.covers(List.of("www.home.example.org", "home.example.org")));
        assertFalse(c.covers(List.of("other.example.org")));
        assertFalse(c.covers(List.of()));
    }

    @Test
    void domainNamesAreNormalisedAndIpAddressesIgnored() {
        assertEquals(List.of("home.example.org", "b.example.org"),
                AcmeCertificates.configuredDomains(config(" Home.Example.org. , b.example.org", "home.example.org", "192.168.1.2", "")));
        assertEquals(List.of(), AcmeCertificates.configuredDomains(config("localhost", "::1", "-bad-.example.org")));
    }

    @Test
    void failuresAreDescribedWithTheirRootCause() {
        String text = AcmeCertificates.describe(new java.io.IOException("outer", new IllegalStateException("root")));
        assertEquals("java.io.IOException: outer (java.lang.IllegalStateException: root)", text);
        assertEquals("plain words", AcmeCertificates.describe(new AcmeIssuer.IssuanceException("plain words")));
    }

    static AcmeConfig config(String... domains) {
        return new AcmeConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return AcmeConfig.class;
            }

            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public String directory_url() {
                return "https://ca.example/dir";
            }

            @Override
            public String account_email() {
                return "";
            }

            @Override
            public String[] domains() {
                return domains;
            }

            @Override
            public int renewal_margin_days() {
                return 30;
            }

            @Override
            public KeyType key_type() {
                return KeyType.EC_P256;
            }

            @Override
            public String directory_trust_pem() {
                return "";
            }
        };
    }
}
