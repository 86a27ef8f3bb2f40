package org.hearthsync.upnp.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jupnp.transport.impl.MulticastReceiverConfigurationImpl;
import org.junit.jupiter.api.Test;

/** The normal case, listening on the SSDP group, is shown by the router reboot in {@link RealIgdTest}. */
class JupnpConfigurationTest {

    /** Another program holds the SSDP port without sharing it: the announcements are lost, not UPnP. */
    @Test
    void aTakenSsdpPortCostsOnlyTheAnnouncements() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(null)) {
            taken.setReuseAddress(false);
            taken.bind(new InetSocketAddress(0));
            JupnpConfiguration.OptionalReceiver r = new JupnpConfiguration.OptionalReceiver(
                    new MulticastReceiverConfigurationImpl(InetAddress.getByName("239.255.255.250"), taken.getLocalPort()));
            r.init(NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress()), null, null, null);
            assertFalse(r.listening());
            // its thread ends at once instead of failing on a socket that was never opened
            CompletableFuture.runAsync(r).get(2, TimeUnit.SECONDS);
            r.stop();
        }
    }
}
