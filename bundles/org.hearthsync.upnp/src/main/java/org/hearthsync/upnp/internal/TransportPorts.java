package org.hearthsync.upnp.internal;

/**
 * The listener settings of the transport (configuration PID {@code org.hearthsync.transport}), read
 * as the second configuration of the mapping manager so the forwardings follow the real ports.
 */
@interface TransportPorts {
    int eas_port() default 8443;

    int setup_port() default 54321;

    String bind_address() default "";
}
