package org.hearthsync.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class PrimaryAddressServiceTest {

    @Test
    void overrideWins() throws Exception {
        var s = new PrimaryAddressService(config("192.0.2.44", "192.0.2.1"));
        assertEquals(InetAddress.getByName("192.0.2.44"), s.primaryAddress().orElseThrow());
    }

    @Test
    void detectedAddressIsNeverLoopbackOrWildcard() {
        var s = new PrimaryAddressService(config("", "192.0.2.1"));
        s.primaryAddress().ifPresent(a -> {
            assertFalse(a.isLoopbackAddress(), a.toString());
            assertFalse(a.isAnyLocalAddress(), a.toString());
        });
    }

    @Test
    void aLoopbackProbeGivesNoRoutedAddress() {
        assertTrue(PrimaryAddressService.routedAddress("127.0.0.1").isEmpty());
    }

    @Test
    void hostNamesNeverFail() {
        new PrimaryAddressService(config("", "192.0.2.1")).hostNames();
    }

    private static AddressConfig config(String primary, String probe) {
        return new AddressConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AddressConfig.class;
            }

            @Override
            public String primary_address() {
                return primary;
            }

            @Override
            public String probe_address() {
                return probe;
            }
        };
    }
}
