/**
 * The embedded store as a file: {@link org.hearthsync.store.embedded.EmbeddedStoreFile} opens it while
 * Hearth is stopped (the command line's import and export, which use
 * {@link org.hearthsync.pim.files.PimFiles} like the console does).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package org.hearthsync.store.embedded;
