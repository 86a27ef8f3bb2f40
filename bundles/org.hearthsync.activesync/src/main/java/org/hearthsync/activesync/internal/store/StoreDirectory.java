package org.hearthsync.activesync.internal.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hearthsync.api.store.PimStore;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The stores present right now, by their {@link PimStore#NAME}. Stores come and go (a plugin is
 * updated, a DAV store is reconfigured); a request takes the store once and uses that one.
 */
@Component(service = StoreDirectory.class)
public class StoreDirectory {
    private final Map<String, PimStore> byName = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "updatedStore")
    void addStore(PimStore store, Map<String, Object> props) {
        Object name = props.get(PimStore.NAME);
        if (name != null) {
            byName.put(name.toString(), store);
        }
    }

    void updatedStore(PimStore store, Map<String, Object> props) {
        byName.values().removeIf(s -> s == store);
        addStore(store, props);
    }

    void removeStore(PimStore store, Map<String, Object> props) {
        Object name = props.get(PimStore.NAME);
        if (name != null) {
            byName.remove(name.toString(), store);
        }
    }

    public Optional<PimStore> store(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** For tests and for wiring outside OSGi. */
    public void put(String name, PimStore store) {
        byName.put(name, store);
    }

    public void remove(String name) {
        byName.remove(name);
    }
}
