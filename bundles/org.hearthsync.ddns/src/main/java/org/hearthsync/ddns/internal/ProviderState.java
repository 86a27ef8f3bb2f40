package org.hearthsync.ddns.internal;

import java.net.InetAddress;
import java.time.Instant;

import org.hearthsync.api.ddns.UpdateResult.Outcome;

/**
 * What is remembered about one provider configuration across restarts: the address it last
 * accepted (and under which settings), whether it is stopped until its settings change, and when
 * it may be called again.
 *
 * @param acceptedIpv4   last IPv4 address the provider accepted, or null
 * @param acceptedIpv6   last IPv6 address the provider accepted, or null
 * @param acceptedConfig fingerprint of the settings the address was accepted under, or null
 * @param stopped        the answer that stopped the provider, or null when it is not stopped
 * @param stoppedMessage the provider's words when it was stopped
 * @param stoppedConfig  fingerprint of the settings that were stopped
 * @param lastAttempt    when the provider was last called
 * @param notBefore      earliest next call (back-off, Retry-After), or null
 * @param failures       consecutive failed calls, for the exponential back-off
 * @param backoffFromServer whether notBefore was set by the provider (911, 5xx, 429) rather than by
 *                       an unreachable network
 */
record ProviderState(InetAddress acceptedIpv4, InetAddress acceptedIpv6, String acceptedConfig, Outcome stopped,
        String stoppedMessage, String stoppedConfig, Instant lastAttempt, Instant notBefore, int failures,
        boolean backoffFromServer) {

    static final ProviderState NEW = new ProviderState(null, null, null, null, null, null, null, null, 0, false);

    ProviderState accepted(InetAddress v4, InetAddress v6, String config, Instant at) {
        return new ProviderState(v4, v6, config, null, null, null, at, null, 0, false);
    }

    ProviderState stop(Outcome outcome, String message, String config, Instant at) {
        return new ProviderState(acceptedIpv4, acceptedIpv6, acceptedConfig, outcome, message, config, at, null, 0, false);
    }

    ProviderState backOff(Instant at, Instant until, boolean fromServer) {
        return new ProviderState(acceptedIpv4, acceptedIpv6, acceptedConfig, null, null, null, at, until, failures + 1,
                fromServer);
    }

    ProviderState restarted() {
        return new ProviderState(acceptedIpv4, acceptedIpv6, acceptedConfig, null, null, null, lastAttempt, null, 0, false);
    }

    ProviderState clearUnreachableBackoff() {
        return backoffFromServer ? this
                : new ProviderState(acceptedIpv4, acceptedIpv6, acceptedConfig, stopped, stoppedMessage, stoppedConfig,
                        lastAttempt, null, failures, false);
    }
}
