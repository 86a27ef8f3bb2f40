package org.hearthsync.activesync.internal.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.hearthsync.activesync.settings.AccountSettings;
import org.junit.jupiter.api.Test;

/** An account saved by an older version (hash under the public {@code password.hash}) keeps signing in, and moves. */
class LegacyPasswordHashTest {

    @Test
    void theOldNameIsReadOnlyWhenTheNewOneIsMissing() {
        assertEquals("old", ConfiguredAccount.passwordHash(config(Map.of()), legacy("old")));
        assertEquals("new", ConfiguredAccount.passwordHash(config(Map.of("_password_hash", "new")), legacy("old")));
        assertEquals("", ConfiguredAccount.passwordHash(config(Map.of()), legacy("")));
        assertEquals("", ConfiguredAccount.passwordHash(config(Map.of()), null));
    }

    @Test
    void theRewriteMovesTheHashAndKeepsTheRest() {
        Dictionary<String, Object> old = new Hashtable<>();
        old.put("user.name", "keeper");
        old.put("store.name", "default");
        old.put(AccountSettings.LEGACY_PASSWORD_HASH, "pbkdf2-sha256$1$a$b");
        Dictionary<String, Object> moved = LegacyAccountRewriter.moved(old);
        assertEquals("pbkdf2-sha256$1$a$b", moved.get(AccountSettings.PASSWORD_HASH));
        assertNull(moved.get(AccountSettings.LEGACY_PASSWORD_HASH));
        assertEquals("keeper", moved.get("user.name"));
        assertEquals("default", moved.get("store.name"));
        assertEquals(3, moved.size());
        assertNull(LegacyAccountRewriter.moved(moved), "nothing left to move: no endless rewrite");
    }

    @Test
    void aNewerHashUnderTheNewNameWins() {
        Dictionary<String, Object> both = new Hashtable<>();
        both.put(AccountSettings.LEGACY_PASSWORD_HASH, "old");
        both.put(AccountSettings.PASSWORD_HASH, "new");
        Dictionary<String, Object> moved = LegacyAccountRewriter.moved(both);
        assertEquals("new", moved.get(AccountSettings.PASSWORD_HASH));
        assertNull(moved.get(AccountSettings.LEGACY_PASSWORD_HASH));
    }

    private static AccountConfig config(Map<String, String> values) {
        return (AccountConfig) Proxy.newProxyInstance(AccountConfig.class.getClassLoader(), new Class<?>[] { AccountConfig.class },
                (proxy, method, args) -> method.getReturnType() == String.class ? values.getOrDefault(method.getName(), "")
                        : method.getDefaultValue());
    }

    private static LegacyPasswordHash legacy(String value) {
        return (LegacyPasswordHash) Proxy.newProxyInstance(LegacyPasswordHash.class.getClassLoader(),
                new Class<?>[] { LegacyPasswordHash.class }, (proxy, method, args) -> value);
    }
}
