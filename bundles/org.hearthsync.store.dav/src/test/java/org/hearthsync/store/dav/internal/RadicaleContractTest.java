package org.hearthsync.store.dav.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.PimStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a real Radicale, with sync-collection. */
class RadicaleContractTest extends PimStoreContract {

    @TempDir
    static Path dir;
    static DavServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = DavServer.radicale(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static DavStore.Options options(DavServer server, boolean syncCollection) {
        return new DavStore.Options(server.url(), DavServer.USER, DavServer.PASSWORD, Duration.ofSeconds(30),
                64 * 1024 * 1024, syncCollection, "test");
    }

    @Override
    protected PimStore newStore() {
        return DavStore.create(options(server, true), new DavStore.Listener() {
            @Override
            public void collectionChanged(String collectionId) {
                announced.add(collectionId);
            }

            @Override
            public void hierarchyChanged() {
            }
        });
    }

    private final List<String> announced = new CopyOnWriteArrayList<>();

    @Override
    protected List<String> announcedChanges() {
        return announced;
    }

    @Override
    protected boolean supportsReopen() {
        return true; // the tokens are the server's
    }

    @Override
    protected PimStore reopen(PimStore store) throws Exception {
        close(store);
        return newStore();
    }

    @Override
    protected void assertSameContent(String expected, String actual) {
        DavContent.assertSame(expected, actual);
    }
}
