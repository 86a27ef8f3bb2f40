package org.hearthsync.store.vdir.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.PimStoreContract;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, run against the vdir store (with its watcher running). */
class VdirStoreContractTest extends PimStoreContract {

    @TempDir
    Path dir;

    private final List<String> announced = new CopyOnWriteArrayList<>();
    private final VdirStore.Listener listener = new VdirStore.Listener() {
        @Override
        public void collectionChanged(String collectionId) {
            announced.add(collectionId);
        }

        @Override
        public void hierarchyChanged() {
        }
    };

    @Override
    protected List<String> announcedChanges() {
        return announced;
    }

    @Override
    protected PimStore newStore() throws Exception {
        return VdirStore.open(dir.resolve("vdir"), dir.resolve("state").resolve("vdir.state"),
                VdirStore.Options.defaults(), listener);
    }

    @Override
    protected boolean supportsReopen() {
        return true;
    }

    @Override
    protected PimStore reopen(PimStore store) throws Exception {
        close(store);
        return newStore();
    }
}
