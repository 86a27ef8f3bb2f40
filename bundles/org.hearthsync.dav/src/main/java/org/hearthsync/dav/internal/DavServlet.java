package org.hearthsync.dav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.hearthsync.activesync.AuthThrottle;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.listener.Listener;
import org.hearthsync.api.listener.ListenerPorts;
import org.hearthsync.auth.BasicCredentials;
import org.hearthsync.auth.CredentialCache;
import org.hearthsync.auth.PasswordHash;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.dav.DavPaths;
import org.hearthsync.transport.ServletIo;
import org.hearthsync.transport.Listeners;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * CalDAV and CardDAV on the EAS listener, over TLS only, for the same accounts and passwords as the phones and
 * behind the same sign-in throttle (HTTP 429 with Retry-After while an address is locked out). Verified credentials
 * are cached as the EAS endpoint caches them, so a client's stream of requests does not pay the slow password hash
 * each time. The RFC 6764 well-known paths redirect to {@link DavPaths#ROOT} (on the TLS port, from the plain port too),
 * where {@code current-user-principal}
 * leads on to the account's collections.
 *
 * <p>An account whose store is a CalDAV/CardDAV server of its own is refused with the address of that server: its
 * programs are better served by the origin than by a copy through Hearth.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/dav", "/dav/*", DavPaths.WELL_KNOWN_CALDAV, DavPaths.WELL_KNOWN_CARDDAV })
@HttpWhiteboardTarget(Listeners.DAV_TARGET)
public final class DavServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DavServlet.class);
    static final String REALM = "Basic realm=\"Hearth\", charset=\"UTF-8\"";
    static final int MAX_BODY = (int) Props.MAX_RESOURCE_BYTES;
    /** RFC 9110 421 Misdirected Request: the loopback port answers for this computer's own names only. */
    static final int MISDIRECTED = 421;

    /** A store service and the properties it was registered with. */
    private record StoreRef(PimStore store, Map<String, Object> props) {
    }

    private final transient AccountRegistry accounts;
    private final transient AuthThrottle throttle;
    private final transient CredentialCache credentials;
    private final transient Aliases aliases;
    private final transient Engine engine = new Engine();
    private final transient Map<String, StoreRef> stores = new ConcurrentHashMap<>();
    /** The TLS port actually listening, 0 while unknown: where the well-known paths on the plain port send clients. */
    private volatile int tlsPort;
    /** The plain-HTTP DAV port for programs on this computer, 0 while it is off. */
    private volatile int loopbackPort;

    @Activate
    public DavServlet(@Reference AccountRegistry accounts, @Reference AuthThrottle throttle, BundleContext context) {
        this(accounts, throttle, aliasFile(context.getProperty("hearth.data")));
    }

    DavServlet(AccountRegistry accounts, AuthThrottle throttle, Path aliasFile) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.credentials = new CredentialCache(java.time.Clock.systemUTC(), accounts::version);
        this.aliases = new Aliases(aliasFile);
    }

    private static Path aliasFile(String data) {
        return data == null ? null : Path.of(data).resolve("dav").resolve("collection-urls.properties");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeStore",
            updated = "addStore")
    void addStore(PimStore store, Map<String, Object> props) {
        Object name = props.get(PimStore.NAME);
        if (name != null) {
            stores.values().removeIf(r -> r.store() == store);
            stores.put(name.toString(), new StoreRef(store, Map.copyOf(props)));
        }
    }

    void removeStore(PimStore store, Map<String, Object> props) {
        stores.values().removeIf(r -> r.store() == store);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = Listeners.PUBLIC_TARGET, updated = "setRuntime", unbind = "unsetRuntime")
    void setRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        tlsPort = Listeners.endpointPort(props.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT), "https");
    }

    void unsetRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        tlsPort = 0;
    }

    /** The listeners as the transport publishes them: whether, and on which port, DAV is served in plain on loopback. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, updated = "setListeners",
            unbind = "unsetListeners")
    void setListeners(ListenerPorts ports) {
        loopbackPort = ports.listener(Listener.Role.DAV_LOOPBACK).map(Listener::port).orElse(0);
    }

    void unsetListeners(ListenerPorts ports) {
        loopbackPort = 0;
    }

    /**
     * Whether the request came over the loopback-only DAV listener: to its port, on a loopback address, from a
     * loopback address. The setup port is plain HTTP too and also answers on 127.0.0.1; it stays refused.
     */
    boolean viaLoopbackListener(HttpServletRequest req) {
        int port = loopbackPort;
        return port != 0 && req.getLocalPort() == port && Hosts.loopback(req.getLocalAddr())
                && Hosts.loopback(req.getRemoteAddr());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String uri = req.getRequestURI();
        if (uri.equals(DavPaths.WELL_KNOWN_CALDAV) || uri.equals(DavPaths.WELL_KNOWN_CARDDAV)) {
            wellKnown(req, resp);
            return;
        }
        if (!req.isSecure()) {
            if (!viaLoopbackListener(req)) {
                LOG.debug("refused DAV over plain HTTP from {}", req.getRemoteAddr());
                resp.sendError(HttpServletResponse.SC_FORBIDDEN, "CalDAV and CardDAV are served over HTTPS only");
                return;
            }
            if (!Hosts.loopbackHost(req.getHeader("Host"))) {
                // a web page whose name was made to resolve to 127.0.0.1 (DNS rebinding) names its own host here
                LOG.debug("refused DAV on the loopback port for Host {}", req.getHeader("Host"));
                resp.sendError(MISDIRECTED, "use http://localhost:" + req.getLocalPort() + "/dav/");
                return;
            }
        }
        if ("OPTIONS".equals(req.getMethod())) {
            // capabilities are no secret, and some clients ask before they sign in
            write(resp, DavResponse.of(200).header("DAV", Engine.DAV_HEADER).header("Allow", Engine.ALLOW));
            return;
        }
        Optional<Account> account = signIn(req, resp);
        if (account.isEmpty()) {
            return;
        }
        StoreRef ref = stores.get(account.get().storeName());
        if (ref == null) {
            resp.setHeader("Retry-After", "30");
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the account's store is not available now");
            return;
        }
        if ("dav".equals(ref.props().get(PimStore.TYPE))) {
            String origin = origin(ref.props().get("url"));
            resp.setContentType("text/plain; charset=utf-8");
            resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
            resp.getWriter().print("This account's calendars and contacts live on a CalDAV/CardDAV server of their own"
                    + (origin == null ? "" : ": " + origin) + ". Point your calendar and address book programs at that"
                    + " server directly; Hearth serves it to phones over Exchange ActiveSync.\n");
            return;
        }
        Map<String, String> headers = new HashMap<>();
        for (String n : Collections.list(req.getHeaderNames())) {
            headers.putIfAbsent(n.toLowerCase(Locale.ROOT), req.getHeader(n));
        }
        DavRequest request;
        boolean oversized = false;
        try (InputStream in = req.getInputStream()) {
            request = new DavRequest(req.getMethod(), uri, headers, body(req.getContentLengthLong(), in));
        } catch (ServletIo.TooLarge e) {
            // the rest of the body stays unread; the answer closes the connection rather than wait for it
            request = DavRequest.oversized(req.getMethod(), uri, headers);
            oversized = true;
        }
        Space space = new Space(account.get(), account.get().storeName(), ref.store(), aliases);
        DavResponse r = engine.handle(request, space);
        if (oversized) {
            r.header("Connection", "close");
        }
        if (r.status() >= 500) {
            LOG.warn("DAV {} {} for {} failed with {}", req.getMethod(), uri, account.get().userName(), r.status());
        } else {
            LOG.debug("DAV {} {} for {}: {}", req.getMethod(), uri, account.get().userName(), r.status());
        }
        write(resp, r);
    }

    /**
     * RFC 6764 section 5: a redirect to the context path, no credentials needed to learn it. On the TLS port that is
     * {@code /dav/}; on the plain setup port (where a client given only the host name may knock first, section 6)
     * it is the absolute {@code https://} address of the TLS port's {@code /dav/}, since DAV is not served in plain.
     */
    private void wellKnown(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.isSecure() || viaLoopbackListener(req)) {
            resp.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            resp.setHeader("Location", DavPaths.ROOT);
            resp.setContentLength(0);
            return;
        }
        int port = tlsPort;
        if (port == 0) {
            resp.setHeader("Retry-After", "30");
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the HTTPS listener is not running yet");
            return;
        }
        Optional<String> target = Listeners.httpsUrl(req.getHeader("Host"), port, DavPaths.ROOT);
        if (target.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "no usable Host header");
            return;
        }
        resp.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        resp.setHeader("Location", target.get());
        resp.setContentLength(0);
    }

    /** The signed-in account, or empty when the answer (401, 429, 503) has been written. */
    private Optional<Account> signIn(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String address = req.getRemoteAddr();
        String authorization = req.getHeader("Authorization");
        Optional<BasicCredentials> c = BasicCredentials.parse(authorization);
        Optional<Duration> locked = throttle.lockedFor(address, c.map(BasicCredentials::userName).orElse(null));
        if (locked.isPresent()) {
            c.ifPresent(x -> PasswordHash.clear(x.password()));
            resp.setHeader("Retry-After", Long.toString(Math.max(1, locked.get().toSeconds())));
            resp.sendError(429, "too many failed sign-ins; try again later");
            return Optional.empty();
        }
        if (c.isEmpty()) {
            unauthorized(resp);
            return Optional.empty();
        }
        if (accounts.accounts().isEmpty()) {
            PasswordHash.clear(c.get().password());
            resp.setHeader("Retry-After", "30");
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no accounts are set up yet");
            return Optional.empty();
        }
        String cached = credentials.lookup(authorization);
        Optional<Account> account = cached == null ? Optional.empty() : accounts.find(cached);
        if (account.isPresent()) {
            PasswordHash.clear(c.get().password());
            return account;
        }
        account = accounts.authenticate(c.get().userName(), c.get().password());
        PasswordHash.clear(c.get().password());
        if (account.isEmpty()) {
            throttle.failure(address, null, c.get().userName());
            LOG.debug("DAV: wrong user name or password from {}", address);
            unauthorized(resp);
            return Optional.empty();
        }
        credentials.remember(authorization, account.get().userName());
        return account;
    }

    private static void unauthorized(HttpServletResponse resp) throws IOException {
        resp.setHeader("WWW-Authenticate", REALM);
        resp.sendError(HttpServletResponse.SC_UNAUTHORIZED, "sign in with the Hearth account's name and password");
    }

    /** The origin server's address without any user information, for the refusal message. */
    static String origin(Object url) {
        if (url == null || url.toString().isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(url.toString().trim());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * The request body, at most {@link #MAX_BODY} octets: a larger declared length is refused before anything is read,
     * and a body without one (chunked) is read no further than one octet past the limit. Nothing is allocated for a
     * length the client only claims.
     */
    static byte[] body(long declared, InputStream in) throws IOException {
        return ServletIo.readBody(declared, in, MAX_BODY, Long.MAX_VALUE, 0);
    }

    private static void write(HttpServletResponse resp, DavResponse r) throws IOException {
        ServletIo.write(resp, r.status(), r.headers(), r.contentType(), r.body());
    }
}
