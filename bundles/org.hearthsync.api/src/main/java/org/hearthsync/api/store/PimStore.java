package org.hearthsync.api.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A place where the user's contacts, calendars, tasks and notes live, as collections of vCard and
 * iCalendar resources. Implemented by store adapter bundles (embedded, vdir, CalDAV/CardDAV), each
 * registering one service per configured store with the properties {@link #TYPE} and {@link #NAME}.
 *
 * <p>Every method may be called concurrently. Writes are durable when they return. A store
 * announces changes it did not make through this interface (another program edited a file, the
 * DAV server changed) by posting {@link StoreEvents#TOPIC_CHANGED} on EventAdmin; changes made
 * through this interface are announced too, so every device hears of every change.
 */
@ConsumerType
public interface PimStore {

    /** Service property: the adapter kind, for example {@code embedded}, {@code vdir}, {@code dav}. */
    String TYPE = "store.type";

    /** Service property: the configured name of this store instance, unique among stores. */
    String NAME = "store.name";

    List<CollectionInfo> collections() throws StoreException;

    /** Creates a collection; throws {@link StoreException.Unsupported} where the store cannot. */
    CollectionInfo createCollection(String displayName, DataClass dataClass) throws StoreException;

    void renameCollection(String collectionId, String displayName) throws StoreException;

    /**
     * Sets the colour of a collection (a CSS colour such as {@code #3a87ad}, or {@code null} for none), as DAV clients
     * set it. Phones do not show it, so no change event is needed. Stores that keep a colour override this; the
     * default throws {@link StoreException.Unsupported}.
     */
    default void recolorCollection(String collectionId, String color) throws StoreException {
        throw new StoreException.Unsupported("this store does not keep collection colours");
    }

    /** Deletes a collection and everything in it. */
    void deleteCollection(String collectionId) throws StoreException;

    /** Every resource of a collection, without content. */
    List<ResourceRef> list(String collectionId) throws StoreException;

    Optional<Resource> get(String collectionId, String name) throws StoreException;

    /**
     * Several resources at once; names that do not exist are absent from the result. Adapters
     * with a remote backend answer with one round trip where they can.
     */
    Map<String, Resource> getAll(String collectionId, Collection<String> names) throws StoreException;

    /**
     * Writes a resource if {@code condition} holds and returns its new etag.
     *
     * @throws StoreException.PreconditionFailed if the condition does not hold; nothing was written
     */
    String put(String collectionId, String name, String content, WriteCondition condition) throws StoreException;

    /**
     * Writes several resources of one collection, each as {@link #put} would, with its own condition:
     * an item whose condition does not hold (or that the store refuses) is not written and the others
     * are. Items are applied in order, so a later item sees an earlier one of the same name. Returns one
     * result per write, in the same order.
     *
     * <p>When it returns, every item written is durable and the change was announced (a store may post one
     * {@link StoreEvents#TOPIC_CHANGED} for the whole batch). A crash during the call leaves each item either
     * fully written or not at all; stores that can (the embedded one) write the whole batch or nothing.
     * Stores override this to make a batch cheaper than its puts (one commit, one directory sync); the
     * default calls {@link #put} for each item, for backends that have no batch write (HTTP).
     *
     * @throws StoreException.NotFound    if the collection does not exist
     * @throws StoreException.Unavailable if the store cannot be reached; items before the failure may have
     *                                    been written (each wholly), so the caller reads the collection again
     */
    default List<WriteResult> putAll(String collectionId, List<Write> writes) throws StoreException {
        List<WriteResult> results = new ArrayList<>(writes.size());
        for (Write w : writes) {
            try {
                results.add(WriteResult.written(w.name(), put(collectionId, w.name(), w.content(), w.condition())));
            } catch (StoreException.NotFound | StoreException.Unavailable e) {
                throw e; // the collection or the store, not this item: the rest would fail alike
            } catch (StoreException e) {
                results.add(WriteResult.failed(w.name(), e));
            }
        }
        return results;
    }

    /**
     * Deletes a resource if {@code condition} holds ({@link WriteCondition#create()} is not a
     * valid condition here). Deleting a resource that does not exist throws {@link StoreException.NotFound}.
     */
    void delete(String collectionId, String name, WriteCondition condition) throws StoreException;

    /** The token that names the collection's current state. */
    String syncToken(String collectionId) throws StoreException;

    /**
     * What changed since {@code token}; {@code null} lists everything. The cost is proportional to
     * the number of changes where the backend allows it.
     *
     * @throws StoreException.InvalidSyncToken when the token is unknown or expired
     */
    ChangeSet changesSince(String collectionId, String token) throws StoreException;

    /**
     * The files a store found among its user-edited files and does not take as items, so the user can be told what
     * was left out and why: by collection id (for a folder-backed store, the folder), each file name with the reason
     * (another kind of file, a file holding no event, task or note, one too large). Stores whose content only arrives
     * through this interface or a server leave nothing out this way; the default returns an empty map.
     */
    default Map<String, Map<String, String>> notTaken() throws StoreException {
        return Map.of();
    }
}
