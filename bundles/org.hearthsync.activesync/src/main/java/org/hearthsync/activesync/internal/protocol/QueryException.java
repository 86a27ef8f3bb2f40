package org.hearthsync.activesync.internal.protocol;

/** The request URI's query is not a valid EAS query (MS-ASHTTP 2.2.1.1.1); the client gets HTTP 400. */
public final class QueryException extends Exception {
    private static final long serialVersionUID = 1L;

    public QueryException(String message) {
        super(message);
    }
}
