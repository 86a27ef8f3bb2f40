package org.hearthsync.ddns.twodns.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
 * Two-DNS's API as documented before the service closed in December 2024:
 * {@code PUT https://api.twodns.de/hosts/HOSTNAME} with the body {@code {"ip_address": "1.2.3.4"}},
 * HTTP Basic authentication (account e-mail and API token). A 2xx answer means updated; 401/403
 * bad credentials, 404 unknown host, 429 and 5xx as usual. When nothing answers the result is
 * {@link Outcome#SERVICE_CLOSED}, which stops the plugin until its settings change.
 */
@Component(service = DnsProvider.class, configurationPid = TwoDnsProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = { DnsProvider.PROVIDER + "=twodns", "ddns.ipv6:Boolean=false" })
@Designate(ocd = TwoDnsConfig.class, factory = true)
public final class TwoDnsProvider implements DnsProvider {
    static final String PID = "org.hearthsync.ddns.twodns";
    private static final Logger LOG = LoggerFactory.getLogger(TwoDnsProvider.class);

    private final String hostname;
    private final String username;
    private final String token;
    private final String base;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public TwoDnsProvider(TwoDnsConfig config, BundleContext context) {
        this(config, version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    TwoDnsProvider(TwoDnsConfig config, String version, HttpClient http) {
        this.hostname = config.hostname().strip();
        this.username = config.username().strip();
        this.token = config._token();
        String b = config.base_url().strip();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
        LOG.warn("Two-DNS closed in December 2024: the name {} will not be updated unless the API address points at "
                + "a compatible service", hostname);
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
        if (hostname.isEmpty() || !hostname.matches("[A-Za-z0-9.-]+")) {
            return UpdateResult.of(Outcome.BAD_NAME, "the host name is missing or not a plain DNS name");
        }
        if (ipv4 == null) {
            return UpdateResult.skipped("Two-DNS takes IPv4 addresses only, and none is known");
        }
        String json = "{\"ip_address\": \"" + Dyndns2.text(ipv4) + "\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/hosts/" + hostname))
                .timeout(Dyndns2.REQUEST_TIMEOUT).header("Authorization", Dyndns2.basicAuth(username, token))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("User-Agent", userAgent).PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        LOG.debug("asking Two-DNS to point {} at {}", hostname, ipv4);
        UpdateResult r = Dyndns2.send(http, req, TwoDnsProvider::read).withSent(new SentAddresses(ipv4, null));
        if (r.outcome() == Outcome.UNREACHABLE) {
            r = UpdateResult.of(Outcome.SERVICE_CLOSED, "Two-DNS closed in December 2024 and no longer answers ("
                    + r.message() + ")");
        }
        LOG.debug("Two-DNS answered for {}: {} {}", hostname, r.outcome(), r.message());
        return r;
    }

    static UpdateResult read(HttpResponse<String> response) {
        int s = response.statusCode();
        if (s / 100 == 2) {
            return UpdateResult.of(Outcome.UPDATED, "HTTP " + s + ": Two-DNS took the address");
        }
        return Dyndns2.answer(response);
    }
}
