package org.hearthsync.wbxml.xml;

/** How {@link XmlBridge} writes XML. Reading accepts every dialect. */
public enum XmlDialect {
    /**
     * MS-ASWBXML tag names, namespaces {@code "AirSync:"} etc. declared as the default namespace
     * wherever the page changes, opaque content as base64.
     */
    ACTIVESYNC,
    /**
     * What {@code wbxml2xml -l ACTIVESYNC} (libwbxml 0.11.8) prints and {@code xml2wbxml} reads:
     * its tag spellings, its DOCTYPE, conversation ids as base64 and other opaque content as text
     * when it is valid UTF-8.
     */
    LIBWBXML
}
