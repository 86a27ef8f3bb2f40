package org.hearthsync.api.certs;

import java.security.cert.X509Certificate;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Hearth's own certificate authority: the root the phone installs, and the server certificate it
 * signs for every name a phone may use. Its private key never leaves the data folder.
 *
 * <p>The service is registered with the property {@link #GENERATION} so listeners can be told of a
 * new server certificate through a DS {@code updated} callback.
 */
@ProviderType
public interface CertificateAuthority {

    /** Service property: the current {@link ServerIdentity#generation()}. */
    String GENERATION = "hearth.certs.generation";

    X509Certificate rootCertificate();

    /** SHA-256 fingerprint of the root in the colon-separated upper-case hex form phones show. */
    String rootFingerprint();

    /** The current server identity; always valid for at least the renewal margin. */
    ServerIdentity serverIdentity();

    /**
     * Makes sure the server certificate covers {@code names} (DNS names and IP address literals),
     * issuing a new one from the same root when it does not.
     *
     * @return the identity now in force
     */
    ServerIdentity ensureNames(Set<String> names);
}
