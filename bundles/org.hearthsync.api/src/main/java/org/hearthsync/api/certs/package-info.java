/**
 * The local certificate authority and the server identity the TLS listener serves.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.api.certs;
