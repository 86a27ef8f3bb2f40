package org.hearthsync.api.ddns;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The updater core, as the console sees it: the providers it drives and what they last answered,
 * and a way to check the public address now.
 */
@ProviderType
public interface DnsUpdater {

    /**
     * Service property a {@link DnsProvider} may set to {@code false} when its service has no IPv6
     * (the updater then passes no IPv6 address and ignores IPv6 changes for it). Default true.
     */
    String PROVIDER_IPV6 = "ddns.ipv6";

    /** One entry per provider service currently registered, in no particular order. */
    List<ProviderStatus> providers();

    /** The public IPv4 address found by the last check, if any. */
    Optional<InetAddress> publicIpv4();

    /** The public IPv6 address found by the last check, if any. */
    Optional<InetAddress> publicIpv6();

    /**
     * Checks the public address now, without waiting for the next interval, and updates every
     * provider whose name does not point there yet. The back-off after an unreachable provider is
     * skipped; a provider's own request to wait (911, HTTP 5xx, Retry-After), a stopped provider,
     * the once-a-minute limit per provider and the rule of never sending an unchanged address are
     * not. Returns at once; the check runs in the background.
     */
    void updateNow();
}
