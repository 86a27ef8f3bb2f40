/**
 * What Hearth knows about this computer's addresses: the primary LAN address and the public address.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.api.net;
