/**
 * Where Hearth serves CalDAV and CardDAV: the paths other bundles (the console's status page, the setup page) show.
 *
 * <p>1.1.0 added {@link org.hearthsync.dav.DavSettings}, the names of the settings the setup wizard writes. 1.2.0 added
 * {@link org.hearthsync.dav.HomeNetworkAnnouncement}: whether and from where Hearth announces itself on the LAN.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.hearthsync.dav;
