package org.hearthsync.dav;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether Hearth announces itself on the home network over mDNS/DNS-SD ({@code _caldavs._tcp}, {@code _carddavs._tcp},
 * the setup page as {@code _http._tcp}) and from where: what the console's status page shows.
 *
 * @since 1.2.0
 */
@ProviderType
public interface HomeNetworkAnnouncement {

    /** What is announced now. */
    State state();

    /** Why the announcements are on or off. */
    enum Mode {
        /** Announced from {@link State#addresses()} on {@link State#networkInterface()}. */
        ON,
        /** Off by the setting {@link DavSettings#MDNS_ENABLED} ({@code false}). */
        OFF_BY_SETTING,
        /** Off by the environment: {@code HEARTH_MDNS=off}. */
        OFF_BY_ENVIRONMENT,
        /** On, but nothing to announce yet: no LAN address, or the listeners are not up. */
        WAITING,
        /** On, but announcing failed (a network without multicast); tried again every few minutes. */
        FAILED
    }

    /**
     * @param mode             on, off and why
     * @param name             the service name announced ("Hearth on den"); empty unless {@link Mode#ON}
     * @param addresses        the addresses announced from; empty unless {@link Mode#ON} or {@link Mode#FAILED}
     * @param networkInterface the name of the interface holding them ("eth0", "wlan0"); empty when unknown
     * @param davPort          the CalDAV/CardDAV (TLS) port announced; 0 for none
     * @param setupPort        the setup page's port announced; 0 for none
     * @param problem          why announcing failed; empty unless {@link Mode#FAILED}
     */
    record State(Mode mode, String name, List<String> addresses, String networkInterface, int davPort, int setupPort,
            String problem) {
        public State {
            Objects.requireNonNull(mode, "mode");
            name = name == null ? "" : name;
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            networkInterface = networkInterface == null ? "" : networkInterface;
            problem = problem == null ? "" : problem;
        }

        /** A state without an announcement. */
        public static State off(Mode mode) {
            return new State(mode, "", List.of(), "", 0, 0, "");
        }
    }
}
