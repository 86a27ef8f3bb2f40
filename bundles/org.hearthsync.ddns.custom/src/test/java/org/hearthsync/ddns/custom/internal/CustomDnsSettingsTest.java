package org.hearthsync.ddns.custom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.hearthsync.ddns.custom.CustomDnsSettings;
import org.junit.jupiter.api.Test;

/** The names the console's wizard writes are the names this bundle's typed configuration reads. */
class CustomDnsSettingsTest {

    @Test
    void theNamesOthersWriteAreTheConfigurationsOwn() throws Exception {
        assertEquals(CustomDnsSettings.FACTORY_PID, CustomProvider.PID);
        assertEquals(CustomDnsSettings.NAME_ONLY, CustomProvider.NAME_ONLY);
        for (String key : List.of(CustomDnsSettings.MODE, CustomDnsSettings.HOSTNAME)) {
            assertEquals(key, CustomConfig.class.getDeclaredMethod(key).getName());
        }
    }
}
