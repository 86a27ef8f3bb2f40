package org.hearthsync.certs.acme.internal;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.hearthsync.api.certs.ServerIdentity;

/**
 * The trusted certificate on disk, as the listener would serve it, with the ACME directory it came from.
 *
 * @param identity  the key store, its password and the chain
 * @param directory the ACME directory URL that issued it
 */
record StoredCertificate(ServerIdentity identity, String directory) {

    Instant notBefore() {
        return identity.certificate().getNotBefore().toInstant();
    }

    Instant notAfter() {
        return identity.certificate().getNotAfter().toInstant();
    }

    boolean validAt(Instant now) {
        return !now.isBefore(notBefore()) && now.isBefore(notAfter());
    }

    /** Whether the certificate names every one of {@code domains} (DNS names, compared without case). */
    boolean covers(Collection<String> domains) {
        Set<String> names = dnsNames(identity.certificate());
        return !domains.isEmpty() && domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).allMatch(names::contains);
    }

    /**
     * When to renew: {@code marginDays} before the end, but never earlier than two thirds into the
     * lifetime, so a short-lived certificate is not renewed over and over.
     */
    Instant renewAt(int marginDays) {
        Duration lifetime = Duration.between(notBefore(), notAfter());
        Duration margin = Duration.ofDays(marginDays);
        Duration third = lifetime.dividedBy(3);
        return notAfter().minus(margin.compareTo(third) < 0 ? margin : third);
    }

    static Set<String> dnsNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Set.of();
            }
            return names.stream().filter(n -> Integer.valueOf(2).equals(n.get(0)))
                    .map(n -> String.valueOf(n.get(1)).toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (CertificateParsingException e) {
            return Set.of();
        }
    }
}
