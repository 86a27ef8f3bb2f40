package org.hearthsync.api.ddns;

import java.net.InetAddress;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One account at a dynamic DNS provider, keeping one host name pointed at this computer's public
 * address. Provider bundles register one service per configuration with the property
 * {@link #PROVIDER}. Calls come from the updater core, one at a time per service, and each call
 * is isolated: an exception here affects only this provider.
 */
@ConsumerType
public interface DnsProvider {

    /** Service property: the provider's short id, such as {@code noip} or {@code custom}. */
    String PROVIDER = "ddns.provider";

    /** The host name this account keeps current. */
    String hostName();

    /**
     * Points the host name at the given addresses.
     *
     * @param ipv4 the public IPv4 address, or {@code null} when none is known
     * @param ipv6 the public IPv6 address, or {@code null} when none is known or the provider has no IPv6
     */
    UpdateResult update(InetAddress ipv4, InetAddress ipv6);
}
