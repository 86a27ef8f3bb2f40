/**
 * Accounts the phones sign in with, and the devices (partnerships) Hearth has seen; the HTTP Basic credentials
 * parser and the cache of verified credentials every front door (EAS, Autodiscover, DAV) shares.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.api.account;
