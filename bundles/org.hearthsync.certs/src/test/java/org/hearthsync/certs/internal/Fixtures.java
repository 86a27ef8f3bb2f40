package org.hearthsync.certs.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Shared test helpers: a settable clock, fixed local names, PKIX validation with the JDK. */
final class Fixtures {

    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** What a test computer "discovers": stable, so tests do not depend on the machine's network. */
    static final SubjectNames LOCAL = SubjectNames.of("testhost", "testhost.example.lan", "localhost",
            "127.0.0.1", "::1", "192.0.2.10");

    private Fixtures() {
    }

    static CertificateManager open(Path dir, CertificateSettings settings, Clock clock) throws IOException {
        return CertificateManager.open(new KeyStoreFiles(dir), settings, clock, BC, new SecureRandom(), () -> LOCAL);
    }

    static CertificateSettings settings(KeyType type, String... extraNames) {
        return CertificateSettings.clamped(extraNames, 397, 30, 10, type);
    }

    /** Validates {@code chain} (leaf first; the root may be included) against {@code root} only, at {@code at}. */
    static void validate(X509Certificate root, List<X509Certificate> chain, Instant at) throws GeneralSecurityException {
        List<X509Certificate> path = chain.stream().filter(c -> !c.equals(root)).toList();
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    }

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
