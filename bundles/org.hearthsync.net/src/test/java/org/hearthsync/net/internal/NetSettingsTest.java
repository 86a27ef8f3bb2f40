package org.hearthsync.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hearthsync.net.NetSettings;
import org.junit.jupiter.api.Test;

/** The name the console's wizard writes is the name this bundle's typed configuration reads. */
class NetSettingsTest {

    @Test
    void theNameOthersWriteIsTheConfigurationsOwn() throws Exception {
        String method = NetSettings.PRIMARY_ADDRESS.replace('.', '_');
        assertEquals(method, AddressConfig.class.getDeclaredMethod(method).getName());
    }
}
