package org.hearthsync.api.portmap;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of Hearth's port forwarding.
 *
 * @param enabled          whether Hearth manages router ports at all
 * @param gatewayKnown     the router has answered UPnP before (remembered across restarts)
 * @param gatewayAvailable the router answers now
 * @param gatewayName      the router's own name for itself, or empty
 * @param externalAddress  the router's public-side address, when it told
 * @param sharedAddress    the router's public-side address is itself private or carrier-grade NAT
 *                         (RFC 1918 or 100.64.0.0/10): nothing from the Internet reaches it
 * @param summary          one plain sentence for the console
 * @param advice           what the user can do (port forwarding by hand, CGNAT); empty when all is well
 * @param entries          one per wanted forwarding
 * @param lastAttempt      when the router was last asked, if ever
 * @param nextAttempt      when it will be asked next, if scheduled
 */
public record PortMappingReport(boolean enabled, boolean gatewayKnown, boolean gatewayAvailable, String gatewayName,
        Optional<InetAddress> externalAddress, boolean sharedAddress, String summary, String advice,
        List<Entry> entries, Optional<Instant> lastAttempt, Optional<Instant> nextAttempt) {

    public PortMappingReport {
        Objects.requireNonNull(gatewayName, "gatewayName");
        Objects.requireNonNull(externalAddress, "externalAddress");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(advice, "advice");
        entries = List.copyOf(entries);
        Objects.requireNonNull(lastAttempt, "lastAttempt");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
    }

    /**
     * One forwarding Hearth wants.
     *
     * @param description   the name shown in the router's list, for example {@code Hearth EAS}
     * @param wantedPort    the external port asked for first
     * @param mapping       the mapping in force or last asked for (its external port may be a fallback)
     * @param result        the router's answer to the last request
     * @param url           the address to use from the Internet with the mapped port, or empty
     */
    public record Entry(String description, int wantedPort, PortMapping mapping, MappingResult result, String url) {
        public Entry {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(url, "url");
        }
    }
}
