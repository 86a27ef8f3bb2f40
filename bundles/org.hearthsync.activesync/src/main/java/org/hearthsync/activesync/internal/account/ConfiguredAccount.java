package org.hearthsync.activesync.internal.account;

import java.util.List;
import java.util.Locale;

import org.hearthsync.api.account.Account;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One account, one factory configuration ({@code org.hearthsync.account-NAME.cfg}). A changed
 * configuration (another store, other collections, a new password) is taken in place: the account
 * never disappears in between, so no phone is refused while a file is rewritten.
 */
@Component(service = ConfiguredAccount.class, configurationPid = ConfiguredAccount.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AccountConfig.class, factory = true)
public final class ConfiguredAccount {
    public static final String FACTORY_PID = org.hearthsync.activesync.settings.AccountSettings.FACTORY_PID;

    private volatile Account account;
    private volatile String passwordHash;

    @Activate
    public ConfiguredAccount(AccountConfig config, LegacyPasswordHash legacy) {
        this(config.user_name(), config.email_address(), passwordHash(config, legacy), config.store_name(),
                List.of(config.collections()));
    }

    ConfiguredAccount(String userName, String email, String passwordHash, String storeName, List<String> collections) {
        set(userName, email, passwordHash, storeName, collections);
    }

    /** A changed configuration; the registry re-files the account when its service properties change. */
    @Modified
    void modified(AccountConfig config, LegacyPasswordHash legacy) {
        set(config.user_name(), config.email_address(), passwordHash(config, legacy), config.store_name(),
                List.of(config.collections()));
    }

    /** The private {@code .password.hash}, else the public name of earlier versions until it is rewritten. */
    static String passwordHash(AccountConfig config, LegacyPasswordHash legacy) {
        String current = config._password_hash();
        if (current != null && !current.isBlank()) {
            return current;
        }
        return legacy == null || legacy.password_hash() == null ? "" : legacy.password_hash();
    }

    void set(String userName, String email, String passwordHash, String storeName, List<String> collections) {
        if (userName == null || userName.isBlank()) {
            throw new IllegalArgumentException("an account needs a user name");
        }
        String name = userName.trim();
        this.passwordHash = passwordHash == null ? "" : passwordHash.trim();
        this.account = new Account(name, email == null || email.isBlank() ? name : email.trim(),
                storeName == null || storeName.isBlank() ? "default" : storeName.trim(), collections);
    }

    Account account() {
        return account;
    }

    String passwordHash() {
        return passwordHash;
    }

    String key() {
        return account.userName().toLowerCase(Locale.ROOT);
    }
}
