package org.hearthsync.ddns.dnsdynamic.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.SentAddresses;
import org.hearthsync.api.ddns.UpdateResult;
import org.hearthsync.api.ddns.UpdateResult.Outcome;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNSdynamic's documented dyndns2 API: {@code GET https://www.dnsdynamic.org/api/?hostname=..&myip=..}
 * with HTTP Basic authentication (account e-mail and password), dyndns2 answers. IPv4 only. The
 * service appears closed (it no longer answers); an unreachable service backs off like any other.
 */
@Component(service = DnsProvider.class, configurationPid = DnsDynamicProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = { DnsProvider.PROVIDER + "=dnsdynamic", "ddns.ipv6:Boolean=false" })
@Designate(ocd = DnsDynamicConfig.class, factory = true)
public final class DnsDynamicProvider implements DnsProvider {
    static final String PID = "org.hearthsync.ddns.dnsdynamic";
    private static final Logger LOG = LoggerFactory.getLogger(DnsDynamicProvider.class);

    private final String hostname;
    private final String username;
    private final String password;
    private final URI base;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public DnsDynamicProvider(DnsDynamicConfig config, BundleContext context) {
        this(config, version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    DnsDynamicProvider(DnsDynamicConfig config, String version, HttpClient http) {
        this.hostname = config.hostname().strip();
        this.username = config.username().strip();
        this.password = config._password();
        this.base = URI.create(config.base_url().strip());
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
        LOG.debug("DNSdynamic provider for {} ready (the service appears closed)", hostname);
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public String hostName() {
        return hostname;
    }

    /** IPv4 only. */
    @Override
    public SentAddresses toSend(InetAddress ipv4, InetAddress ipv6) {
        return new SentAddresses(ipv4, null);
    }

    @Override
    public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
        if (hostname.isEmpty()) {
            return UpdateResult.of(Outcome.BAD_NAME, "no host name is set");
        }
        if (ipv4 == null) {
            return UpdateResult.skipped("DNSdynamic takes IPv4 addresses only, and none is known");
        }
        String q = "hostname=" + Dyndns2.encode(hostname) + "&myip=" + Dyndns2.encode(Dyndns2.text(ipv4));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + (base.getRawQuery() == null ? "?" : "&") + q))
                .timeout(Dyndns2.REQUEST_TIMEOUT).header("Authorization", Dyndns2.basicAuth(username, password))
                .header("User-Agent", userAgent).GET().build();
        LOG.debug("asking DNSdynamic to point {} at {}", hostname, ipv4);
        UpdateResult r = Dyndns2.send(http, req).withSent(new SentAddresses(ipv4, null));
        if (r.outcome() == Outcome.UNREACHABLE) {
            r = UpdateResult.of(Outcome.UNREACHABLE, r.message() + "; the DNSdynamic service appears closed");
        }
        LOG.debug("DNSdynamic answered for {}: {} {}", hostname, r.outcome(), r.message());
        return r;
    }
}
