package org.hearthsync.ddns.noip.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.SentAddresses;
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
 * authentication and the User-Agent No-IP asks software clients for
 * ({@code Hearth/<version> <OS>-<OS version> <the user's e-mail>}). IPv6 is off by default: see
 * {@link NoIpConfig#ddns_ipv6()}.
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
        this.userAgent = Dyndns2.userAgent(version, contact(config.contact(), username));
        this.http = http;
        LOG.debug("No-IP provider for {} ready", hostname);
    }

    /**
     * No-IP asks for a maintainer contact in the User-Agent: the user's own address (the contact
     * setting, else the user name when it is an e-mail address, as No-IP account names are).
     */
    static String contact(String configured, String username) {
        String c = configured == null ? "" : configured.strip();
        if (!c.isEmpty()) {
            return c;
        }
        if (username.contains("@")) {
            return username;
        }
        LOG.warn("No-IP asks for a contact e-mail address in each update; set one in the No-IP settings "
                + "(the User-Agent carries none now)");
        return null;
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public String hostName() {
        return hostname;
    }

    /** IPv4 as {@code myip}, IPv6 as {@code myipv6} when IPv6 updates are on. */
    @Override
    public SentAddresses toSend(InetAddress ipv4, InetAddress ipv6) {
        return new SentAddresses(ipv4, this.ipv6 ? ipv6 : null);
    }

    @Override
    public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
        if (hostname.isEmpty()) {
            return UpdateResult.of(UpdateResult.Outcome.BAD_NAME, "no host name is set");
        }
        SentAddresses sent = toSend(ipv4, ipv6);
        if (sent.isEmpty()) {
            // without myip No-IP takes the connection's address: never send a request without one
            return UpdateResult.skipped("no public IPv4 address is known and IPv6 updates are off");
        }
        StringBuilder q = new StringBuilder("hostname=").append(Dyndns2.encode(hostname));
        if (sent.ipv4() != null) {
            q.append("&myip=").append(Dyndns2.encode(Dyndns2.text(sent.ipv4())));
        }
        if (sent.ipv6() != null) {
            q.append("&myipv6=").append(Dyndns2.encode(Dyndns2.text(sent.ipv6())));
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + (base.getRawQuery() == null ? "?" : "&") + q))
                .timeout(Dyndns2.REQUEST_TIMEOUT).header("Authorization", Dyndns2.basicAuth(username, password))
                .header("User-Agent", userAgent).GET().build();
        LOG.debug("asking No-IP to point {} at {} {}", hostname, sent.ipv4(), sent.ipv6());
        UpdateResult r = Dyndns2.send(http, req).withSent(sent);
        LOG.debug("No-IP answered for {}: {} {}", hostname, r.outcome(), r.message());
        return r;
    }
}
