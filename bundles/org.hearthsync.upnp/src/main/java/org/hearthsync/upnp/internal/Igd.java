package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteService;

/**
 * A found Internet Gateway Device as jUPnP described it: the root device, the WAN connection service
 * Hearth talks to, and the local address of this computer that reaches it.
 */
record Igd(RemoteDevice device, RemoteService service, InetAddress localAddress) {

    URL descriptorUrl() {
        return device.getIdentity().getDescriptorURL();
    }

    URI location() {
        try {
            return descriptorUrl().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("jUPnP accepted a description address that is no URI: " + descriptorUrl(), e);
        }
    }

    /** The absolute control address (jUPnP resolves it against URLBase or the description address). */
    URL controlUrl() {
        return service.getDevice().normalizeURI(service.getControlURI());
    }

    String serviceType() {
        return service.getServiceType().toString();
    }

    String friendlyName() {
        String n = device.getDetails() == null ? null : device.getDetails().getFriendlyName();
        if (n == null) {
            return "";
        }
        return n.length() > 100 ? n.substring(0, 100) : n;
    }

    String udn() {
        return device.getIdentity().getUdn().toString();
    }

    String name() {
        return friendlyName().isEmpty() ? descriptorUrl().getHost() : friendlyName();
    }
}
