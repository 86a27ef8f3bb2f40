package org.hearthsync.activesync.internal.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hearthsync.auth.PasswordHash;
import org.junit.jupiter.api.Test;

class AccountRegistryImplTest {

    private final AccountRegistryImpl registry = new AccountRegistryImpl();

    AccountRegistryImplTest() {
        registry.addAccount(new ConfiguredAccount("Alice", "alice@home.example", PasswordHash.hash("pw1".toCharArray()),
                "default", List.of()));
    }

    @Test
    void userNameFormsAllFindTheAccount() {
        for (String form : List.of("alice", "ALICE", "HOME\\alice", "alice@home.example", " alice ")) {
            assertEquals("Alice", registry.find(form).orElseThrow().userName(), form);
        }
    }

    @Test
    void bothNameAndPasswordAreChecked() {
        assertTrue(registry.authenticate("alice@home.example", "pw1".toCharArray()).isPresent());
        assertTrue(registry.authenticate("alice", "pw2".toCharArray()).isEmpty());
        assertTrue(registry.authenticate("bob", "pw1".toCharArray()).isEmpty());
        assertTrue(registry.authenticate(null, "pw1".toCharArray()).isEmpty());
    }

    @Test
    void passwordArrayIsCleared() {
        char[] pw = "pw1".toCharArray();
        registry.authenticate("alice", pw);
        assertEquals("\0\0\0", new String(pw));
    }

    @Test
    void accountWithoutPasswordCannotSignIn() {
        registry.addAccount(new ConfiguredAccount("carol", "", "", "default", List.of()));
        assertTrue(registry.authenticate("carol", "".toCharArray()).isEmpty());
        assertEquals("carol", registry.find("carol").orElseThrow().emailAddress());
    }

    @Test
    void removedAccountIsGone() {
        ConfiguredAccount bob = new ConfiguredAccount("bob", "", "", "default", List.of());
        registry.addAccount(bob);
        registry.removeAccount(bob);
        assertTrue(registry.find("bob").isEmpty());
    }

    @Test
    void aChangedConfigurationIsTakenInPlaceWithoutAGap() {
        ConfiguredAccount dave = new ConfiguredAccount("dave", "", PasswordHash.hash("pw".toCharArray()), "default", List.of());
        registry.addAccount(dave);
        long before = registry.version();
        dave.set("dave", "", PasswordHash.hash("pw".toCharArray()), "khal", List.of("contacts"));
        assertEquals("khal", registry.find("dave").orElseThrow().storeName(), "seen at once, the account never gone");
        registry.updatedAccount(dave);
        assertTrue(registry.version() > before, "cached credentials start over");
        assertEquals(List.of("contacts"), registry.find("dave").orElseThrow().collections());
        assertTrue(registry.authenticate("dave", "pw".toCharArray()).isPresent());

        dave.set("david", "", "", "khal", List.of());
        registry.updatedAccount(dave);
        assertTrue(registry.find("dave").isEmpty(), "a renamed account is filed under its new name");
        assertEquals("david", registry.find("david").orElseThrow().userName());
        registry.removeAccount(dave);
        assertTrue(registry.find("david").isEmpty());
    }

    @Test
    void anUnknownUserCostsAFullVerificationAgainstAHashOfTheRealShape() {
        String real = PasswordHash.hash("some password".toCharArray());
        String[] dummy = AccountRegistryImpl.DUMMY_HASH.split("\\$");
        String[] shape = real.split("\\$");
        assertEquals(shape.length, dummy.length);
        assertEquals(shape[0], dummy[0]);
        assertEquals(shape[1], dummy[1], "the same iterations, so the same time");
        assertEquals(shape[2].length(), dummy[2].length());
        assertEquals(shape[3].length(), dummy[3].length());
        assertTrue(new AccountRegistryImpl().authenticate("nobody", "no such user".toCharArray()).isEmpty());
    }
}
