package org.hearthsync.activesync.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.activesync.internal.auth.AuthThrottleImpl;
import org.hearthsync.auth.BasicCredentials;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.auth.PasswordHash;
import org.hearthsync.transport.Listeners;
import org.hearthsync.transport.Refusals;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Autodiscover on the public listener: the POX mobilesync schema (MS-ASCMD Autodiscover) for the
 * signed-in account, a clear "only mobilesync here" error for Outlook's schema, and the anonymous
 * JSON v2 form ({@code autodiscover.json?Email=...&Protocol=ActiveSync}). Over plain HTTP every
 * request is redirected to HTTPS on the EAS port, so no password ever travels in the clear.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ AutodiscoverServlet.XML_PATH, AutodiscoverServlet.JSON_PATH,
        AutodiscoverServlet.JSON_PATH + "/*" })
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
@HttpWhiteboardServletAsyncSupported // only for Refusals: a refused POST's body is read away without a thread
public final class AutodiscoverServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AutodiscoverServlet.class);
    static final String XML_PATH = "/autodiscover/autodiscover.xml";
    static final String JSON_PATH = "/autodiscover/autodiscover.json";
    static final String MOBILESYNC_REQUEST = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006";
    static final String MOBILESYNC_RESPONSE = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";
    static final String GENERIC_RESPONSE = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    private static final int MAX_BODY = 64 * 1024;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?");
    private static final Pattern EMAIL_PATH = Pattern.compile("/v1\\.0/([^/?]{1,320})");

    private final transient AccountRegistry accounts;
    private final transient AuthThrottleImpl throttle;
    private final transient Clock clock;
    private volatile Integer easPort;

    @Activate
    public AutodiscoverServlet(@Reference AccountRegistry accounts, @Reference AuthThrottleImpl throttle) {
        this(accounts, throttle, Clock.systemUTC());
    }

    AutodiscoverServlet(AccountRegistry accounts, AuthThrottleImpl throttle, Clock clock) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + Listeners.PROPERTY + "=" + Listeners.PUBLIC + ")", updated = "updatedRuntime")
    void setRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        easPort = httpsPort(props.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT)).orElse(null);
    }

    void updatedRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        setRuntime(runtime, props);
    }

    void unsetRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        easPort = null;
    }

    static Optional<Integer> httpsPort(Object endpoints) {
        int port = Listeners.endpointPort(endpoints, "https");
        return port > 0 ? Optional.of(port) : Optional.empty();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String host = req.getHeader("Host");
        if (host == null || !HOST.matcher(host).matches()) {
            Refusals.refuse(req, resp, r -> r.sendError(400));
            return;
        }
        if (!req.isSecure()) {
            redirectToHttps(req, resp, host);
            return;
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.toLowerCase(Locale.ROOT).startsWith(JSON_PATH)) {
            json(req, resp, host);
        } else {
            pox(req, resp, host);
        }
    }

    private void redirectToHttps(HttpServletRequest req, HttpServletResponse resp, String host) throws IOException {
        Integer port = easPort;
        if (port == null) {
            Refusals.refuse(req, resp, r -> {
                r.setHeader("Retry-After", "30");
                r.sendError(503);
            });
            return;
        }
        String target = Listeners.httpsUrl(host, port, req.getRequestURI()
                + (req.getQueryString() == null ? "" : "?" + req.getQueryString())).orElseThrow();
        int status = "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()) ? 302 : 307;
        Refusals.refuse(req, resp, r -> {
            r.setStatus(status);
            r.setHeader("Location", target);
            r.setContentLength(0);
        });
    }

    // ---------------------------------------------------------------- JSON v2

    private void json(HttpServletRequest req, HttpServletResponse resp, String host) throws IOException {
        String protocol = req.getParameter("Protocol");
        String email = req.getParameter("Email");
        if (email == null && req.getPathInfo() != null) {
            Matcher m = EMAIL_PATH.matcher(req.getPathInfo());
            if (m.matches()) {
                email = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            }
        }
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        if (email == null || email.isBlank() || email.length() > 320) {
            resp.setStatus(400);
            resp.getWriter().print("{\"ErrorCode\":\"MissingEmail\",\"ErrorMessage\":\"An Email parameter is required\"}");
            return;
        }
        if (protocol == null || !"activesync".equalsIgnoreCase(protocol.trim())) {
            resp.setStatus(400);
            resp.getWriter().print("{\"ErrorCode\":\"InvalidProtocol\",\"ErrorMessage\":\"The given protocol value is"
                    + " invalid. Supported values are 'ActiveSync'\"}");
            return;
        }
        resp.getWriter().print("{\"Protocol\":\"ActiveSync\",\"Url\":\"" + easUrl(host) + "\"}");
    }

    static String easUrl(String host) {
        String h = host.endsWith(":443") ? host.substring(0, host.length() - 4) : host;
        return "https://" + h + Listeners.EAS_PATH;
    }

    // ---------------------------------------------------------------- POX

    /**
     * Every answer before the body is read goes through {@link Refusals}: phones POST here without a password first
     * and send the same POST with one on the same connection, which must still be open (and said to close if not).
     */
    private void pox(HttpServletRequest req, HttpServletResponse resp, String host) throws IOException {
        String address = req.getRemoteAddr();
        Optional<BasicCredentials> credentials = BasicCredentials.parse(req.getHeader("Authorization"));
        Optional<Duration> locked = throttle.lockedFor(address, credentials.map(BasicCredentials::userName).orElse(null));
        if (locked.isPresent()) {
            credentials.ifPresent(x -> PasswordHash.clear(x.password()));
            String retryAfter = Long.toString(Math.max(1, locked.get().toSeconds()));
            Refusals.refuse(req, resp, r -> {
                r.setHeader("Retry-After", retryAfter);
                r.setStatus(429);
                r.setContentLength(0);
            });
            return;
        }
        if (credentials.isEmpty()) {
            Refusals.refuse(req, resp, AutodiscoverServlet::unauthorized);
            return;
        }
        BasicCredentials c = credentials.get();
        if (accounts.accounts().isEmpty()) {
            PasswordHash.clear(c.password());
            Refusals.refuse(req, resp, r -> {
                r.setHeader("Retry-After", "30");
                r.setStatus(503);
                r.setContentLength(0);
            });
            return;
        }
        Optional<Account> account = accounts.authenticate(c.userName(), c.password());
        PasswordHash.clear(c.password());
        if (account.isEmpty()) {
            throttle.failure(address, null, c.userName());
            LOG.debug("autodiscover: wrong user name or password from {}", address);
            Refusals.refuse(req, resp, AutodiscoverServlet::unauthorized);
            return;
        }
        if (!"POST".equals(req.getMethod())) {
            String error = AutodiscoverXml.error(600, "Invalid Request", "POST an Autodiscover request", clock);
            Refusals.refuse(req, resp, r -> xml(r, error));
            return;
        }
        AutodiscoverXml.Request request;
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            request = body.length > MAX_BODY ? null : AutodiscoverXml.parse(body);
            if (body.length > MAX_BODY) {
                resp.setHeader("Connection", "close"); // the rest stays unread: the connection ends with this answer
            }
        }
        xml(resp, answer(request, account.get(), host, clock));
    }

    /** The POX answer for a signed-in account; {@code request} is {@code null} when the body was not Autodiscover. */
    static String answer(AutodiscoverXml.Request request, Account a, String host, Clock clock) {
        if (request == null) {
            return AutodiscoverXml.error(600, "Invalid Request", "not an Autodiscover request", clock);
        }
        if (!MOBILESYNC_REQUEST.equals(request.schema())
                || (request.acceptableSchema() != null && !MOBILESYNC_RESPONSE.equals(request.acceptableSchema()))) {
            LOG.debug("autodiscover for a schema Hearth does not offer: {}", request.acceptableSchema());
            return AutodiscoverXml.error(601, "Provider is not available",
                    "Hearth offers Exchange ActiveSync (mobilesync) only", clock);
        }
        if (!belongsTo(request.email(), a)) {
            return AutodiscoverXml.mobileSyncError(request.email(), "The e-mail address is not this account's");
        }
        return AutodiscoverXml.mobileSync(a.userName(), a.emailAddress(), easUrl(host));
    }

    static boolean belongsTo(String email, Account a) {
        if (email == null) {
            return true;
        }
        String e = email.trim();
        int at = e.indexOf('@');
        return e.equalsIgnoreCase(a.emailAddress()) || (at > 0 && e.substring(0, at).equalsIgnoreCase(a.userName()));
    }

    private static void unauthorized(HttpServletResponse resp) {
        resp.setHeader("WWW-Authenticate", "Basic realm=\"Hearth\", charset=\"UTF-8\"");
        resp.setStatus(401);
        resp.setContentLength(0);
    }

    private static void xml(HttpServletResponse resp, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType("text/xml; charset=utf-8");
        resp.setHeader("Cache-Control", "private");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static String errorId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
}
