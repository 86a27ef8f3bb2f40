/**
 * The port mapper SPI: a router that forwards ports from the Internet to this computer (UPnP IGD or another protocol),
 * and {@link org.hearthsync.api.portmap.PortMappingStatus}, the state of Hearth's forwardings for the console.
 *
 * <p>1.1.0 added PortMappingStatus and PortMappingReport.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.api.portmap;
