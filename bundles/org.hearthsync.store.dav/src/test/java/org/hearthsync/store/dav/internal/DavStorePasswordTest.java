package org.hearthsync.store.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The server password is a private component property (".password"), so DS never copies it into the store's service
 * properties; the name earlier builds wrote ("password") is still read, so an existing store keeps signing in.
 */
class DavStorePasswordTest {

    @Test
    void theNewNameWinsAndTheOldNameIsStillRead() {
        LegacyPassword old = legacy("old secret");
        assertEquals("new secret", DavPimStore.password(DavStoreTest.config(Map.of("url", "https://x/", "_password", "new secret")), old));
        assertEquals("old secret", DavPimStore.password(DavStoreTest.config(Map.of("url", "https://x/")), old));
        assertEquals("", DavPimStore.password(DavStoreTest.config(Map.of("url", "https://x/")), null));
    }

    @Test
    void theConfigurationTypeHasOnlyThePrivateName() {
        // DS maps the method _password to the property ".password" (a leading "_" becomes "."); bnd's metatype, and
        // so the console's form, lists the same names, and private properties never become service properties
        var names = java.util.Arrays.stream(DavStoreConfig.class.getDeclaredMethods()).map(m -> m.getName()).toList();
        assertTrue(names.contains("_password"), names.toString());
        assertTrue(names.stream().filter(n -> n.toLowerCase(java.util.Locale.ROOT).contains("password"))
                .allMatch(n -> n.startsWith("_")), "a public password property: " + names);
    }

    private static LegacyPassword legacy(String value) {
        return (LegacyPassword) java.lang.reflect.Proxy.newProxyInstance(LegacyPassword.class.getClassLoader(),
                new Class<?>[] { LegacyPassword.class }, (proxy, method, args) -> value);
    }
}
