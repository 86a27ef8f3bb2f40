package org.hearthsync.ddns.dynu.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
 * Creates host names under Dynu's free domains through its API v2: {@code POST /v2/dns} with the
 * header {@code API-Key} and a JSON DNS service ({@code name}, {@code group}, {@code ipv4},
 * {@code ipv6}, {@code ttl}, wildcard, zone transfer and DNSSEC flags). Dynu answers with the new
 * service (its {@code id} and {@code name}) or an exception object
 * {@code {"statusCode": .., "type": "..", "message": ".."}}, whose status may also be the HTTP
 * status. The name is then kept current by {@link DynuProvider}'s dyndns2 updates, which need the
 * account's user name and (IP update) password, so those are asked for too. No credential is logged.
 */
@Component(service = DnsNameGenerator.class, configurationPid = DynuNames.PID, property = DnsProvider.PROVIDER + "=dynu")
public final class DynuNames implements DnsNameGenerator {
    static final String PID = "org.hearthsync.ddns.dynu.names";
    static final String API_KEY = "apikey";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    private static final Logger LOG = LoggerFactory.getLogger(DynuNames.class);
    private static final Pattern TAKEN = Pattern.compile("(?i)exist|taken|unavailable|already|in use|not available");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d{3})");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final URI api;
    private final List<String> domains;
    private final String userAgent;
    private final HttpClient http;

    @Activate
    public DynuNames(DynuNamesConfig config, BundleContext context) {
        this(config, DynuProvider.version(context.getBundle().getVersion()), Dyndns2.newClient());
    }

    DynuNames(DynuNamesConfig config, String version, HttpClient http) {
        String a = config.api_url().strip();
        this.api = URI.create(a.endsWith("/") ? a : a + "/");
        this.domains = Arrays.stream(config.domains()).map(d -> d.strip().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty())
                .distinct().toList();
        this.userAgent = Dyndns2.userAgent(version);
        this.http = http;
    }

    @Override
    public String provider() {
        return "dynu";
    }

    @Override
    public String displayName() {
        return "Dynu";
    }

    @Override
    public String signUpUrl() {
        return "https://www.dynu.com/en-US/ControlPanel/CreateAccount";
    }

    @Override
    public String accountPid() {
        return DynuProvider.PID;
    }

    @Override
    public List<String> domains() {
        return domains;
    }

    @Override
    public List<Credential> credentials() {
        return List.of(
                new Credential(API_KEY, "Dynu API key", true, "From dynu.com, Control Panel, API Credentials. Used once, not stored."),
                new Credential(USERNAME, "Dynu user name", false, "Your Dynu user name, for the address updates."),
                new Credential(PASSWORD, "Dynu password", true,
                        "Your Dynu password or the IP update password set in Dynu's control panel, for the address updates."));
    }

    @Override
    public GeneratedName create(String label, String domain, Map<String, String> credentials) {
        String l = DnsNameGenerator.label(label);
        if (l == null || !domains.contains(domain)) {
            return GeneratedName.failed(Outcome.INVALID, "a name at Dynu is letters, digits and hyphens, then one of Dynu's domains");
        }
        Map<String, String> c = credentials == null ? Map.of() : credentials;
        String key = c.getOrDefault(API_KEY, "").strip();
        String user = c.getOrDefault(USERNAME, "").strip();
        String password = c.getOrDefault(PASSWORD, "");
        if (key.isEmpty() || user.isEmpty() || password.isEmpty()) {
            return GeneratedName.failed(Outcome.BAD_AUTH, "Dynu needs the API key, the user name and the password");
        }
        String host = l + "." + domain;
        String json = "{\"name\": \"" + host + "\", \"group\": \"\", \"ipv4\": true, \"ipv6\": true, \"ttl\": 90,"
                + " \"ipv4WildcardAlias\": false, \"ipv6WildcardAlias\": false, \"allowZoneTransfer\": false, \"dnssec\": false}";
        HttpRequest req = HttpRequest.newBuilder(api.resolve("dns")).timeout(Dyndns2.REQUEST_TIMEOUT).header("API-Key", key)
                .header("Content-Type", "application/json").header("Accept", "application/json").header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        LOG.debug("asking Dynu to create {}", host);
        GeneratedName r = read(req, host, user, password);
        LOG.debug("Dynu answered for {}: {} {}", host, r.outcome(), r.message());
        return r;
    }

    private GeneratedName read(HttpRequest req, String host, String user, String password) {
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
        String body = resp.body() == null ? "" : resp.body();
        Matcher sm = STATUS.matcher(body);
        int status = resp.statusCode() >= 200 && resp.statusCode() < 300 && sm.find() ? Integer.parseInt(sm.group(1))
                : resp.statusCode();
        String type = first(TYPE, body);
        String message = first(MESSAGE, body);
        String text = "HTTP " + status + (type.isEmpty() ? "" : ": " + type) + (message.isEmpty() ? "" : ": " + message);
        if (status >= 200 && status < 300) {
            Matcher id = ID.matcher(body);
            if (!id.find()) {
                return GeneratedName.failed(Outcome.SERVER_ERROR, "Dynu's answer carries no id: " + Dyndns2.firstLine(body));
            }
            return GeneratedName.created(host, "Dynu created " + host + " (id " + id.group(1) + ")",
                    Map.of("hostname", host, "username", user, "_password", password));
        }
        if (status == 429) {
            return new GeneratedName(Outcome.RATE_LIMITED, null, text,
                    Dyndns2.retryAfter(resp.headers().firstValue("Retry-After").orElse(null), Instant.now()), Map.of());
        }
        if (status == 401 || status == 403 || type.toLowerCase(Locale.ROOT).contains("authentication")) {
            return GeneratedName.failed(Outcome.BAD_AUTH, text);
        }
        if (TAKEN.matcher(message).find()) {
            return GeneratedName.failed(Outcome.TAKEN, text);
        }
        if (message.toLowerCase(Locale.ROOT).contains("limit")) {
            return GeneratedName.failed(Outcome.LIMIT, text);
        }
        if (status >= 400 && status < 500 || status == 501) {
            // a 501 is read as a refused request, not an outage (Dynu's exception objects use it; not checked live)
            return GeneratedName.failed(Outcome.INVALID, text);
        }
        return new GeneratedName(Outcome.SERVER_ERROR, null, text, status >= 500
                ? Dyndns2.retryAfter(resp.headers().firstValue("Retry-After").orElse(null), Instant.now()) : null, Map.of());
    }

    private static String first(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? Dyndns2.firstLine(m.group(1).replace("\\\"", "\"")) : "";
    }
}
