package org.hearthsync.activesync.internal.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.hearthsync.activesync.settings.AccountSettings;
import org.junit.jupiter.api.Test;

/** The names the console's wizard writes are the names an account's typed configuration reads. */
class AccountSettingsTest {

    @Test
    void theNamesOthersWriteAreTheConfigurationsOwn() throws Exception {
        assertEquals(AccountSettings.FACTORY_PID, ConfiguredAccount.FACTORY_PID);
        for (String key : List.of(AccountSettings.USER_NAME, AccountSettings.EMAIL_ADDRESS, AccountSettings.PASSWORD_HASH,
                AccountSettings.STORE_NAME, AccountSettings.COLLECTIONS)) {
            assertEquals(key.replace('.', '_'), AccountConfig.class.getDeclaredMethod(key.replace('.', '_')).getName());
        }
        LegacyPasswordHash.class.getDeclaredMethod(AccountSettings.LEGACY_PASSWORD_HASH.replace('.', '_'));
    }

    @Test
    void theHashIsAPrivatePropertyThatDsDoesNotPublish() {
        // DS (OSGi Compendium 112.6): component properties whose names start with '.' are not service properties
        assertEquals('.', AccountSettings.PASSWORD_HASH.charAt(0));
    }
}
