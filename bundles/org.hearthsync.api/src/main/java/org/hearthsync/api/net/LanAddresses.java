package org.hearthsync.api.net;

import java.net.InetAddress;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The addresses phones on the home network may use to reach this computer, for a person to choose from when
 * the computer has more than one network (the override of {@link AddressService#primaryAddress()}).
 */
@ProviderType
public interface LanAddresses {

    /** One choice: a private IPv4 address of an interface that is up, and that interface's name. */
    record LanAddress(InetAddress address, String interfaceName) {
    }

    /** The choices, in the order the system lists its interfaces; empty when it cannot list them. */
    List<LanAddress> lanAddresses();
}
