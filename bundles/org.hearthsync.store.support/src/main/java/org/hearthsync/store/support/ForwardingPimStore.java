package org.hearthsync.store.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.Write;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.store.WriteResult;

/**
 * A {@link PimStore} that forwards every call to the store it holds now. Store adapters register
 * this as their DS component and keep the real store behind it, so a reconfiguration can replace
 * or close the store while the service stays registered; {@link #delegate()} throws
 * {@link StoreException.Unavailable} while there is none, which phones see as "try again later".
 */
public abstract class ForwardingPimStore implements PimStore {

    /** The store to forward to now. */
    protected abstract PimStore delegate() throws StoreException;

    @Override
    public List<CollectionInfo> collections() throws StoreException {
        return delegate().collections();
    }

    @Override
    public CollectionInfo createCollection(String displayName, DataClass dataClass) throws StoreException {
        return delegate().createCollection(displayName, dataClass);
    }

    @Override
    public void renameCollection(String collectionId, String displayName) throws StoreException {
        delegate().renameCollection(collectionId, displayName);
    }

    @Override
    public void recolorCollection(String collectionId, String color) throws StoreException {
        delegate().recolorCollection(collectionId, color);
    }

    @Override
    public void deleteCollection(String collectionId) throws StoreException {
        delegate().deleteCollection(collectionId);
    }

    @Override
    public List<ResourceRef> list(String collectionId) throws StoreException {
        return delegate().list(collectionId);
    }

    @Override
    public Optional<Resource> get(String collectionId, String name) throws StoreException {
        return delegate().get(collectionId, name);
    }

    @Override
    public Map<String, Resource> getAll(String collectionId, Collection<String> names) throws StoreException {
        return delegate().getAll(collectionId, names);
    }

    @Override
    public String put(String collectionId, String name, String content, WriteCondition condition) throws StoreException {
        return delegate().put(collectionId, name, content, condition);
    }

    @Override
    public List<WriteResult> putAll(String collectionId, List<Write> writes) throws StoreException {
        return delegate().putAll(collectionId, writes);
    }

    @Override
    public void delete(String collectionId, String name, WriteCondition condition) throws StoreException {
        delegate().delete(collectionId, name, condition);
    }

    @Override
    public String syncToken(String collectionId) throws StoreException {
        return delegate().syncToken(collectionId);
    }

    @Override
    public ChangeSet changesSince(String collectionId, String token) throws StoreException {
        return delegate().changesSince(collectionId, token);
    }

    @Override
    public Map<String, Map<String, String>> notTaken() throws StoreException {
        return delegate().notTaken();
    }
}
