package org.hearthsync.api.account;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The accounts of this server and their credentials. Passwords are kept only as slow salted hashes. */
@ProviderType
public interface AccountRegistry {

    List<Account> accounts();

    /** Finds an account by the user name a phone sent, with or without a {@code DOMAIN\} prefix or {@code @host} suffix. */
    Optional<Account> find(String userName);

    /**
     * Checks a user name and password. The password array is cleared before returning.
     *
     * @return the account, when both the name and the password match
     */
    Optional<Account> authenticate(String userName, char[] password);

    /**
     * A number that changes whenever an account is added, changed or removed, so that callers caching
     * verified credentials (org.hearthsync.auth.CredentialCache) drop them; a registry that cannot tell returns 0.
     */
    default long version() {
        return 0L;
    }
}
