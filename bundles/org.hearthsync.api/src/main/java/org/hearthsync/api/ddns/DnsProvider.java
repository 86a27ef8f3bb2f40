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

    /**
     * The addresses {@link #update} would send for these addresses with the current settings, without
     * sending anything: the updater calls {@code update} only when one of them differs from what the
     * provider last had accepted (or the settings changed), so a family the provider does not send
     * (a URL template without {@code {ipv6}}, IPv6 turned off) never causes an identical request.
     * {@link SentAddresses#NONE} means the provider has nothing to send; {@code update} then answers
     * {@link UpdateResult.Outcome#SKIPPED} with the reason, without calling the service.
     * Must not block. The default sends both families as given.
     *
     * @since 1.3.0
     */
    default SentAddresses toSend(InetAddress ipv4, InetAddress ipv6) {
        return new SentAddresses(ipv4, ipv6);
    }
}
