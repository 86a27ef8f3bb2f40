package org.hearthsync.wbxml;

/**
 * Receives a document as events, so a large document (a Sync with thousands of items) can be
 * processed without building a tree. Every method has a no-op default; implement the ones you
 * need. Namespace and name are the code page name and tag name from the code page tables (the
 * same String instances every time, so {@code ==} comparison is safe but {@code equals} is
 * recommended).
 *
 * <p>An element without content produces {@code startElement} immediately followed by
 * {@code endElement}. Text may arrive in more than one call for one element (STR_I followed by
 * STR_T). A handler may throw {@link WbxmlException} to stop parsing.
 */
public interface WbxmlHandler {

    default void startElement(String namespace, String name) throws WbxmlException {
    }

    default void endElement(String namespace, String name) throws WbxmlException {
    }

    default void text(String text) throws WbxmlException {
    }

    /** OPAQUE content; the array belongs to the handler. */
    default void opaque(byte[] data) throws WbxmlException {
    }
}
