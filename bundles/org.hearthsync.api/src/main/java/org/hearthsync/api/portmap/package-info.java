/**
 * The port mapper SPI: a router that forwards ports from the Internet to this computer (UPnP IGD or another protocol).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.api.portmap;
