/**
 * WBXML 1.3 as Exchange ActiveSync uses it (MS-ASWBXML): a bounded reader, a writer and the
 * ActiveSync code pages. No OSGi runtime dependency, so it is usable and testable on its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.wbxml;
