/**
 * Where Hearth serves CalDAV and CardDAV: the paths other bundles (the console's status page, the setup page) show.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.dav;
