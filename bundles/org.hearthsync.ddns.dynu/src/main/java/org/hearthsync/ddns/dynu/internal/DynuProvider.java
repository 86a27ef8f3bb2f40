package org.hearthsync.ddns.dynu.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.api.ddns.Dyndns2;
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
 * authentication. {@code myipv6=no} tells Dynu to leave the AAAA record alone when IPv6 updates
 * are off. Answers are dyndns2 words, read by {@link Dyndns2}.
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

    @Override
    public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
        if (hostname.isEmpty()) {
            return UpdateResult.of(Outcome.BAD_NAME, "no host name is set");
        }
        StringBuilder q = new StringBuilder("hostname=").append(Dyndns2.encode(hostname));
        if (ipv4 != null) {
            q.append("&myip=").append(Dyndns2.encode(ipv4.getHostAddress()));
        }
        if (!this.ipv6) {
            q.append("&myipv6=no");
        } else if (ipv6 != null) {
            q.append("&myipv6=").append(Dyndns2.encode(ipv6.getHostAddress()));
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + (base.getRawQuery() == null ? "?" : "&") + q))
                .timeout(Dyndns2.REQUEST_TIMEOUT).header("Authorization", Dyndns2.basicAuth(username, password))
                .header("User-Agent", userAgent).GET().build();
        LOG.debug("asking Dynu to point {} at {} {}", hostname, ipv4, ipv6);
        UpdateResult r = Dyndns2.send(http, req);
        LOG.debug("Dynu answered for {}: {} {}", hostname, r.outcome(), r.message());
        return r;
    }
}
