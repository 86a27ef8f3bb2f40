package org.hearthsync.setup.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.api.net.AddressScope;
import org.hearthsync.api.net.AddressService;
import org.hearthsync.certs.CertificateFormats;
import org.hearthsync.setup.Onboarding;
import org.hearthsync.transport.Listeners;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
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
 * The setup page on the plain-HTTP setup port, and the files it offers: the root certificate (DER
 * as {@code .crt} for Android, {@code .cer} for Windows Phone, PEM) and the iOS configuration
 * profile. Everything is made per request from the current root, so a replaced CA shows at once.
 * Nothing secret is served; on the TLS port these paths do not exist.
 */
@Component(service = Servlet.class, configurationPid = SetupConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SetupConfig.class)
@HttpWhiteboardServletPattern({ "/", SetupPage.CRT, SetupPage.CER, SetupPage.PEM, SetupPage.PROFILE })
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
// "/" is what a path variant (/Autodiscover/Autodiscover.xml, /microsoft-server-activesync) matches before the
// canonical-path filter forwards it; without async support here the forwarded request cannot read a refused body
// away (Refusals), and the connection a phone reuses is closed
@HttpWhiteboardServletAsyncSupported
public final class SetupServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SetupServlet.class);
    /** User names Hearth accepts on the page: what a person types, nothing that needs quoting. */
    private static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{N}._@+\\-]{1,64}");
    private static final int DEFAULT_EAS_PORT = 8443;

    private final transient CertificateAuthority ca;
    private final transient OnboardingLog log;
    private final String installId;
    private transient volatile SetupConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AccountRegistry accounts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AddressService addresses;

    @Reference(service = HttpServiceRuntime.class, target = Listeners.PUBLIC_TARGET,
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile ServiceReference<HttpServiceRuntime> publicRuntime;

    @Activate
    public SetupServlet(@Reference CertificateAuthority ca, @Reference OnboardingLog log, BundleContext context,
            SetupConfig config) throws IOException {
        this.ca = ca;
        this.log = log;
        this.installId = InstallId.load(dataDirectory(context));
        configure(config);
    }

    @Modified
    void modified(SetupConfig config) {
        configure(config);
    }

    private void configure(SetupConfig config) {
        this.config = config;
        LOG.debug("setup page: Internet name '{}', Internet EAS port {}", config.public_host(), config.public_eas_port());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.isSecure()) {
            // the TLS port serves EAS only
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        X509Certificate root = ca.rootCertificate();
        String userAgent = Optional.ofNullable(req.getHeader("User-Agent")).orElse("");
        switch (path) {
            case "", "/" -> page(req, resp, root, userAgent, false);
            case SetupPage.CRT -> certificate(resp, root, "hearth-ca.crt", Onboarding.Artifact.CERTIFICATE_CRT, userAgent);
            case SetupPage.CER -> certificate(resp, root, "hearth-ca.cer", Onboarding.Artifact.CERTIFICATE_CER, userAgent);
            case SetupPage.PEM -> send(resp, CertificateFormats.PEM_MEDIA_TYPE, "hearth-ca.pem", CertificateFormats.pemBytes(root));
            case SetupPage.PROFILE -> profile(req, resp, root, userAgent, MobileConfig.Kind.PHONE);
            case SetupPage.MAC_PROFILE -> profile(req, resp, root, userAgent, MobileConfig.Kind.MAC);
            case SetupPage.COMPUTERS -> page(req, resp, root, userAgent, true);
            default -> resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void page(HttpServletRequest req, HttpServletResponse resp, X509Certificate root, String userAgent,
            boolean computers) throws IOException {
        Platform platform = Platform.fromParameter(req.getParameter("os")).orElse(Platform.fromUserAgent(userAgent));
        Optional<String> user = userName(req);
        SetupPage page = new SetupPage(platform, CertificateFormats.sha256Fingerprint(root), commonName(root),
                server(req), user, email(req, user));
        Texts texts = Texts.forLocales(Collections.list(req.getLocales()));
        byte[] html = (computers ? page.renderComputers(texts) : page.render(texts)).getBytes(StandardCharsets.UTF_8);
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setContentType("text/html;charset=utf-8");
        resp.setContentLength(html.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(html);
        }
    }

    private void certificate(HttpServletResponse resp, X509Certificate root, String fileName, Onboarding.Artifact what,
            String userAgent) throws IOException {
        // recorded before the bytes leave, so whoever sees the download done also sees it in the log
        log.record(what, userAgent, Optional.empty());
        send(resp, CertificateFormats.CA_CERT_MEDIA_TYPE, fileName, CertificateFormats.der(root));
    }

    private void profile(HttpServletRequest req, HttpServletResponse resp, X509Certificate root, String userAgent,
            MobileConfig.Kind kind) throws IOException {
        Optional<String> user = userName(req);
        MobileConfig profile = new MobileConfig(installId, CertificateFormats.der(root),
                CertificateFormats.sha256Fingerprint(root), commonName(root), server(req).hostAndPort(), user,
                email(req, user), kind);
        byte[] bytes = profile.toBytes();
        // recorded before the bytes leave, as for the certificates
        log.record(kind == MobileConfig.Kind.PHONE ? Onboarding.Artifact.IOS_PROFILE : Onboarding.Artifact.MAC_PROFILE,
                userAgent, user);
        send(resp, MobileConfig.MEDIA_TYPE, kind == MobileConfig.Kind.PHONE ? "hearth.mobileconfig" : "hearth-mac.mobileconfig",
                bytes);
    }

    private static void send(HttpServletResponse resp, String mediaType, String fileName, byte[] body) throws IOException {
        resp.setContentType(mediaType);
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        resp.setContentLength(body.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(body);
        }
    }

    /** The account the page was opened for: the registry's spelling when it knows the name. */
    private Optional<String> userName(HttpServletRequest req) {
        String raw = req.getParameter("user");
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String name = raw.strip();
        if (!USER_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        AccountRegistry registry = accounts;
        if (registry != null && fromHomeNetwork(req)) {
            Optional<Account> account = registry.find(name);
            if (account.isPresent()) {
                return Optional.of(account.get().userName());
            }
        }
        return Optional.of(name);
    }

    /**
     * The account's e-mail address for the profile and the page. Only callers on this computer or its
     * networks learn it: the setup port may be forwarded from the Internet, and there the page must not
     * tell who has an account here, so a known and an unknown name get the same answer.
     */
    private Optional<String> email(HttpServletRequest req, Optional<String> userName) {
        AccountRegistry registry = accounts;
        if (registry == null || userName.isEmpty() || !fromHomeNetwork(req)) {
            return Optional.empty();
        }
        return registry.find(userName.get()).map(Account::emailAddress).filter(e -> !e.isBlank());
    }

    static boolean fromHomeNetwork(HttpServletRequest req) {
        String remote = req.getRemoteAddr();
        if (remote == null || remote.isBlank() || !remote.matches("[0-9A-Fa-f:.\\[\\]%a-zA-Z]{2,64}")
                || !(remote.indexOf(':') >= 0 || remote.matches("[0-9.]+"))) {
            return false;
        }
        try {
            // a literal from the connection: parsed, never looked up
            return !AddressScope.isPublic(InetAddress.getByName(remote));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private ServerAddress server(HttpServletRequest req) {
        SetupConfig c = config;
        ServiceReference<HttpServiceRuntime> runtime = publicRuntime;
        Endpoints endpoints = runtime == null ? Endpoints.UNKNOWN : Endpoints.from(runtime.getProperty(Endpoints.PROPERTY));
        int easPort = endpoints.easPort() > 0 ? endpoints.easPort() : DEFAULT_EAS_PORT;
        AddressService a = addresses;
        String publicHost = c.public_host().trim();
        String requestHost = req.getServerName();
        // The LAN address is for callers on the home network: one from the Internet (the setup port may be
        // forwarded) learns only the Internet name, or the name it asked for, whatever Host header it sends.
        boolean home = fromHomeNetwork(req);
        Optional<InetAddress> lan = a == null || !home ? Optional.empty() : a.primaryAddress();
        if (!home && !publicHost.isEmpty()) {
            requestHost = publicHost;
        }
        return ServerAddress.choose(requestHost, ca.serverIdentity().certificate(), lan, publicHost, c.public_eas_port(),
                easPort);
    }

    static String commonName(X509Certificate certificate) {
        String dn = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        for (String part : dn.split("(?<!\\\\),")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3).replace("\\", "");
            }
        }
        return dn;
    }

    static Path dataDirectory(BundleContext context) throws IOException {
        String data = context.getProperty("hearth.data");
        if (data != null && !data.isBlank()) {
            return Path.of(data.strip()).resolve("setup");
        }
        java.io.File area = context.getDataFile("");
        if (area == null) {
            throw new IOException("framework property hearth.data is not set and the framework has no bundle storage");
        }
        return area.toPath();
    }
}
