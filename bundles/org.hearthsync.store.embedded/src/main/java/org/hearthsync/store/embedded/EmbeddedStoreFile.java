package org.hearthsync.store.embedded;

import java.nio.file.Path;

import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.store.embedded.internal.MvPimStore;

/**
 * The embedded store's file opened directly, without the framework: for the command line's import
 * and export while Hearth is stopped. The file is locked while open, so a running Hearth and this
 * never write at once.
 */
public final class EmbeddedStoreFile {

    /** An open store; close it to release the file. */
    public interface Handle extends PimStore, AutoCloseable {
        @Override
        void close();
    }

    private EmbeddedStoreFile() {
    }

    /** Where the store named {@code storeName} keeps its file under the data folder (default settings). */
    public static Path file(Path dataFolder, String storeName) {
        return dataFolder.resolve("store").resolve(storeName + ".mv.db");
    }

    /**
     * Opens the store's file, creating it with the default collections when it does not exist.
     *
     * @throws StoreException.Unavailable when the file is in use (Hearth is running) or unreadable
     */
    public static Handle open(Path dataFolder, String storeName) throws StoreException {
        return MvPimStore.openHandle(file(dataFolder, storeName));
    }
}
