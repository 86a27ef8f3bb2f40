package org.hearthsync.upnp.internal;

import java.util.Dictionary;

/**
 * The listener settings of the transport (configuration PID {@code org.hearthsync.transport}) that
 * the forwardings follow. Read from Configuration Admin: that configuration is bound to the
 * transport bundle, so Declarative Services would not hand it to this one.
 */
record TransportPorts(int easPort, int setupPort, String bindAddress) {
    static final String PID = "org.hearthsync.transport";
    static final TransportPorts DEFAULTS = new TransportPorts(8443, 54321, "");

    static TransportPorts from(Dictionary<String, ?> p) {
        if (p == null) {
            return DEFAULTS;
        }
        return new TransportPorts(port(p.get("eas.port"), DEFAULTS.easPort), port(p.get("setup.port"), DEFAULTS.setupPort),
                p.get("bind.address") == null ? "" : String.valueOf(p.get("bind.address")).trim());
    }

    private static int port(Object value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int v = value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim());
            return v > 0 && v < 65536 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
