/**
 * The user's way in and out of any store with standard files: {@link org.hearthsync.pim.files.PimFiles}
 * splits .vcf/.ics files into one resource per contact or per event, task or note and writes a collection
 * back as one file; {@link org.hearthsync.pim.files.PimImport} imports into one collection, updating
 * the items whose UID is there already. Shared by the command line ({@code hearth --import/--export}, on
 * the embedded store while Hearth is stopped) and the console (on any store while Hearth runs).
 *
 * <p>1.0.0: moved here from {@code org.hearthsync.api.store.files} 1.2.0 (the API bundle keeps interfaces and
 * value types only), with the same classes and methods.
 *
 * <p>1.1.0: {@link org.hearthsync.pim.files.PimText#vnoteAsCalendar} (a vNote under a given UID, for the vdir store's
 * {@code .vnt} files).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.hearthsync.pim.files;
