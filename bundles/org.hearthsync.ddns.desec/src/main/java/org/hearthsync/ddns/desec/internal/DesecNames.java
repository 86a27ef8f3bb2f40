package org.hearthsync.ddns.desec.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.api.ddns.DnsNameGenerator;
import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.GeneratedName;
import org.hearthsync.api.ddns.GeneratedName.Outcome;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates dedyn.io names through deSEC's REST API: {@code POST /api/v1/domains/} with
 * {@code {"name": "LABEL.dedyn.io"}} and {@code Authorization: Token ..}. deSEC answers 201 when
 * created, 400 when the name is taken or not allowed, 401 for a bad token, 403 when the account may
 * not have more domains (or the token lacks the permission), and 429 with {@code Retry-After} when
 * throttled. The token is never logged.
 */
@Component(service = DnsNameGenerator.class, configurationPid = DesecNames.PID, property = DnsProvider.PROVIDER + "=desec")
public final class DesecNames implements DnsNameGenerator {
    static final String PID = "org.hearthsync.ddns.desec.names";
    static final String TOKEN = "token";
    private static final Logger LOG = LoggerFactory.getLogger(DesecNames.class);
    private static final Pattern TAKEN = Pattern.compile("(?i)conflict|exist|taken|unavailable|already|registered");
    private static final Pattern TEXT = Pattern.compile("\"(?:detail|name|non_field_errors|message)\"\\s*:\\s*\\[?\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final URI api;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public DesecNames(DesecNamesConfig config, BundleContext context) {
        this(config, DesecProvider.version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    DesecNames(DesecNamesConfig config, String version, HttpClient http) {
        String a = config.api_url().strip();
        this.api = URI.create(a.endsWith("/") ? a : a + "/");
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
    }

    @Override
    public String provider() {
        return "desec";
    }

    @Override
    public String displayName() {
        return "deSEC";
    }

    @Override
    public String signUpUrl() {
        return "https://desec.io/signup";
    }

    @Override
    public String accountPid() {
        return DesecProvider.PID;
    }

    @Override
    public List<String> domains() {
        return List.of("dedyn.io");
    }

    @Override
    public List<Credential> credentials() {
        return List.of(new Credential(TOKEN, "deSEC token", true,
                "A token of your deSEC account allowed to create domains (desec.io, Token management)."));
    }

    @Override
    public GeneratedName create(String label, String domain, Map<String, String> credentials) {
        String l = DnsNameGenerator.label(label);
        if (l == null || !domains().contains(domain)) {
            return GeneratedName.failed(Outcome.INVALID, "a name at deSEC is letters, digits and hyphens, then .dedyn.io");
        }
        String token = credentials == null ? "" : credentials.getOrDefault(TOKEN, "").strip();
        if (token.isEmpty()) {
            return GeneratedName.failed(Outcome.BAD_AUTH, "no deSEC token was given");
        }
        String host = l + "." + domain;
        HttpRequest req = HttpRequest.newBuilder(api.resolve("domains/")).timeout(Dyndns2.REQUEST_TIMEOUT)
                .header("Authorization", "Token " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json").header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + host + "\"}", StandardCharsets.UTF_8)).build();
        LOG.debug("asking deSEC to create {}", host);
        GeneratedName r = read(req, host, token);
        LOG.debug("deSEC answered for {}: {} {}", host, r.outcome(), r.message());
        return r;
    }

    private GeneratedName read(HttpRequest req, String host, String token) {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return GeneratedName.failed(Outcome.UNREACHABLE, req.uri().getHost() + " did not answer in time");
        } catch (IOException e) {
            return GeneratedName.failed(Outcome.UNREACHABLE, Dyndns2.unreachable(req, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return GeneratedName.failed(Outcome.UNREACHABLE, "interrupted while calling " + req.uri().getHost());
        }
        int status = resp.statusCode();
        String text = text(resp.body(), status);
        if (status == 201 || status == 200) {
            return GeneratedName.created(host, "deSEC created " + host, Map.of("hostname", host, "_token", token));
        }
        if (status == 429) {
            return new GeneratedName(Outcome.RATE_LIMITED, null, text, Dyndns2.retryAfter(
                    resp.headers().firstValue("Retry-After").orElse(null), Instant.now()), Map.of());
        }
        if (status == 401) {
            return GeneratedName.failed(Outcome.BAD_AUTH, text);
        }
        if (status == 403) {
            return GeneratedName.failed(text.toLowerCase(Locale.ROOT).contains("limit") ? Outcome.LIMIT : Outcome.BAD_AUTH, text);
        }
        if (status == 400 || status == 409) {
            return GeneratedName.failed(TAKEN.matcher(text).find() ? Outcome.TAKEN : Outcome.INVALID, text);
        }
        return new GeneratedName(Outcome.SERVER_ERROR, null, text, status >= 500 ? Dyndns2.retryAfter(
                resp.headers().firstValue("Retry-After").orElse(null), Instant.now()) : null, Map.of());
    }

    /** deSEC's explanation ({@code detail}, or the first message about a field), else the status. */
    static String text(String body, int status) {
        Matcher m = TEXT.matcher(body == null ? "" : body);
        String s = m.find() ? Dyndns2.firstLine(m.group(1).replace("\\\"", "\"")) : "";
        return "HTTP " + status + (s.isEmpty() ? "" : ": " + s);
    }
}
