package org.hearthsync.ddns.custom.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
 * Any dyndns2-style service, from a URL template: placeholders {@code {hostname} {ip} {ipv4}
 * {ipv6} {username} {password}} are URL-encoded into the URL (and into a form body), the request
 * is sent with the configured method, and the answer counts as success when it matches the
 * success pattern; otherwise it is read as dyndns2 words by {@link Dyndns2}. In "name-only" mode
 * the plugin only records the user's DNS name and never calls anything.
 */
@Component(service = DnsProvider.class, configurationPid = CustomProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = DnsProvider.PROVIDER + "=custom")
@Designate(ocd = CustomConfig.class, factory = true)
public final class CustomProvider implements DnsProvider {
    static final String PID = org.hearthsync.ddns.custom.CustomDnsSettings.FACTORY_PID;
    static final String NAME_ONLY = org.hearthsync.ddns.custom.CustomDnsSettings.NAME_ONLY;
    private static final Logger LOG = LoggerFactory.getLogger(CustomProvider.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(hostname|ip|ipv4|ipv6|username|password)\\}");

    private final boolean nameOnly;
    private final String hostname;
    private final String urlTemplate;
    private final String method;
    private final String bodyTemplate;
    private final String contentType;
    private final String username;
    private final String password;
    private final Pattern success;
    private final boolean ipv6;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public CustomProvider(CustomConfig config, BundleContext context) {
        this(config, version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    CustomProvider(CustomConfig config, String version, HttpClient http) {
        this.nameOnly = NAME_ONLY.equals(config.mode().strip());
        this.hostname = config.hostname().strip();
        this.urlTemplate = config._update_url().strip();
        this.method = config.method().strip().toUpperCase(Locale.ROOT);
        this.bodyTemplate = config.body();
        this.contentType = config.content_type().strip();
        this.username = config.username().strip();
        this.password = config._password();
        Pattern p;
        try {
            p = Pattern.compile(config.success_regex(), Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            LOG.warn("the success pattern of the custom dynamic DNS for {} is not a regular expression; "
                    + "reading answers as dyndns2 words only", hostname);
            p = null;
        }
        this.success = p;
        this.ipv6 = config.ddns_ipv6();
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
        LOG.debug("custom dynamic DNS for {} ready ({})", hostname, nameOnly ? "name only" : method);
    }

    static String version(Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public String hostName() {
        return hostname;
    }

    /**
     * What a call would send: IPv4 when the template (URL or body) has {@code {ip}} or {@code {ipv4}},
     * IPv6 when it has {@code {ipv6}} and IPv6 is on; nothing when a placeholder it has has no value
     * (the call is skipped rather than sending {@code myip=} empty, which services read as "use the
     * connection's address" or "delete the record"). A template without address placeholders counts
     * as sending the connection's address (the public IPv4, else the IPv6).
     */
    @Override
    public SentAddresses toSend(InetAddress ipv4, InetAddress ipv6) {
        if (nameOnly) {
            return SentAddresses.NONE;
        }
        InetAddress v6 = this.ipv6 ? ipv6 : null;
        boolean wantsV4 = uses("ip") || uses("ipv4");
        boolean wantsV6 = uses("ipv6");
        if (wantsV4 && ipv4 == null || wantsV6 && v6 == null) {
            return SentAddresses.NONE;
        }
        if (!wantsV4 && !wantsV6) {
            // no address in the request: the service takes the connection's address, which is the
            // public IPv4 when there is one; calling again is worth it only when that changes
            return ipv4 != null ? new SentAddresses(ipv4, null) : new SentAddresses(null, v6);
        }
        return new SentAddresses(wantsV4 ? ipv4 : null, wantsV6 ? v6 : null);
    }

    private boolean uses(String placeholder) {
        String p = "{" + placeholder + "}";
        return urlTemplate.contains(p) || (method.equals("POST") || method.equals("PUT")) && bodyTemplate.contains(p);
    }

    @Override
    public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
        if (nameOnly) {
            return UpdateResult.of(Outcome.UNCHANGED, "the name is managed outside Hearth; nothing was called")
                    .withSent(SentAddresses.NONE);
        }
        if (urlTemplate.isEmpty()) {
            return UpdateResult.of(Outcome.REFUSED, "no update URL is set");
        }
        if (!this.ipv6 && uses("ipv6")) {
            return UpdateResult.of(Outcome.REFUSED, "the update URL uses {ipv6} but IPv6 updates are off");
        }
        SentAddresses sent = toSend(ipv4, ipv6);
        if (sent.isEmpty()) {
            return UpdateResult.skipped(skipReason(ipv4, ipv6));
        }
        String v4 = ipv4 == null ? "" : Dyndns2.text(ipv4);
        String v6 = ipv6 != null && this.ipv6 ? Dyndns2.text(ipv6) : "";
        Map<String, String> values = Map.of("hostname", hostname, "ip", v4, "ipv4", v4, "ipv6", v6, "username",
                username, "password", password);
        URI uri;
        try {
            uri = URI.create(fill(urlTemplate, values, Dyndns2::encode));
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                return UpdateResult.of(Outcome.REFUSED, "the update URL must be an http:// or https:// address");
            }
            if (uri.getRawUserInfo() != null) {
                return UpdateResult.of(Outcome.REFUSED, "put the user name and password in their own fields, not in the URL");
            }
        } catch (IllegalArgumentException e) {
            // the message would quote the URL, placeholders filled in: never pass it on
            return UpdateResult.of(Outcome.REFUSED, "the update URL is not a valid address");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Dyndns2.REQUEST_TIMEOUT).header("User-Agent",
                userAgent);
        if (!username.isEmpty()) {
            b.header("Authorization", Dyndns2.basicAuth(username, password));
        }
        if (method.equals("POST") || method.equals("PUT")) {
            boolean form = contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
            String body = fill(bodyTemplate, values, form ? Dyndns2::encode : UnaryOperator.identity());
            if (!contentType.isEmpty()) {
                b.header("Content-Type", contentType);
            }
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.GET();
        }
        LOG.debug("asking {} to point {} at {} {}", uri.getHost(), hostname, v4, v6);
        UpdateResult r = Dyndns2.send(http, b.build(), this::read).withSent(sent);
        LOG.debug("{} answered for {}: {} {}", uri.getHost(), hostname, r.outcome(), r.message());
        return r;
    }

    private String skipReason(InetAddress ipv4, InetAddress ipv6) {
        boolean wantsV4 = uses("ip") || uses("ipv4");
        if (wantsV4 && ipv4 == null) {
            return "the update URL needs {ip} and no public IPv4 address is known; nothing was sent (an empty "
                    + "address would make the service use the connection's address or delete the record)";
        }
        if (uses("ipv6") && ipv6 == null) {
            return "the update URL needs {ipv6} and no public IPv6 address is known; nothing was sent";
        }
        return "no public address is known; nothing was sent";
    }

    UpdateResult read(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        if (response.statusCode() / 100 == 2 && success != null && success.matcher(body).find()) {
            String line = Dyndns2.firstLine(body);
            boolean unchanged = line.toLowerCase(Locale.ROOT).startsWith("nochg");
            return UpdateResult.of(unchanged ? Outcome.UNCHANGED : Outcome.UPDATED, line.isEmpty() ? "OK" : line);
        }
        return Dyndns2.answer(response);
    }

    static String fill(String template, Map<String, String> values, UnaryOperator<String> encode) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(encode.apply(values.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
