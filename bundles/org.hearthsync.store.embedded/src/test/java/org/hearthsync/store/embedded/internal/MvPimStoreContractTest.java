package org.hearthsync.store.embedded.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.PimStoreContract;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, run against the embedded store. */
class MvPimStoreContractTest extends PimStoreContract {

    @TempDir
    Path dir;

    private final List<String> announced = new CopyOnWriteArrayList<>();
    private final ChangeListener listener = new ChangeListener() {
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

    private Path file() {
        return dir.resolve("store").resolve("contract.mv.db");
    }

    @Override
    protected PimStore newStore() throws Exception {
        return MvPimStore.open(file(), StoreOptions.defaults(), listener);
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
