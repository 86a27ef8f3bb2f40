package org.hearthsync.ddns.noip.internal;

import org.hearthsync.api.ddns.DnsNameGenerator;
import org.hearthsync.api.ddns.DnsProvider;
import org.osgi.service.component.annotations.Component;

/**
 * How a person gets a No-IP name, for the console: No-IP's API cannot create host names: the user signs up on noip.com and creates one there.
 */
@Component(service = DnsNameGenerator.class, property = DnsProvider.PROVIDER + "=noip")
public final class NoIpNames implements DnsNameGenerator {

    @Override
    public String provider() {
        return "noip";
    }

    @Override
    public String displayName() {
        return "No-IP";
    }

    @Override
    public String signUpUrl() {
        return "https://www.noip.com/sign-up";
    }

    @Override
    public String accountPid() {
        return NoIpProvider.PID;
    }
}
