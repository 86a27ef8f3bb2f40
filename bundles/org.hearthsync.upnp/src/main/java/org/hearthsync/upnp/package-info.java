/** The names of port forwarding's settings, for the part that writes them (the console's setup wizard). */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.upnp;
