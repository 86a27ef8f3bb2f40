package org.hearthsync.net.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.util.List;

import org.hearthsync.api.net.LanAddresses;
import org.junit.jupiter.api.Test;

/** The choices are this computer's own private IPv4 addresses, each with the interface that has it. */
class LanAddressesTest {

    @Test
    void everyChoiceIsAPrivateAddressOfAnInterfaceThatIsUp() throws Exception {
        PrimaryAddressService service = new PrimaryAddressService(new AddressConfig() {
            @Override public Class<? extends Annotation> annotationType() { return AddressConfig.class; }
            @Override public String primary_address() { return ""; }
            @Override public String probe_address() { return "192.0.2.1"; }
        });
        List<LanAddresses.LanAddress> all = service.lanAddresses();
        for (LanAddresses.LanAddress a : all) {
            assertTrue(a.address() instanceof Inet4Address && a.address().isSiteLocalAddress(), a.toString());
            NetworkInterface ni = NetworkInterface.getByInetAddress(a.address());
            assertTrue(ni != null && ni.isUp() && !ni.isLoopback(), a.toString());
            assertEquals(ni.getDisplayName(), a.interfaceName());
        }
        assertFalse(all.stream().anyMatch(a -> a.address().isLoopbackAddress()));
    }
}
