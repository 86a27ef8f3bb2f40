package org.hearthsync.dav.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;

/**
 * What one signed-in account sees over DAV: the collections of its store that its {@code collections} setting
 * offers (all when empty, as for its phones), each at its URL.
 */
final class Space {
    final Account account;
    final String storeName;
    final PimStore store;
    final Aliases aliases;

    Space(Account account, String storeName, PimStore store, Aliases aliases) {
        this.account = account;
        this.storeName = storeName;
        this.store = store;
        this.aliases = aliases;
    }

    String user() {
        return account.userName();
    }

    List<CollectionInfo> collections() throws StoreException {
        List<CollectionInfo> out = new ArrayList<>();
        for (CollectionInfo c : store.collections()) {
            if (visible(c.id())) {
                out.add(c);
            }
        }
        return out;
    }

    boolean visible(String id) {
        return account.collections().isEmpty() || account.collections().contains(id);
    }

    /** The collection a URL segment names, if this account sees it. */
    Optional<CollectionInfo> collection(String segment) throws StoreException {
        String id = aliases.id(storeName, segment).orElse(Hrefs.idOf(segment));
        if (!visible(id)) {
            return Optional.empty();
        }
        for (CollectionInfo c : store.collections()) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    String segment(CollectionInfo c) {
        return aliases.segment(storeName, c.id()).orElse(Hrefs.segmentOf(c.id()));
    }

    String href(CollectionInfo c) {
        return Hrefs.collection(user(), segment(c));
    }

    String itemHref(CollectionInfo c, String name) {
        return Hrefs.item(user(), segment(c), name);
    }

    static boolean isCalendar(CollectionInfo c) {
        return c.dataClass() != DataClass.CONTACTS;
    }
}
