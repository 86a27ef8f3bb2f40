package org.hearthsync.certs.internal;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/** Small pieces both issuers share. */
final class X509Support {

    /** How far notBefore lies in the past, so a phone whose clock runs a little slow accepts a new certificate. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private X509Support() {
    }

    /** A positive, non-zero random 128-bit serial number. */
    static BigInteger randomSerial(SecureRandom random) {
        byte[] bytes = new byte[16];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    /** The certificate as a JDK object (default CertificateFactory), so holders need no Bouncy Castle. */
    static X509Certificate toJdk(X509CertificateHolder holder) throws CertificateException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
