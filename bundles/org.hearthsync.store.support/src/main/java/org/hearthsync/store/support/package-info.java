/**
 * What the store adapters share: {@link org.hearthsync.store.support.ForwardingPimStore}, the
 * {@link org.hearthsync.api.store.PimStore} a store component registers while the real store behind it may be
 * replaced, and {@link org.hearthsync.store.support.StoreEventPoster}, which posts the
 * {@link org.hearthsync.api.store.StoreEvents} on EventAdmin. Store adapters extend ForwardingPimStore, so an
 * abstract method added to it is a major change of this package, a forwarding method added for a new PimStore
 * method a minor one.
 *
 * <p>1.0.0: moved here from {@code org.hearthsync.api.store} 1.4.0 (the API bundle keeps interfaces and value
 * types only), with the same classes and methods. 1.1.0: ForwardingPimStore forwards
 * {@link org.hearthsync.api.store.PimStore#notTaken()}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.store.support;
