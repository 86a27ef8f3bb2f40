package org.hearthsync.ddns.noip.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.api.ddns.Dyndns2;
import org.hearthsync.api.ddns.UpdateResult;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No-IP's dyndns2 update API: {@code GET /nic/update?hostname=..&myip=..[&myipv6=..]} with HTTP Basic
 * authentication and the User-Agent No-IP requires ({@code Company Program/version contact}).
 * Answers ({@code good}, {@code nochg}, {@code nohost}, {@code badauth}, {@code badagent},
 * {@code !donator}, {@code abuse}, {@code 911}) are read by {@link Dyndns2}; the updater core
 * makes sure an unchanged address is never sent twice (No-IP counts that as abuse).
 */
@Component(service = DnsProvider.class, configurationPid = NoIpProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = DnsProvider.PROVIDER + "=noip")
@Designate(ocd = NoIpConfig.class, factory = true)
public final class NoIpProvider implements DnsProvider {
    static final String PID = "org.hearthsync.ddns.noip";
    private static final Logger LOG = LoggerFactory.getLogger(NoIpProvider.class);

    private final String hostname;
    private final String username;
    private final String password;
    private final boolean ipv6;
    private final URI base;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public NoIpProvider(NoIpConfig config, BundleContext context) {
        this(config, version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    NoIpProvider(NoIpConfig config, String version, HttpClient http) {
        this.hostname = config.hostname().strip();
        this.username = config.username().strip();
        this.password = config._password();
        this.ipv6 = config.ddns_ipv6();
        this.base = URI.create(config.base_url().strip());
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
        LOG.debug("No-IP provider for {} ready", hostname);
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public String hostName() {
        return hostname;
    }

    @Override
    public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
        if (hostname.isEmpty()) {
            return UpdateResult.of(UpdateResult.Outcome.BAD_NAME, "no host name is set");
        }
        StringBuilder q = new StringBuilder("hostname=").append(Dyndns2.encode(hostname));
        if (ipv4 != null) {
            q.append("&myip=").append(Dyndns2.encode(ipv4.getHostAddress()));
        }
        if (ipv6 != null && this.ipv6) {
            q.append("&myipv6=").append(Dyndns2.encode(ipv6.getHostAddress()));
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + (base.getRawQuery() == null ? "?" : "&") + q))
                .timeout(Dyndns2.REQUEST_TIMEOUT).header("Authorization", Dyndns2.basicAuth(username, password))
                .header("User-Agent", userAgent).GET().build();
        LOG.debug("asking No-IP to point {} at {} {}", hostname, ipv4, ipv6);
        UpdateResult r = Dyndns2.send(http, req);
        LOG.debug("No-IP answered for {}: {} {}", hostname, r.outcome(), r.message());
        return r;
    }
}
