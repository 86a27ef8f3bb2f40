package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.net.URI;

/**
 * A found Internet Gateway Device: where its description is, the WAN connection service Hearth
 * talks to, and the local address of this computer that reaches it.
 */
record Igd(URI location, URI controlUrl, String serviceType, String friendlyName, String udn, InetAddress localAddress) {
    static final String DEVICE_PREFIX = "urn:schemas-upnp-org:device:InternetGatewayDevice:";
    static final String WAN_IP_PREFIX = "urn:schemas-upnp-org:service:WANIPConnection:";
    static final String WAN_PPP_PREFIX = "urn:schemas-upnp-org:service:WANPPPConnection:";

    /** The search targets: IGD v2 first (a v2 device also answers v1), then v1. */
    static final String[] SEARCH_TARGETS = { DEVICE_PREFIX + "2", DEVICE_PREFIX + "1" };

    String name() {
        return friendlyName.isEmpty() ? location.getHost() : friendlyName;
    }
}
