/**
 * Export formats for Hearth's certificates (DER, PEM, SHA-256 fingerprint), for the setup page
 * that lets a phone install the local root.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.certs;
