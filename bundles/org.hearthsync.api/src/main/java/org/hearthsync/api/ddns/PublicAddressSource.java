package org.hearthsync.api.ddns;

import java.net.InetAddress;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that knows this network's public address without asking a web service, such as the
 * router over UPnP IGD ({@code GetExternalIPAddress}). The updater asks the sources first, in
 * {@code service.ranking} order, and falls back to its check-IP web services when none answers.
 * Calls may block for a few seconds; an exception counts as "does not know".
 */
@ConsumerType
public interface PublicAddressSource {

    /** The public IPv4 address, or empty when this source does not know it. */
    Optional<InetAddress> publicIpv4();

    /** The public IPv6 address of this computer, or empty when this source does not know it. */
    default Optional<InetAddress> publicIpv6() {
        return Optional.empty();
    }
}
