package org.hearthsync.upnp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.hearthsync.upnp.UpnpSettings;
import org.junit.jupiter.api.Test;

/** The names the console's wizard writes are the names this bundle's typed configuration reads. */
class UpnpSettingsTest {

    @Test
    void theNamesOthersWriteAreTheConfigurationsOwn() throws Exception {
        assertEquals(UpnpSettings.PID, PortMappingManager.PID);
        for (String key : List.of(UpnpSettings.ENABLED, UpnpSettings.EAS_EXTERNAL_PORT, UpnpSettings.SETUP_EXTERNAL_PORT)) {
            assertEquals(key.replace('.', '_'), UpnpConfig.class.getDeclaredMethod(key.replace('.', '_')).getName());
        }
    }
}
