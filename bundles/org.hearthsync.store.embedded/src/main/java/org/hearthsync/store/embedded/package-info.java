/**
 * Working with stores as files: {@link org.hearthsync.store.embedded.PimFiles} imports .vcf/.ics
 * files into any store's collection and exports a collection as one file, and
 * {@link org.hearthsync.store.embedded.EmbeddedStoreFile} opens the embedded store's file while
 * Hearth is stopped (the command line's import and export).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.store.embedded;
