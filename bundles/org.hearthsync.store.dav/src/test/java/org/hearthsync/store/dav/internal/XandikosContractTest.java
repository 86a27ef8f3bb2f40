package org.hearthsync.store.dav.internal;

import java.nio.file.Path;

import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.PimStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a real Xandikos (a second server, git-backed, with sync-collection). */
class XandikosContractTest extends PimStoreContract {

    @TempDir
    static Path dir;
    static DavServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = DavServer.xandikos(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected PimStore newStore() {
        return DavStore.create(RadicaleContractTest.options(server, true), null);
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

    @Override
    protected void assertSameContent(String expected, String actual) {
        DavContent.assertSame(expected, actual);
    }
}
