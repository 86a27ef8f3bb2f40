/**
 * The store SPI: collections of vCard and iCalendar resources with etags and sync tokens, and the change events stores publish. Store adapters implement {@link org.hearthsync.api.store.PimStore}.
 *
 * <p>2.0.0 moved the implementation classes ForwardingPimStore and StoreEventPoster out of the API, unchanged, to
 * {@code org.hearthsync.store.support} (bundle org.hearthsync.store.support); the standard-files package
 * {@code org.hearthsync.api.store.files} moved to {@code org.hearthsync.pim.files} (bundle org.hearthsync.pim.files).
 * 2.1.0 added {@link org.hearthsync.api.store.PimStore#notTaken()}, a default method, so existing stores still compile.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package org.hearthsync.api.store;
