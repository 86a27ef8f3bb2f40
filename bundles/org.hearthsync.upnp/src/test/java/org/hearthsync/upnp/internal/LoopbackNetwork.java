package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;

import org.jupnp.transport.impl.NetworkAddressFactoryImpl;

/** jUPnP on the loopback interface only, for tests against a scripted router on 127.0.0.1: nothing reaches the LAN. */
final class LoopbackNetwork extends NetworkAddressFactoryImpl {

    LoopbackNetwork() {
        super(DEFAULT_TCP_HTTP_LISTEN_PORT, DEFAULT_MULTICAST_RESPONSE_LISTEN_PORT);
    }

    @Override
    protected boolean isUsableNetworkInterface(NetworkInterface iface) throws Exception {
        return iface.isUp() && iface.isLoopback();
    }

    @Override
    protected boolean isUsableAddress(NetworkInterface networkInterface, InetAddress address) {
        return address.equals(InetAddress.getLoopbackAddress());
    }
}
