package org.hearthsync.api.ddns;

import java.net.InetAddress;

/**
 * The addresses one update request carries, per record family: what a provider would send
 * ({@link DnsProvider#toSend}) or did send ({@link UpdateResult#sent()}). A {@code null} family is
 * not in the request as an address: left out, sent as a "keep it" word ({@code preserve},
 * {@code no}), or the provider has no such record.
 *
 * @param ipv4 the IPv4 address in the request, or {@code null}
 * @param ipv6 the IPv6 address in the request, or {@code null}
 */
public record SentAddresses(InetAddress ipv4, InetAddress ipv6) {

    /** A request that carries no address: nothing to send. */
    public static final SentAddresses NONE = new SentAddresses(null, null);

    /** Whether the request carries no address at all. */
    public boolean isEmpty() {
        return ipv4 == null && ipv6 == null;
    }
}
