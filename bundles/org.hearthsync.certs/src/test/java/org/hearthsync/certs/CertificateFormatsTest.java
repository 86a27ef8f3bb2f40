package org.hearthsync.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.hearthsync.certs.internal.KeyType;
import org.hearthsync.certs.internal.LocalCa;
import org.junit.jupiter.api.Test;

class CertificateFormatsTest {

    @Test
    void derPemAndFingerprint() throws Exception {
        X509Certificate root = LocalCa.create("host", KeyType.EC_P256, 1, Clock.systemUTC(),
                new BouncyCastleProvider(), new SecureRandom()).certificate();

        byte[] der = CertificateFormats.der(root);
        assertArrayEquals(root.getEncoded(), der);

        String pem = CertificateFormats.pem(root);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(pem.endsWith("\n-----END CERTIFICATE-----\n"));
        for (String line : pem.split("\n")) {
            assertTrue(line.length() <= 64, line);
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        assertEquals(root, factory.generateCertificate(new ByteArrayInputStream(CertificateFormats.pemBytes(root))));
        assertEquals(root, factory.generateCertificate(new ByteArrayInputStream(der)));

        String fingerprint = CertificateFormats.sha256Fingerprint(root);
        assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
    }
}
