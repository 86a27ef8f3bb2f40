package org.hearthsync.api.ddns;

import java.net.InetAddress;
import java.time.Instant;

/**
 * What the updater knows about one provider service, for the console.
 *
 * @param key          the provider's configuration PID ({@code service.pid}), or a stable name for an
 *                     unconfigured drop-in
 * @param provider     the {@link DnsProvider#PROVIDER} property, such as {@code noip}
 * @param hostName     the host name the provider keeps current
 * @param lastResult   the last answer, or {@code null} before the first update
 * @param lastAttempt  when the provider was last called, or {@code null}
 * @param acceptedIpv4 the last IPv4 address the provider accepted, or {@code null}
 * @param acceptedIpv6 the last IPv6 address the provider accepted, or {@code null}
 * @param stopped      whether updates are stopped until the user changes this provider's settings
 * @param nextAttempt  the earliest time of the next call (back-off, Retry-After), or {@code null} when not held back
 */
public record ProviderStatus(String key, String provider, String hostName, UpdateResult lastResult,
        Instant lastAttempt, InetAddress acceptedIpv4, InetAddress acceptedIpv6, boolean stopped, Instant nextAttempt) {
}
