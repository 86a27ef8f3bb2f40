package org.hearthsync.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.text.MessageFormat;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.transport.Listeners;
import org.hearthsync.transport.ServerUrls;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import static org.owasp.encoder.Encode.forHtml;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's "Hearth" page: where phones reach Hearth, the certificate, the stores, accounts and
 * phones. Every part is optional: a part that is not running says so instead of breaking the
 * page. The page refreshes its sections every few seconds without reloading.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + StatusPage.LABEL,
        "felix.webconsole.title=Hearth", "felix.webconsole.category=Hearth",
        "osgi.http.whiteboard.target=" + Listeners.CONSOLE_TARGET })
public final class StatusPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "hearth";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private transient volatile ServerUrls urls;
    private transient volatile CertificateAuthority ca;
    private transient volatile AccountRegistry accounts;
    private transient volatile DeviceRegistry devices;
    private final transient Map<PimStore, Map<String, Object>> stores = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setUrls(ServerUrls u) {
        urls = u;
    }

    void unsetUrls(ServerUrls u) {
        if (urls == u) {
            urls = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setCa(CertificateAuthority c) {
        ca = c;
    }

    void unsetCa(CertificateAuthority c) {
        if (ca == c) {
            ca = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setAccounts(AccountRegistry a) {
        accounts = a;
    }

    void unsetAccounts(AccountRegistry a) {
        if (accounts == a) {
            accounts = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setDevices(DeviceRegistry d) {
        devices = d;
    }

    void unsetDevices(DeviceRegistry d) {
        if (devices == d) {
            devices = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(PimStore s, Map<String, Object> props) {
        stores.put(s, props);
    }

    void removeStore(PimStore s) {
        stores.remove(s);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ResourceBundle t = ResourceBundle.getBundle(StatusPage.class.getName(), req.getLocale(), StatusPage.class.getClassLoader());
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        PrintWriter w = resp.getWriter();
        boolean fragment = "1".equals(req.getParameter("fragment"));
        if (!fragment) {
            w.println("<div id='hearth-status' aria-live='polite'>");
        }
        w.println("<p>" + forHtml(t.getString("intro")) + "</p>");
        listeners(w, t);
        certificate(w, t);
        stores(w, t);
        accounts(w, t);
        devices(w, t);
        if (!fragment) {
            w.println("</div>");
            w.println("<script>setInterval(function(){fetch(location.pathname+'?fragment=1',{credentials:'same-origin'})"
                    + ".then(function(r){return r.ok?r.text():null}).then(function(h){if(h){document.getElementById('hearth-status')"
                    + ".innerHTML=h}})},5000)</script>");
        }
    }

    private void listeners(PrintWriter w, ResourceBundle t) {
        section(w, t, "section.listeners");
        ServerUrls u = urls;
        if (u == null || u.easServer().isEmpty()) {
            w.println("<p>" + forHtml(t.getString("listeners.down")) + "</p>");
            return;
        }
        w.println("<table class='nicetable'>");
        row(w, t.getString("listeners.eas"), u.easServer().orElse(""));
        row(w, t.getString("listeners.setup"), u.setupUrl().orElse(""));
        row(w, t.getString("listeners.console"), u.consoleUrl().orElse(""));
        w.println("</table>");
    }

    private void certificate(PrintWriter w, ResourceBundle t) {
        section(w, t, "section.certificate");
        CertificateAuthority c = ca;
        if (c == null) {
            w.println("<p>" + forHtml(t.getString("certificate.missing")) + "</p>");
            return;
        }
        X509Certificate server = c.serverIdentity().certificate();
        w.println("<table class='nicetable'>");
        row(w, t.getString("certificate.fingerprint"), c.rootFingerprint());
        row(w, t.getString("certificate.expires"), DATE.format(server.getNotAfter().toInstant()));
        row(w, t.getString("certificate.names"), subjectNames(server));
        w.println("</table>");
    }

    private void stores(PrintWriter w, ResourceBundle t) {
        section(w, t, "section.stores");
        if (stores.isEmpty()) {
            w.println("<p>" + forHtml(t.getString("stores.none")) + "</p>");
            return;
        }
        w.println("<table class='nicetable'>");
        stores.forEach((store, props) -> {
            String name = props.get(PimStore.NAME) + " (" + props.get(PimStore.TYPE) + ")";
            try {
                List<CollectionInfo> cols = store.collections();
                StringBuilder sb = new StringBuilder();
                for (CollectionInfo ci : cols) {
                    sb.append(ci.displayName()).append(" [").append(ci.dataClass().easName()).append(", ")
                            .append(store.list(ci.id()).size()).append(' ').append(t.getString("stores.items")).append("]  ");
                }
                row(w, name, sb.toString().trim());
            } catch (StoreException e) {
                row(w, name, MessageFormat.format(t.getString("stores.unavailable"), e.getMessage()));
            }
        });
        w.println("</table>");
    }

    private void accounts(PrintWriter w, ResourceBundle t) {
        section(w, t, "section.accounts");
        AccountRegistry a = accounts;
        List<Account> list = a == null ? List.of() : a.accounts();
        if (list.isEmpty()) {
            w.println("<p>" + forHtml(t.getString("accounts.none")) + "</p>");
            return;
        }
        w.println("<table class='nicetable'>");
        for (Account acc : list) {
            row(w, acc.userName(), acc.emailAddress() + " \u2192 " + acc.storeName());
        }
        w.println("</table>");
    }

    private void devices(PrintWriter w, ResourceBundle t) {
        section(w, t, "section.devices");
        DeviceRegistry d = devices;
        if (d == null) {
            w.println("<p>" + forHtml(t.getString("devices.unknown")) + "</p>");
            return;
        }
        List<Device> list = d.devices().stream().sorted(Comparator.comparing(Device::lastSeen).reversed()).toList();
        if (list.isEmpty()) {
            w.println("<p>" + forHtml(t.getString("devices.none")) + "</p>");
            return;
        }
        w.println("<table class='nicetable'>");
        for (Device dev : list) {
            String label = dev.friendlyName() != null ? dev.friendlyName() : dev.deviceType() + " " + dev.deviceId();
            row(w, label, dev.userName() + ", " + (dev.model() != null ? dev.model() + ", " : "") + "EAS "
                    + (dev.protocolVersion() != null ? dev.protocolVersion() : "?") + ", " + dev.state().name().toLowerCase(Locale.ROOT)
                    + ", " + DATE.format(dev.lastSeen()));
        }
        w.println("</table>");
    }

    private static String subjectNames(X509Certificate c) {
        try {
            StringBuilder sb = new StringBuilder();
            var sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    sb.append(san.get(1)).append(' ');
                }
            }
            return sb.toString().trim();
        } catch (java.security.cert.CertificateParsingException e) {
            return "";
        }
    }

    private static void section(PrintWriter w, ResourceBundle t, String key) {
        w.println("<h2>" + forHtml(t.getString(key)) + "</h2>");
    }

    private static void row(PrintWriter w, String label, String value) {
        w.println("<tr><th scope='row'>" + forHtml(label) + "</th><td>" + forHtml(value) + "</td></tr>");
    }
}
