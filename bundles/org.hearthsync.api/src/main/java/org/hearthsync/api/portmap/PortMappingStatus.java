package org.hearthsync.api.portmap;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What Hearth's port forwarding is doing, for the console and the setup wizard: which router ports
 * lead to this computer, the router's public address, and plain advice when it cannot work.
 * Registered by the bundle that manages the mappings (the UPnP one).
 */
@ProviderType
public interface PortMappingStatus {

    /** The state after the last attempt; never blocks on the router. */
    PortMappingReport report();

    /** Asks for the mappings to be checked and re-created soon, for a "try again" button. */
    void renewNow();
}
