package org.hearthsync.transport.internal;

/** Validated listener settings. */
public record ListenerSettings(int easPort, int setupPort, int consolePort, String bindAddress, boolean consoleAllowLan) {

    public ListenerSettings {
        checkPort("EAS", easPort);
        checkPort("setup", setupPort);
        checkPort("console", consolePort);
        if (easPort == setupPort || easPort == consolePort || setupPort == consolePort) {
            throw new IllegalArgumentException("the EAS, setup and console ports must differ: " + easPort + ", "
                    + setupPort + ", " + consolePort);
        }
        bindAddress = bindAddress == null ? "" : bindAddress.trim();
    }

    static ListenerSettings from(TransportConfig c) {
        return new ListenerSettings(c.eas_port(), c.setup_port(), c.console_port(), c.bind_address(), c.console_allow_lan());
    }

    /** Where the console listens: loopback unless the user allowed the LAN. */
    public String consoleHost() {
        return consoleAllowLan ? "0.0.0.0" : "127.0.0.1";
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " port out of range: " + port);
        }
    }
}
