/**
 * The store SPI: collections of vCard and iCalendar resources with etags and sync tokens, and the change events stores publish. Store adapters implement {@link org.hearthsync.api.store.PimStore}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.hearthsync.api.store;
