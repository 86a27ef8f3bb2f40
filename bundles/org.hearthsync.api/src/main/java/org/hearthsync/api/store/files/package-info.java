/**
 * The user's way in and out of any store with standard files: {@link org.hearthsync.api.store.files.PimFiles}
 * splits .vcf/.ics files into one resource per contact or per event, task or note and writes a collection
 * back as one file; {@link org.hearthsync.api.store.files.PimImport} imports into one collection, updating
 * the items whose UID is there already. Shared by the command line ({@code hearth --import/--export}, on
 * the embedded store while Hearth is stopped) and the console (on any store while Hearth runs).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.hearthsync.api.store.files;
