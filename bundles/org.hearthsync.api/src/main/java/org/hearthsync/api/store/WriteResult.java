package org.hearthsync.api.store;

import java.util.Objects;

/**
 * What became of one {@link Write} of a batch: written with its new etag, or not written and why.
 *
 * @param name    the resource's name, as in the write
 * @param etag    the resource's etag after the batch; {@code null} when it was not written
 * @param failure why it was not written ({@link StoreException.PreconditionFailed} when its condition did not
 *                hold, a plain {@link StoreException} when the store refused it); {@code null} when it was
 */
public record WriteResult(String name, String etag, StoreException failure) {
    public WriteResult {
        Objects.requireNonNull(name, "name");
        if ((etag == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of etag and failure");
        }
    }

    public static WriteResult written(String name, String etag) {
        return new WriteResult(name, etag, null);
    }

    public static WriteResult failed(String name, StoreException failure) {
        return new WriteResult(name, null, failure);
    }

    public boolean ok() {
        return failure == null;
    }

    /** The etag, or the failure thrown: what {@link PimStore#put} answers, for a store that puts as a batch of one. */
    public String etagOrThrow() throws StoreException {
        if (failure != null) {
            throw failure;
        }
        return etag;
    }
}
