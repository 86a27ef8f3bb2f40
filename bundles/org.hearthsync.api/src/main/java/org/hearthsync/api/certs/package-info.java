/**
 * The local certificate authority and the server identity the TLS listener serves; an optional
 * {@link org.hearthsync.api.certs.ServerIdentityProvider} (a trusted certificate) takes precedence
 * over the local CA's identity while it is valid.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.api.certs;
