/**
 * The dynamic DNS provider SPI: one service per configured account at a provider.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.api.ddns;
