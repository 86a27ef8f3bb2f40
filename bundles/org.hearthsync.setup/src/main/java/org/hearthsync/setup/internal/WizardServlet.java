package org.hearthsync.setup.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hearthsync.api.net.AddressService;
import org.hearthsync.setup.Onboarding;
import org.hearthsync.setup.OnboardingEvents;
import org.hearthsync.transport.Listeners;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * For the console's setup wizard: the setup page's address as a QR code a phone's camera opens,
 * in a LAN variant (the primary address) and, once an Internet name is configured, an Internet
 * variant; and both addresses as JSON. On the console listener only.
 *
 * <pre>
 * GET /hearth/setup-qr.svg?variant=lan|internet[&amp;user=NAME]   image/svg+xml, 404 when the variant has no address
 * GET /hearth/setup-links.json[?user=NAME]                     {"lan":"http://...","internet":null}
 * GET /hearth/setup-events.json                                {"events":[{"time":"...","what":"IOS_PROFILE","client":"iPhone","user":"alice"}]}
 * </pre>
 *
 * The events are the "live tick": what phones fetched from the setup page since Hearth started.
 */
@Component(service = Servlet.class, configurationPid = SetupConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern({ WizardServlet.QR_PATH, WizardServlet.LINKS_PATH, WizardServlet.EVENTS_PATH })
@HttpWhiteboardTarget(Listeners.CONSOLE_TARGET)
public final class WizardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String QR_PATH = "/hearth/setup-qr.svg";
    static final String LINKS_PATH = "/hearth/setup-links.json";
    static final String EVENTS_PATH = "/hearth/setup-events.json";
    private static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{N}._@+\\-]{1,64}");
    private static final int DEFAULT_SETUP_PORT = 54321;

    private final transient OnboardingEvents events;
    private transient volatile SetupConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile AddressService addresses;

    @Reference(service = HttpServiceRuntime.class, target = Listeners.PUBLIC_TARGET,
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile ServiceReference<HttpServiceRuntime> publicRuntime;

    @Activate
    public WizardServlet(@Reference OnboardingEvents events, SetupConfig config) {
        this.events = events;
        this.config = config;
    }

    @Modified
    void modified(SetupConfig config) {
        this.config = config;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        Optional<String> user = Optional.ofNullable(req.getParameter("user")).map(String::strip)
                .filter(u -> USER_NAME.matcher(u).matches());
        if (EVENTS_PATH.equals(path)) {
            StringBuilder json = new StringBuilder("{\"events\":[");
            String sep = "";
            for (Onboarding o : events.recent()) {
                json.append(sep).append("{\"time\":").append(json(Optional.of(o.time().toString())))
                        .append(",\"what\":").append(json(Optional.of(o.what().name())))
                        .append(",\"client\":").append(json(Optional.of(o.client())))
                        .append(",\"user\":").append(json(o.userName())).append('}');
                sep = ",";
            }
            send(resp, "application/json", json.append("]}\n").toString());
            return;
        }
        if (LINKS_PATH.equals(path)) {
            String json = "{\"lan\":" + json(lanUrl(user)) + ",\"internet\":" + json(internetUrl(user)) + "}\n";
            send(resp, "application/json", json);
            return;
        }
        String variant = Optional.ofNullable(req.getParameter("variant")).orElse("lan");
        Optional<String> url = switch (variant) {
            case "lan" -> lanUrl(user);
            case "internet" -> internetUrl(user);
            default -> null;
        };
        if (url == null) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "variant must be lan or internet");
        } else if (url.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "lan".equals(variant)
                    ? "this computer has no LAN address yet" : "no Internet name is configured");
        } else {
            send(resp, QrSvg.MEDIA_TYPE, QrSvg.svg(url.get()));
        }
    }

    /** The setup page's address on the home network. */
    Optional<String> lanUrl(Optional<String> user) {
        AddressService a = addresses;
        Optional<InetAddress> primary = a == null ? Optional.empty() : a.primaryAddress();
        return primary.map(address -> url(address.getHostAddress(), setupPort(), user));
    }

    /** The setup page's address from the Internet, once an Internet name is configured. */
    Optional<String> internetUrl(Optional<String> user) {
        SetupConfig c = config;
        String host = c.public_host().trim();
        if (host.isEmpty()) {
            return Optional.empty();
        }
        int port = c.public_setup_port() > 0 ? c.public_setup_port() : setupPort();
        return Optional.of(url(host, port, user));
    }

    private int setupPort() {
        ServiceReference<HttpServiceRuntime> runtime = publicRuntime;
        int port = runtime == null ? 0 : Endpoints.from(runtime.getProperty(Endpoints.PROPERTY)).setupPort();
        return port > 0 ? port : DEFAULT_SETUP_PORT;
    }

    static String url(String host, int port, Optional<String> user) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "http://" + h + (port == 80 ? "" : ":" + port) + "/" + user.map(u -> "?user=" + Html.query(u)).orElse("");
    }

    static String json(Optional<String> s) {
        return s.map(WizardServlet::jsonString).orElse("null");
    }

    private static String jsonString(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void send(HttpServletResponse resp, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentType(type + ";charset=utf-8");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }
}
