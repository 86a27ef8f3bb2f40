/**
 * {@link org.hearthsync.ddns.support.Dyndns2}: the dyndns2 protocol's answers and HTTP pieces, shared by the
 * provider plugins that speak it. A library package: the provider bundles call it, nothing implements it.
 *
 * <p>1.0.0: moved here from {@code org.hearthsync.api.ddns} 1.3.0 (the API bundle keeps interfaces and value
 * types only), with the same methods.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.ddns.support;
