package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.util.Optional;

import org.hearthsync.api.portmap.PortMapper;

/** The router as the mapping manager sees it: a {@link PortMapper} plus what UPnP tells about the router. */
interface UpnpGateway extends PortMapper {

    /** The router has answered UPnP before, in this run or an earlier one. */
    boolean gatewayKnown();

    /** The router's own name, or empty when none is found. */
    String gatewayName();

    /** This computer's address on the side of the router, when a router is found. */
    Optional<InetAddress> localAddress();

    /**
     * Calls {@code onReannounce} when the router announces itself anew (it restarted, came back, or
     * appeared), until the returned handle is closed.
     */
    AutoCloseable watchAnnouncements(Runnable onReannounce);

    /** Port forwarding was switched off: forget the router and stop listening to the network. */
    default void standDown() {
    }
}
