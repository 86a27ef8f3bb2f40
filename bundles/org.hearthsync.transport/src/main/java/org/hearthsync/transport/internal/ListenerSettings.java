package org.hearthsync.transport.internal;

/**
 * Validated listener settings.
 *
 * @param davLoopbackPort the plain-HTTP CalDAV/CardDAV port for programs on this computer, on loopback addresses
 *                        only; 0 when it is off (the default)
 */
public record ListenerSettings(int easPort, int setupPort, int consolePort, String bindAddress, boolean consoleAllowLan,
        int davLoopbackPort) {

    public ListenerSettings {
        checkPort("EAS", easPort);
        checkPort("setup", setupPort);
        checkPort("console", consolePort);
        if (easPort == setupPort || easPort == consolePort || setupPort == consolePort) {
            throw new IllegalArgumentException("the EAS, setup and console ports must differ: " + easPort + ", "
                    + setupPort + ", " + consolePort);
        }
        if (davLoopbackPort != 0) {
            checkPort("DAV loopback", davLoopbackPort);
            if (davLoopbackPort == easPort || davLoopbackPort == setupPort || davLoopbackPort == consolePort) {
                throw new IllegalArgumentException("the DAV loopback port must differ from the EAS, setup and console ports: "
                        + davLoopbackPort);
            }
        }
        bindAddress = bindAddress == null ? "" : bindAddress.trim();
    }

    /** Settings without the DAV loopback listener. */
    public ListenerSettings(int easPort, int setupPort, int consolePort, String bindAddress, boolean consoleAllowLan) {
        this(easPort, setupPort, consolePort, bindAddress, consoleAllowLan, 0);
    }

    static ListenerSettings from(TransportConfig c) {
        return new ListenerSettings(c.eas_port(), c.setup_port(), c.console_port(), c.bind_address(), c.console_allow_lan(),
                c.dav_loopback_port());
    }

    /** Where the console listens: loopback unless the user allowed the LAN. */
    public String consoleHost() {
        return consoleAllowLan ? "0.0.0.0" : "127.0.0.1";
    }

    /** Whether the plain-HTTP DAV listener for programs on this computer is on. */
    public boolean davLoopback() {
        return davLoopbackPort != 0;
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " port out of range: " + port);
        }
    }
}
