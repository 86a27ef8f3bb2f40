package org.hearthsync.ddns.dynu.internal;

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
 * Dynu's dyndns2 API: {@code GET /nic/update?hostname=..&myip=..&myipv6=..} with HTTP Basic
 * authentication. {@code myip=no} / {@code myipv6=no} tell Dynu to leave the A / AAAA record
 * alone (no IPv4 known, IPv6 updates off, no IPv6 known): a parameter left out would make Dynu
 * take the connection's address. Answers are dyndns2 words, read by {@link Dyndns2}.
 */
@Component(service = DnsProvider.class, configurationPid = DynuProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = DnsProvider.PROVIDER + "=dynu")
@Designate(ocd = DynuConfig.class, factory = true)
public final class DynuProvider implements DnsProvider {
    static final String PID = "org.hearthsync.ddns.dynu";
    private static final Logger LOG = LoggerFactory.getLogger(DynuProvider.class);

    private final String hostname;
    private final String username;
    private final String password;
    private final boolean ipv6;
    private final URI base;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public DynuProvider(DynuConfig config, BundleContext context) {
        this(config, version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    DynuProvider(DynuConfig config, String version, HttpClient http) {
        this.hostname = config.hostname().strip();
        this.username = config.username().strip();
        this.password = config._password();
        this.ipv6 = config.ddns_ipv6();
        this.base = URI.create(config.base_url().strip());
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
        LOG.debug("Dynu provider for {} ready", hostname);
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public String hostName() {
        return hostname;
    }

    /** IPv4 as {@code myip}, IPv6 as {@code myipv6} when on; a family not sent goes as {@code no}. */
    @Override
    public SentAddresses toSend(InetAddress ipv4, InetAddress ipv6) {
        return new SentAddresses(ipv4, this.ipv6 ? ipv6 : null);
    }

    @Override
    public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
        if (hostname.isEmpty()) {
            return UpdateResult.of(Outcome.BAD_NAME, "no host name is set");
        }
        SentAddresses sent = toSend(ipv4, ipv6);
        if (sent.isEmpty()) {
            return UpdateResult.skipped("no public IPv4 address is known and IPv6 updates are off");
        }
        // Dynu takes the connection's address for a parameter left out; "no" leaves that record alone
        StringBuilder q = new StringBuilder("hostname=").append(Dyndns2.encode(hostname));
        q.append("&myip=").append(sent.ipv4() == null ? "no" : Dyndns2.encode(Dyndns2.text(sent.ipv4())));
        q.append("&myipv6=").append(sent.ipv6() == null ? "no" : Dyndns2.encode(Dyndns2.text(sent.ipv6())));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + (base.getRawQuery() == null ? "?" : "&") + q))
                .timeout(Dyndns2.REQUEST_TIMEOUT).header("Authorization", Dyndns2.basicAuth(username, password))
                .header("User-Agent", userAgent).GET().build();
        LOG.debug("asking Dynu to point {} at {} {}", hostname, sent.ipv4(), sent.ipv6());
        UpdateResult r = Dyndns2.send(http, req).withSent(sent);
        LOG.debug("Dynu answered for {}: {} {}", hostname, r.outcome(), r.message());
        return r;
    }
}
