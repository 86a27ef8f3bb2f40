package org.hearthsync.ddns.support;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;

import org.hearthsync.api.ddns.UpdateResult;
import org.hearthsync.api.ddns.UpdateResult.Outcome;

/**
 * The dyndns2 protocol's answers, read once for every provider that speaks it (No-IP, Dynu, deSEC,
 * DNSdynamic, custom URLs), and the small HTTP pieces those providers share.
 *
 * <p>The answer is the first word of the body's first line: {@code good} and {@code nochg} mean
 * success, {@code badauth}, {@code nohost}, {@code !yours}, {@code notfqdn}, {@code numhost},
 * {@code abuse}, {@code badagent}, {@code !donator} and {@code badsys} need the user, {@code 911}
 * and {@code dnserr} mean a problem at the provider. HTTP 429 means too many requests (with the
 * {@code Retry-After} header), other HTTP errors are read when the body carries no answer.
 *
 * <p>Nothing here logs, and no result carries a credential: messages are built from the
 * provider's answer, the HTTP status and the host name only.
 */
public final class Dyndns2 {
    /** How long to wait for a connection to a provider. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for a provider's answer. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Formerly the contact put into every User-Agent. No longer sent: nobody reads that mailbox, and
     * No-IP asks for a contact that exists, so the No-IP provider sends the user's own address.
     *
     * @deprecated since 1.3.0; use {@link #userAgent(String, String)} with the user's address
     */
    @Deprecated
    public static final String CONTACT = "hearth@hearthsync.org";

    private static final int MAX_MESSAGE = 200;

    private Dyndns2() {
    }

    /**
     * An HTTP client for provider calls: connection timeout, HTTP/1.1, and no redirects (an
     * {@code Authorization} header must never follow a redirect to another host).
     */
    public static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The {@code User-Agent} without a contact: {@code Hearth/<version> <OS>-<OS version>}, such as
     * {@code Hearth/0.1.0 Linux-6.1.0-18-amd64}.
     */
    public static String userAgent(String version) {
        return userAgent(version, null);
    }

    /**
     * The {@code User-Agent} in the form No-IP asks software clients for ({@code NameOfProgram/OSVersion-
     * ReleaseVersion maintainer-contact}): {@code Hearth/<version> <OS>-<OS version> <contact>}, such as
     * {@code Hearth/0.1.0 Linux-6.1.0-18-amd64 alice@example.net}. The contact is left out when blank or
     * not an e-mail address (it must be a mailbox someone reads: the user's own).
     */
    public static String userAgent(String version, String contact) {
        String v = version == null || version.isBlank() ? "0" : token(version);
        String os = token(System.getProperty("os.name", "unknown")) + "-" + token(System.getProperty("os.version", "0"));
        String c = contact == null ? "" : contact.strip();
        boolean mailbox = c.matches("[^\\s@<>\\p{Cntrl}]+@[^\\s@<>\\p{Cntrl}]+\\.[^\\s@<>\\p{Cntrl}]+");
        return "Hearth/" + v + " " + os + (mailbox ? " " + c : "");
    }

    /** A User-Agent word: no spaces (Mac OS X becomes MacOSX), only visible ASCII without parentheses or slashes. */
    private static String token(String s) {
        String t = s.strip().replaceAll("[^A-Za-z0-9._+-]", "");
        return t.isEmpty() ? "unknown" : t;
    }

    /**
     * An address as text: dotted quad for IPv4, the RFC 5952 canonical form for IPv6 (lower case,
     * no leading zeros, the longest run of two or more zero groups shortened to {@code ::}, the
     * first such run on a tie), without a scope. {@link InetAddress#getHostAddress()} writes every
     * group ({@code 2a00:1450:4001:82b:0:0:0:200e}), which some services store as given.
     */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    /** The value of an HTTP Basic {@code Authorization} header. */
    public static String basicAuth(String user, String password) {
        String pair = (user == null ? "" : user) + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** A query parameter value, percent-encoded (spaces as {@code %20}). */
    public static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends the request and reads the answer with {@link #answer(HttpResponse)}. A network failure
     * or a timeout gives {@link Outcome#UNREACHABLE}; nothing is thrown.
     */
    public static UpdateResult send(HttpClient client, HttpRequest request) {
        return send(client, request, Dyndns2::answer);
    }

    /**
     * Sends the request and reads the answer with {@code reader}, for providers whose answers are
     * not dyndns2 words (their reader may still fall back to {@link #answer(HttpResponse)}). A
     * network failure or a timeout gives {@link Outcome#UNREACHABLE}; nothing is thrown.
     */
    public static UpdateResult send(HttpClient client, HttpRequest request,
            Function<HttpResponse<String>, UpdateResult> reader) {
        try {
            return reader.apply(client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (HttpTimeoutException e) {
            return UpdateResult.of(Outcome.UNREACHABLE, request.uri().getHost() + " did not answer in time");
        } catch (IOException e) {
            return UpdateResult.of(Outcome.UNREACHABLE, unreachable(request, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UpdateResult.of(Outcome.UNREACHABLE, "interrupted while calling " + request.uri().getHost());
        }
    }

    /** Reads a dyndns2 answer from a response, dating a {@code Retry-After} from now. */
    public static UpdateResult answer(HttpResponse<String> response) {
        return answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null),
                Instant.now());
    }

    /** Why a request could not be sent: the host and the exception's kind, never the URL (it may carry a token). */
    public static String unreachable(HttpRequest request, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "could not reach " + request.uri().getHost() + " (" + root.getClass().getSimpleName() + ")";
    }

    /**
     * Reads a dyndns2 answer.
     *
     * @param status     the HTTP status
     * @param body       the response body, possibly {@code null}
     * @param retryAfter the {@code Retry-After} header, or {@code null}
     * @param now        the time the answer came, to read a {@code Retry-After} date
     */
    public static UpdateResult answer(int status, String body, String retryAfter, Instant now) {
        String line = firstLine(body);
        String code = line.isEmpty() ? "" : line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (status == 429) {
            return new UpdateResult(Outcome.RATE_LIMITED, describe(status, line, "too many requests"),
                    retryAfter(retryAfter, now));
        }
        Outcome outcome = outcomeOf(code);
        if (outcome != null) {
            Duration wait = outcome == Outcome.SERVER_ERROR ? retryAfter(retryAfter, now) : null;
            return new UpdateResult(outcome, line, wait);
        }
        if (status >= 200 && status < 300) {
            return UpdateResult.of(Outcome.SERVER_ERROR, describe(status, line, "unexpected answer"));
        }
        if (status == 401 || status == 403) {
            return UpdateResult.of(Outcome.BAD_AUTH, describe(status, line, "the provider refused the credentials"));
        }
        if (status == 404) {
            return UpdateResult.of(Outcome.NO_HOST, describe(status, line, "the host name was not found"));
        }
        if (status >= 500 || status < 200 || status >= 300 && status < 400) {
            return new UpdateResult(Outcome.SERVER_ERROR, describe(status, line, "the provider has a problem"),
                    status >= 500 ? retryAfter(retryAfter, now) : null);
        }
        return UpdateResult.of(Outcome.REFUSED, describe(status, line, "the provider refused the request"));
    }

    /** The outcome a dyndns2 return code stands for, or {@code null} when the word is not one. */
    public static Outcome outcomeOf(String code) {
        switch (code == null ? "" : code.toLowerCase(Locale.ROOT)) {
            case "good":
                return Outcome.UPDATED;
            case "nochg":
                return Outcome.UNCHANGED;
            case "badauth":
                return Outcome.BAD_AUTH;
            case "nohost":
            case "!yours":
                return Outcome.NO_HOST;
            case "notfqdn":
            case "numhost":
                return Outcome.BAD_NAME;
            case "abuse":
                return Outcome.ABUSE;
            case "badagent":
            case "!donator":
            case "badsys":
                return Outcome.REFUSED;
            case "911":
            case "dnserr":
                return Outcome.SERVER_ERROR;
            default:
                return null;
        }
    }

    /**
     * A {@code Retry-After} header: delay seconds or an HTTP date. Returns {@code null} when absent
     * or unreadable, never a negative duration.
     */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            if (h.chars().allMatch(Character::isDigit)) {
                return h.length() > 9 ? Duration.ofSeconds(999_999_999L) : Duration.ofSeconds(Long.parseLong(h));
            }
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** The first non-blank line of a body, without control characters, at most 200 characters. */
    public static String firstLine(String body) {
        if (body == null) {
            return "";
        }
        for (String l : body.split("\\R")) {
            String s = l.strip();
            if (!s.isEmpty()) {
                s = s.replaceAll("\\p{Cntrl}", "");
                return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
            }
        }
        return "";
    }

    private static String describe(int status, String line, String fallback) {
        return "HTTP " + status + ": " + (line.isEmpty() ? fallback : line);
    }
}
