package org.hearthsync.api.net;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** This computer's addresses as phones see them. */
@ProviderType
public interface AddressService {

    /** The LAN address of the adapter that reaches the router, or the user's override. */
    Optional<InetAddress> primaryAddress();

    /** Host names of this computer that a phone on the LAN may use. */
    Set<String> hostNames();
}
