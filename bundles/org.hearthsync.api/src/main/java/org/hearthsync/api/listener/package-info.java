/**
 * Hearth's listeners as a fact the transport publishes: which ports it listens on, on which
 * address, and which speaks TLS. Other bundles (port forwarding, the console) reference the
 * {@link org.hearthsync.api.listener.ListenerPorts} service instead of reading the transport's
 * configuration, so a renamed setting is the transport's own business.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.api.listener;
