package org.hearthsync.store.embedded.internal;

import java.nio.file.Path;

import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.PimStoreContract;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, run against the embedded store. */
class MvPimStoreContractTest extends PimStoreContract {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("store").resolve("contract.mv.db");
    }

    @Override
    protected PimStore newStore() throws Exception {
        return MvPimStore.open(file(), StoreOptions.defaults(), null);
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
