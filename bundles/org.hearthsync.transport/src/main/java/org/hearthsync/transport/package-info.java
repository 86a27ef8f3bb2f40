/**
 * How other bundles put servlets on Hearth's listeners: the HTTP Whiteboard target filters of the
 * public listener (EAS over TLS and the plain setup port) and of the loopback console listener.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.hearthsync.transport;
