package org.hearthsync.api.portmap;

import java.net.InetAddress;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/** A way to ask the router for port forwarding, implemented by a plugin bundle such as the UPnP one. */
@ConsumerType
public interface PortMapper {

    /** Whether a gateway that accepts mappings has been found. */
    boolean gatewayAvailable();

    MappingResult map(PortMapping mapping);

    /** Removes a mapping this computer made; quietly does nothing when it is not there. */
    void unmap(PortMapping mapping);

    /** The router's public address, when it tells. */
    Optional<InetAddress> externalAddress();
}
