package org.hearthsync.activesync.internal.account;

/**
 * The hash under the name earlier versions wrote, {@code password.hash}: a public component property, so DS also
 * made it a property of the account's service, readable by any bundle. Read only when {@code .password.hash} is
 * empty; {@link LegacyAccountRewriter} moves it to the new name in the configuration.
 */
@interface LegacyPasswordHash {
    // no default: a default would be a component property, published as an empty password.hash on every account
    String password_hash();
}
