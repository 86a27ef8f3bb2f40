package org.hearthsync.activesync.internal.account;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.auth.PasswordHash;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts, from their configurations. Phones send the user name as {@code user},
 * {@code DOMAIN\\user} or {@code user@host}; all three mean the same account.
 */
@Component
public final class AccountRegistryImpl implements AccountRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AccountRegistryImpl.class);

    /**
     * Checked when the user is unknown, so a wrong name costs as long as a wrong password: the stored form with
     * the same iterations and a random salt and hash that no password derives to. Not made with
     * {@link PasswordHash#hash}: its 210,000 rounds cost a third of a second of every start (JFR, BENCHMARK.md).
     */
    static final String DUMMY_HASH = unmatchable();

    private final Map<String, ConfiguredAccount> accounts = new ConcurrentHashMap<>();
    /** Moves on every account added, changed or removed: caches of verified credentials start over. */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "updatedAccount")
    void addAccount(ConfiguredAccount a) {
        version.incrementAndGet();
        ConfiguredAccount previous = accounts.putIfAbsent(a.key(), a);
        if (previous != null && previous != a) {
            LOG.warn("two accounts are named '{}'; the second is ignored", a.account().userName());
        }
    }

    /** The account's configuration changed in place (its store, its password, perhaps its name). */
    void updatedAccount(ConfiguredAccount a) {
        accounts.entrySet().removeIf(e -> e.getValue() == a && !e.getKey().equals(a.key()));
        ConfiguredAccount previous = accounts.putIfAbsent(a.key(), a);
        if (previous != null && previous != a) {
            LOG.warn("two accounts are named '{}'; the second is ignored", a.account().userName());
        }
        version.incrementAndGet();
    }

    void removeAccount(ConfiguredAccount a) {
        accounts.values().removeIf(v -> v == a);
        version.incrementAndGet();
    }

    /** A number that changes whenever an account is added, changed or removed. */
    @Override
    public long version() {
        return version.get();
    }

    @Override
    public List<Account> accounts() {
        return accounts.values().stream().map(ConfiguredAccount::account)
                .sorted(Comparator.comparing(Account::userName)).toList();
    }

    @Override
    public Optional<Account> find(String userName) {
        return Optional.ofNullable(accounts.get(normalize(userName))).map(ConfiguredAccount::account);
    }

    @Override
    public Optional<Account> authenticate(String userName, char[] password) {
        try {
            ConfiguredAccount a = accounts.get(normalize(userName));
            if (a == null || a.passwordHash().isEmpty()) {
                PasswordHash.verify(password, DUMMY_HASH);
                return Optional.empty();
            }
            return PasswordHash.verify(password, a.passwordHash()) ? Optional.of(a.account()) : Optional.empty();
        } finally {
            PasswordHash.clear(password);
        }
    }

    private static String unmatchable() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] salt = new byte[16];
        byte[] hash = new byte[32];
        random.nextBytes(salt);
        random.nextBytes(hash);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder().withoutPadding();
        return PasswordHash.SCHEME + "$" + PasswordHash.ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** The bare, lower-case user name of {@code user}, {@code DOMAIN\\user} or {@code user@host}. */
    static String normalize(String userName) {
        if (userName == null) {
            return "";
        }
        String n = userName.trim();
        int backslash = n.lastIndexOf('\\');
        if (backslash >= 0) {
            n = n.substring(backslash + 1);
        }
        int at = n.indexOf('@');
        if (at >= 0) {
            n = n.substring(0, at);
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
