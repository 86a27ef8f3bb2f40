package org.hearthsync.api.listener;

/**
 * One of Hearth's listeners.
 *
 * @param role        what it serves
 * @param bindAddress the address it is bound to; empty for every address of the computer
 * @param port        its TCP port
 * @param tls         whether it speaks TLS
 */
public record Listener(Role role, String bindAddress, int port, boolean tls) {

    /** What a listener serves. */
    public enum Role {
        /** Exchange ActiveSync (and DAV) over TLS: what phones sync with. */
        EAS,
        /** The plain-HTTP setup page (and ACME HTTP-01 challenges). */
        SETUP,
        /** The web console: loopback unless the user allowed the LAN. */
        CONSOLE,
        /** CalDAV/CardDAV in plain HTTP for programs on this computer: loopback only, present only when turned on. */
        DAV_LOOPBACK
    }

    public Listener {
        if (role == null) {
            throw new IllegalArgumentException("a listener has a role");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        bindAddress = bindAddress == null ? "" : bindAddress.strip();
    }
}
