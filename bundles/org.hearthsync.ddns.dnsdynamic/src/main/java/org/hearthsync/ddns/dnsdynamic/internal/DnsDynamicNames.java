package org.hearthsync.ddns.dnsdynamic.internal;

import org.hearthsync.api.ddns.DnsNameGenerator;
import org.hearthsync.api.ddns.DnsProvider;
import org.osgi.service.component.annotations.Component;

/**
 * How a person gets a DNSdynamic name, for the console: DNSdynamic appears to have closed, so the console offers neither sign-up nor names; the address is kept for the record.
 */
@Component(service = DnsNameGenerator.class, property = DnsProvider.PROVIDER + "=dnsdynamic")
public final class DnsDynamicNames implements DnsNameGenerator {

    @Override
    public String provider() {
        return "dnsdynamic";
    }

    @Override
    public String displayName() {
        return "DNSdynamic";
    }

    @Override
    public String signUpUrl() {
        return "https://www.dnsdynamic.org";
    }

    @Override
    public String accountPid() {
        return DnsDynamicProvider.PID;
    }

    @Override
    public boolean closed() {
        return true;
    }
}
