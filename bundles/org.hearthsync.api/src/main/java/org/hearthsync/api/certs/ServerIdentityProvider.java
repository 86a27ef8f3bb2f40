package org.hearthsync.api.certs;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A server identity the EAS listener prefers over the local {@link CertificateAuthority}'s, for
 * example a publicly trusted certificate obtained with ACME, so that phones need no certificate of
 * Hearth's installed.
 *
 * <p>The listener serves the identity of the highest-ranked provider while that identity's
 * certificate is valid, and the local CA's otherwise: when the provider goes away, returns nothing
 * or hands out an expired certificate, the local CA is the fallback. A provider should be
 * registered only while it has a valid identity, with the service property {@link #GENERATION}
 * changed whenever a new certificate replaces the one in force, so the listener is told through
 * a DS {@code updated} callback.
 *
 * <p>The setup page keeps offering the local CA's root: phones on the home network reach Hearth by
 * its LAN address, which no public certificate covers.
 */
@ConsumerType
public interface ServerIdentityProvider {

    /** Service property: the current {@link ServerIdentity#generation()}; the same key as the local CA's. */
    String GENERATION = CertificateAuthority.GENERATION;

    /**
     * The identity to serve now; empty when the provider has no valid certificate at the moment.
     * Must not block: it is called while the listener is being configured.
     */
    Optional<ServerIdentity> serverIdentity();
}
