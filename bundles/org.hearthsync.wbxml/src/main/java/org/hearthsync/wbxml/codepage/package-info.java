/**
 * The ActiveSync WBXML code pages 0..25 (MS-ASWBXML, protocol versions up to 16.1): page numbers,
 * namespace names and tag tokens.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.hearthsync.wbxml.codepage;
