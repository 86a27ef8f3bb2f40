/**
 * What Hearth knows about this computer's addresses: the primary LAN address and the public address.
 *
 * <p>1.2.0 added {@link org.hearthsync.api.net.LanAddresses}, the LAN addresses to choose the primary one from.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.hearthsync.api.net;
