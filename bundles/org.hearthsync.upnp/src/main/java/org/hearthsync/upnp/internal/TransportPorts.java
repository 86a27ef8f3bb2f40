package org.hearthsync.upnp.internal;

import org.hearthsync.api.listener.Listener;
import org.hearthsync.api.listener.ListenerPorts;

/**
 * The listener ports the forwardings lead to, as the transport publishes them ({@link ListenerPorts}).
 */
record TransportPorts(int easPort, int setupPort, String bindAddress) {

    /** The transport's EAS and setup listeners; null when it publishes no EAS or no setup listener. */
    static TransportPorts from(ListenerPorts published) {
        if (published == null) {
            return null;
        }
        Listener eas = published.listener(Listener.Role.EAS).orElse(null);
        Listener setup = published.listener(Listener.Role.SETUP).orElse(null);
        if (eas == null || setup == null) {
            return null;
        }
        return new TransportPorts(eas.port(), setup.port(), eas.bindAddress());
    }
}
