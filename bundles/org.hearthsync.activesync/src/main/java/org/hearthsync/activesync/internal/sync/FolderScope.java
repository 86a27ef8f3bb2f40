package org.hearthsync.activesync.internal.sync;

import org.hearthsync.api.store.PimStore;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.PimMapper;

/**
 * The folder one run works on, the same for all its steps: the store collection, the loaded state,
 * the mapper of the collection's class and this phone's mapping options, and the key counter of the
 * request.
 */
record FolderScope(FolderTarget target, FolderState state, PimMapper mapper, MappingOptions options, int generation) {
    FolderScope(FolderTarget target, FolderState state, MappingOptions options, int generation) {
        this(target, state, target.mapper(), options, generation);
    }

    PimStore store() {
        return target.store();
    }

    String collection() {
        return target.collectionId();
    }
}
