package org.hearthsync.api.account;

import java.util.List;
import java.util.Objects;

/**
 * An account phones sign in with.
 *
 * @param userName     the name typed on the phone; compared case-insensitively
 * @param emailAddress the address the phone's account is created with ({@code user@dnsname})
 * @param storeName    the {@link org.hearthsync.api.store.PimStore#NAME} of the store the account syncs
 * @param collections  ids of the store's collections the account's phones see; empty means all
 */
public record Account(String userName, String emailAddress, String storeName, List<String> collections) {
    public Account {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(emailAddress, "emailAddress");
        Objects.requireNonNull(storeName, "storeName");
        collections = List.copyOf(collections);
    }
}
