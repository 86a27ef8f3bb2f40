package org.hearthsync.activesync.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.hearthsync.activesync.settings.DeviceDirectiveSettings;
import org.junit.jupiter.api.Test;

/** The names the console's devices page writes are the names a directive's typed configuration reads. */
class DeviceDirectiveSettingsTest {

    @Test
    void theNamesOthersWriteAreTheConfigurationsOwn() throws Exception {
        assertEquals(DeviceDirectiveSettings.FACTORY_PID, DeviceDirective.FACTORY_PID);
        for (String key : List.of(DeviceDirectiveSettings.USER_NAME, DeviceDirectiveSettings.DEVICE_ID, DeviceDirectiveSettings.STATE)) {
            assertEquals(key.replace('.', '_'), DeviceDirectiveConfig.class.getDeclaredMethod(key.replace('.', '_')).getName());
        }
    }
}
