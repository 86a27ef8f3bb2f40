package org.hearthsync.ddns.duckdns.internal;

import org.hearthsync.api.ddns.DnsNameGenerator;
import org.hearthsync.api.ddns.DnsProvider;
import org.osgi.service.component.annotations.Component;

/**
 * How a person gets a DuckDNS name, for the console: DuckDNS has no API to create sub-domains: the user signs in on duckdns.org (with GitHub, Google...) and adds one there.
 */
@Component(service = DnsNameGenerator.class, property = DnsProvider.PROVIDER + "=duckdns")
public final class DuckDnsNames implements DnsNameGenerator {

    @Override
    public String provider() {
        return "duckdns";
    }

    @Override
    public String displayName() {
        return "DuckDNS";
    }

    @Override
    public String signUpUrl() {
        return "https://www.duckdns.org";
    }

    @Override
    public String accountPid() {
        return DuckDnsProvider.PID;
    }
}
