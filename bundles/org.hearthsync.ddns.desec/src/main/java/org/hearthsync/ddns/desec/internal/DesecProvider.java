package org.hearthsync.ddns.desec.internal;

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
 * deSEC's dynDNS API: {@code GET https://update.dedyn.io/?hostname=..&myipv4=..&myipv6=..} with
 * {@code Authorization: Token ..}. An address this side does not know is sent as
 * {@code preserve}, so deSEC keeps that record rather than guessing from the connection. Answers
 * are dyndns2 words and HTTP statuses (401, 404, 429 with Retry-After), read by {@link Dyndns2}.
 */
@Component(service = DnsProvider.class, configurationPid = DesecProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = DnsProvider.PROVIDER + "=desec")
@Designate(ocd = DesecConfig.class, factory = true)
public final class DesecProvider implements DnsProvider {
    static final String PID = "org.hearthsync.ddns.desec";
    static final String PRESERVE = "preserve";
    private static final Logger LOG = LoggerFactory.getLogger(DesecProvider.class);

    private final String hostname;
    private final String token;
    private final boolean ipv6;
    private final URI base;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public DesecProvider(DesecConfig config, BundleContext context) {
        this(config, version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    DesecProvider(DesecConfig config, String version, HttpClient http) {
        this.hostname = config.hostname().strip();
        this.token = config._token().strip();
        this.ipv6 = config.ddns_ipv6();
        this.base = URI.create(config.base_url().strip());
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
        LOG.debug("deSEC provider for {} ready", hostname);
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public String hostName() {
        return hostname;
    }

    /** IPv4 as {@code myipv4}, IPv6 as {@code myipv6} when on; a family not sent goes as {@code preserve}. */
    @Override
    public SentAddresses toSend(InetAddress ipv4, InetAddress ipv6) {
        return new SentAddresses(ipv4, this.ipv6 ? ipv6 : null);
    }

    @Override
    public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
        if (hostname.isEmpty()) {
            return UpdateResult.of(Outcome.BAD_NAME, "no domain name is set");
        }
        SentAddresses sent = toSend(ipv4, ipv6);
        if (sent.isEmpty()) {
            return UpdateResult.skipped("no public IPv4 address is known and IPv6 updates are off");
        }
        String v4 = sent.ipv4() == null ? PRESERVE : Dyndns2.text(sent.ipv4());
        String v6 = sent.ipv6() == null ? PRESERVE : Dyndns2.text(sent.ipv6());
        String q = "hostname=" + Dyndns2.encode(hostname) + "&myipv4=" + Dyndns2.encode(v4) + "&myipv6="
                + Dyndns2.encode(v6);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + (base.getRawQuery() == null ? "?" : "&") + q))
                .timeout(Dyndns2.REQUEST_TIMEOUT).header("Authorization", "Token " + token)
                .header("User-Agent", userAgent).GET().build();
        LOG.debug("asking deSEC to point {} at {} {}", hostname, v4, v6);
        UpdateResult r = Dyndns2.send(http, req).withSent(sent);
        LOG.debug("deSEC answered for {}: {} {}", hostname, r.outcome(), r.message());
        return r;
    }
}
