/**
 * The ActiveSync endpoint as a service. The transport registers the {@code /Microsoft-Server-ActiveSync}
 * servlet once, for as long as the public listener runs, and hands each request to whichever
 * {@link org.hearthsync.api.eas.EasEndpoint} the protocol engine currently provides; while none is
 * there it answers 503 with Retry-After. An engine restart or update therefore swaps a service
 * reference, never the servlet a phone's request is already being dispatched to.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.api.eas;
