package org.hearthsync.wbxml;

import java.io.IOException;

/**
 * The one exception the codec throws for input it will not accept: malformed WBXML, WBXML that
 * ActiveSync does not use (attributes, literals, extensions), unknown code pages or tags, and
 * documents over a {@link WbxmlLimits} bound. The writer throws it too, for trees it cannot
 * encode. The message says what was wrong and, when reading, at which byte offset.
 *
 * <p>It is checked and extends {@link IOException}, because the codec reads and writes streams:
 * callers that only care "did the body parse" catch {@code IOException}; callers that must answer
 * a client with a protocol error catch this type first. Any other exception escaping the codec is
 * a bug.
 */
public class WbxmlException extends IOException {
    private static final long serialVersionUID = 1L;

    public WbxmlException(String message) {
        super(message);
    }

    public WbxmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
