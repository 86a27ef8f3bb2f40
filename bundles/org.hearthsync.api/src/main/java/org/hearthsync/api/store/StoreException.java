package org.hearthsync.api.store;

/**
 * A store operation failed. The subclass says whether the caller should retry, resync or give up;
 * a plain {@code StoreException} is a permanent failure of that one operation.
 */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The write's {@link WriteCondition} did not hold: someone else changed or created it first. */
    public static final class PreconditionFailed extends StoreException {
        private static final long serialVersionUID = 1L;

        public PreconditionFailed(String message) {
            super(message);
        }
    }

    /** The collection or resource does not exist. */
    public static final class NotFound extends StoreException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message) {
            super(message);
        }
    }

    /** The store cannot be reached now (server down, disk unmounted); retry later, nothing changed. */
    public static final class Unavailable extends StoreException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The sync token is unknown or too old; the caller must list the collection in full. */
    public static final class InvalidSyncToken extends StoreException {
        private static final long serialVersionUID = 1L;

        public InvalidSyncToken(String message) {
            super(message);
        }
    }

    /** The store does not support this operation (for example creating collections). */
    public static final class Unsupported extends StoreException {
        private static final long serialVersionUID = 1L;

        public Unsupported(String message) {
            super(message);
        }
    }

    /**
     * The resource is larger than the store accepts: a permanent refusal of this one write (a client
     * must not send it again unchanged), distinct from a failure worth retrying.
     */
    public static final class TooLarge extends StoreException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String message) {
            super(message);
        }
    }
}
