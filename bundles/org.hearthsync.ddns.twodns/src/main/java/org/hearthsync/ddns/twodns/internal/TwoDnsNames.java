package org.hearthsync.ddns.twodns.internal;

import org.hearthsync.api.ddns.DnsNameGenerator;
import org.hearthsync.api.ddns.DnsProvider;
import org.osgi.service.component.annotations.Component;

/**
 * How a person gets a Two-DNS name, for the console: Two-DNS closed in December 2024, so the console offers neither sign-up nor names; the address is kept for the record.
 */
@Component(service = DnsNameGenerator.class, property = DnsProvider.PROVIDER + "=twodns")
public final class TwoDnsNames implements DnsNameGenerator {

    @Override
    public String provider() {
        return "twodns";
    }

    @Override
    public String displayName() {
        return "Two-DNS";
    }

    @Override
    public String signUpUrl() {
        return "https://www.twodns.de";
    }

    @Override
    public String accountPid() {
        return TwoDnsProvider.PID;
    }

    @Override
    public boolean closed() {
        return true;
    }
}
