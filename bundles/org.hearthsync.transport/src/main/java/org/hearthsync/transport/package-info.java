/**
 * How other bundles put servlets on Hearth's listeners: the HTTP Whiteboard target filters of the
 * public listener (EAS over TLS and the plain setup port), of the loopback console listener and of the optional
 * loopback-only plain-HTTP DAV listener; how those servlets refuse a request before reading its body
 * ({@link Refusals}); and {@link org.hearthsync.transport.ServletIo}, how they read a request's body and write
 * an answer.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.hearthsync.transport;
