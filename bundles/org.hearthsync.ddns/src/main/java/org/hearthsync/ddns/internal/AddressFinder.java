package org.hearthsync.ddns.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.PublicAddressSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the public addresses: first from the {@link PublicAddressSource} services (the router, in
 * ranking order), then from the check-IP web services, in the configured order, until one gives a
 * public address of the right family. An IPv6 address that is one of this computer's temporary
 * addresses is replaced by its stable one ({@link StableIpv6}).
 */
final class AddressFinder {
    private static final Logger LOG = LoggerFactory.getLogger(AddressFinder.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ANSWER = 256;

    /** The public addresses found; either may be null. */
    record Found(InetAddress ipv4, InetAddress ipv6) {
        boolean any() {
            return ipv4 != null || ipv6 != null;
        }
    }

    private final Supplier<List<PublicAddressSource>> sources;
    private final HttpClient http;
    private final String userAgent;
    private final StableIpv6 stable;
    private volatile List<String> ipv4Urls = List.of();
    private volatile List<String> ipv6Urls = List.of();

    AddressFinder(Supplier<List<PublicAddressSource>> sources, String userAgent) {
        this(sources, userAgent, StableIpv6.system());
    }

    AddressFinder(Supplier<List<PublicAddressSource>> sources, String userAgent, StableIpv6 stable) {
        this.sources = sources;
        this.userAgent = userAgent;
        this.stable = stable;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    void urls(List<String> ipv4, List<String> ipv6) {
        this.ipv4Urls = List.copyOf(ipv4);
        this.ipv6Urls = List.copyOf(ipv6);
    }

    Found find() {
        InetAddress v4 = fromSources(PublicAddressSource::publicIpv4, Inet4Address.class);
        if (v4 == null) {
            v4 = fromUrls(ipv4Urls, Inet4Address.class);
        }
        InetAddress v6 = fromSources(PublicAddressSource::publicIpv6, Inet6Address.class);
        if (v6 == null) {
            v6 = fromUrls(ipv6Urls, Inet6Address.class);
        }
        // a check-IP service sees the temporary (privacy) address the system picked for the connection
        return new Found(v4, v6 == null ? null : stable.choose(v6));
    }

    private InetAddress fromSources(Function<PublicAddressSource, Optional<InetAddress>> ask,
            Class<? extends InetAddress> family) {
        for (PublicAddressSource s : sources.get()) {
            try {
                Optional<InetAddress> a = ask.apply(s);
                if (a != null && a.isPresent() && family.isInstance(a.get()) && Addresses.isPublic(a.get())) {
                    return a.get();
                }
                if (a != null && a.isPresent()) {
                    LOG.debug("public address source {} gave {}, which is not a public {}", s.getClass().getName(),
                            a.get().getHostAddress(), family.getSimpleName());
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("public address source {} failed", s.getClass().getName(), e);
            }
        }
        return null;
    }

    private InetAddress fromUrls(List<String> urls, Class<? extends InetAddress> family) {
        for (String url : urls) {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("User-Agent", userAgent)
                        .GET().build();
                HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    LOG.debug("check-IP service {} answered HTTP {}", url, r.statusCode());
                    continue;
                }
                byte[] body = r.body();
                String text = new String(body, 0, Math.min(body.length, MAX_ANSWER), StandardCharsets.US_ASCII).strip();
                Optional<InetAddress> a = Addresses.literal(text);
                if (a.isPresent() && family.isInstance(a.get()) && Addresses.isPublic(a.get())) {
                    LOG.debug("check-IP service {} says the public {} is {}", url, family.getSimpleName(),
                            a.get().getHostAddress());
                    return a.get();
                }
                LOG.debug("check-IP service {} gave no public {}: '{}'", url, family.getSimpleName(),
                        Dyndns2.firstLine(text));
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("check-IP service {} failed: {}", url, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
