package org.hearthsync.ddns.duckdns.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

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
 * DuckDNS: {@code GET /update?domains=NAME&token=..&ip=..&ipv6=..&verbose=true}, answered with
 * {@code OK} (then the addresses and {@code UPDATED} or {@code NOCHANGE}) or {@code KO} (wrong
 * token or domain). The token travels in the query string, so the URL is never logged.
 */
@Component(service = DnsProvider.class, configurationPid = DuckDnsProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = DnsProvider.PROVIDER + "=duckdns")
@Designate(ocd = DuckDnsConfig.class, factory = true)
public final class DuckDnsProvider implements DnsProvider {
    static final String PID = "org.hearthsync.ddns.duckdns";
    static final String SUFFIX = ".duckdns.org";
    private static final Logger LOG = LoggerFactory.getLogger(DuckDnsProvider.class);

    private final String subdomain;
    private final String token;
    private final boolean ipv6;
    private final URI base;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public DuckDnsProvider(DuckDnsConfig config, BundleContext context) {
        this(config, version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    DuckDnsProvider(DuckDnsConfig config, String version, HttpClient http) {
        String h = config.hostname().strip().toLowerCase(Locale.ROOT);
        this.subdomain = h.endsWith(SUFFIX) ? h.substring(0, h.length() - SUFFIX.length()) : h;
        this.token = config._token().strip();
        this.ipv6 = config.ddns_ipv6();
        this.base = URI.create(config.base_url().strip());
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
        LOG.debug("DuckDNS provider for {} ready", hostName());
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public String hostName() {
        return subdomain.isEmpty() ? "" : subdomain + SUFFIX;
    }

    /** IPv4 as {@code ip}, IPv6 as {@code ipv6} when on. */
    @Override
    public SentAddresses toSend(InetAddress ipv4, InetAddress ipv6) {
        return new SentAddresses(ipv4, this.ipv6 ? ipv6 : null);
    }

    @Override
    public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
        if (subdomain.isEmpty() || subdomain.contains(".")) {
            return UpdateResult.of(Outcome.BAD_NAME, "the sub-domain must be one name, such as myhome or myhome.duckdns.org");
        }
        StringBuilder q = new StringBuilder("domains=").append(Dyndns2.encode(subdomain)).append("&token=")
                .append(Dyndns2.encode(token));
        SentAddresses sent = toSend(ipv4, ipv6);
        if (sent.isEmpty()) {
            return UpdateResult.skipped("no public IPv4 address is known and IPv6 updates are off");
        }
        if (sent.ipv4() != null) {
            q.append("&ip=").append(Dyndns2.encode(Dyndns2.text(sent.ipv4())));
        }
        if (sent.ipv6() != null) {
            q.append("&ipv6=").append(Dyndns2.encode(Dyndns2.text(sent.ipv6())));
        }
        q.append("&verbose=true");
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + (base.getRawQuery() == null ? "?" : "&") + q))
                .timeout(Dyndns2.REQUEST_TIMEOUT).header("User-Agent", userAgent).GET().build();
        LOG.debug("asking DuckDNS to point {} at {} {}", hostName(), ipv4, ipv6);
        UpdateResult r = Dyndns2.send(http, req, DuckDnsProvider::read).withSent(sent);
        LOG.debug("DuckDNS answered for {}: {} {}", hostName(), r.outcome(), r.message());
        return r;
    }

    static UpdateResult read(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        String first = Dyndns2.firstLine(body);
        if (response.statusCode() / 100 == 2 && first.equals("OK")) {
            return body.contains("NOCHANGE") ? UpdateResult.of(Outcome.UNCHANGED, "OK (no change)")
                    : UpdateResult.of(Outcome.UPDATED, "OK");
        }
        if (response.statusCode() / 100 == 2 && first.equals("KO")) {
            return UpdateResult.of(Outcome.BAD_AUTH, "KO: DuckDNS refused the token or the sub-domain");
        }
        return Dyndns2.answer(response);
    }
}
