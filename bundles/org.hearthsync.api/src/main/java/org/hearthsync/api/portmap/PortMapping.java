package org.hearthsync.api.portmap;

import java.util.Objects;

/**
 * A port forwarding rule asked of the router.
 *
 * @param protocol      {@code TCP} or {@code UDP}
 * @param externalPort  the port on the router's public side
 * @param internalHost  the address of this computer on the LAN
 * @param internalPort  the port this computer listens on
 * @param description   shown in the router's list, for example {@code Hearth EAS}
 * @param leaseSeconds  0 for a permanent mapping
 */
public record PortMapping(String protocol, int externalPort, String internalHost, int internalPort, String description,
        int leaseSeconds) {
    public PortMapping {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(internalHost, "internalHost");
        Objects.requireNonNull(description, "description");
        if (externalPort < 1 || externalPort > 65535 || internalPort < 1 || internalPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
    }
}
