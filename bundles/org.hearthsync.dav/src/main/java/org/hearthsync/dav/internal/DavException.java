package org.hearthsync.dav.internal;

/**
 * The one way a DAV request fails: an HTTP status, optionally with the precondition element RFC 4918 section 16
 * (and the CalDAV/CardDAV/sync specifications) define for it, written as a {@code DAV:error} body. The message is
 * for the log and the plain-text body; it never holds item content or credentials.
 */
public final class DavException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String conditionNs;
    private final String condition;
    private final String href;

    public DavException(int status, String message) {
        this(status, null, null, message);
    }

    public DavException(int status, String conditionNs, String condition, String message) {
        this(status, conditionNs, condition, null, message);
    }

    /** A precondition naming a resource, as {@code no-uid-conflict} names the item that has the UID already. */
    public DavException(int status, String conditionNs, String condition, String href, String message) {
        super(message, null, false, false);
        this.status = status;
        this.conditionNs = conditionNs;
        this.condition = condition;
        this.href = href;
    }

    public int status() {
        return status;
    }

    /** The namespace of the precondition element, or {@code null} when there is none. */
    public String conditionNs() {
        return conditionNs;
    }

    public String condition() {
        return condition;
    }

    /** The DAV:href inside the precondition element, or {@code null}. */
    public String href() {
        return href;
    }

    static DavException badRequest(String message) {
        return new DavException(400, message);
    }
}
