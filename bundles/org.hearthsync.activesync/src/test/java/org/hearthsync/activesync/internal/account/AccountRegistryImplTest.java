package org.hearthsync.activesync.internal.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hearthsync.api.account.PasswordHash;
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
}
