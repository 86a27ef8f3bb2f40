package org.hearthsync.store.dav.internal;

/**
 * The password under the name earlier builds wrote, {@code password}: a public component property, so it was also a
 * property of the store's service, readable by any bundle. Read only when {@code .password} is empty; not in the
 * metatype, so the console never offers it and saving the store writes the new name.
 */
@interface LegacyPassword {
    // no default: a default would be a component property, published as an empty password on every DAV store
    String password();
}
