package org.hearthsync.store.dav.internal;

import java.nio.file.Path;

import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.PimStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against Radicale with sync-collection switched off: the ctag/etag fallback, with
 * its snapshots kept in a token file so that tokens survive a restart (the reopen test).
 */
class RadicaleFallbackContractTest extends PimStoreContract {

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

    @Override
    protected PimStore newStore() {
        DavStore.Options o = RadicaleContractTest.options(server, false);
        return DavStore.create(new DavStore.Options(o.url(), o.user(), o.password(), o.timeout(), o.maxResponseBytes(),
                false, o.storeName(), dir.resolve("tokens").resolve("test.tokens.mv.db")), null);
    }

    @Override
    protected boolean supportsReopen() {
        return true; // the snapshots behind the tokens are in the token file
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
