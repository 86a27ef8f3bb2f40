package org.hearthsync.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.Optional;
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
import org.hearthsync.api.ddns.DnsUpdater;
import org.hearthsync.api.ddns.ProviderStatus;
import org.hearthsync.api.net.AddressService;
import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.PortMappingReport;
import org.hearthsync.api.portmap.PortMappingStatus;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.transport.Listeners;
import org.hearthsync.dav.DavPaths;
import org.hearthsync.dav.HomeNetworkAnnouncement;
import org.hearthsync.transport.ServerUrls;
import org.osgi.service.component.annotations.Activate;
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
 * The console's "Hearth" page: first the problems, each with what fixes it; then where phones reach
 * Hearth, the certificate and when it expires, the stores and whether they work, router port
 * forwarding, the DNS name, accounts and phones. Every part is optional: a part that is not running
 * says so instead of breaking the page. The page refreshes its sections every few seconds without
 * reloading ({@code /system/console/hearth/fragment.htm}); its two buttons ("ask the router again",
 * "update the DNS name now") are CSRF-protected POSTs.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + StatusPage.LABEL,
        "felix.webconsole.title=Hearth", "felix.webconsole.category=Hearth",
        "osgi.http.whiteboard.target=" + Listeners.CONSOLE_TARGET })
public final class StatusPage extends HttpServlet {
    private transient volatile AddressService addresses;
    private transient volatile ReachabilityCheck.Result lastReachability;
    private static final long serialVersionUID = 1L;
    static final String LABEL = "hearth";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** Certificates closer than this to their end are flagged. */
    static final java.time.Duration NEAR_EXPIRY = java.time.Duration.ofDays(30);

    private final transient CsrfGuard guard;
    private final transient ActionLog log;
    private transient volatile ServerUrls urls;
    private transient volatile PortMappingStatus portMapping;
    private transient volatile DnsUpdater dns;
    private transient volatile CertificateAuthority ca;
    private transient volatile AccountRegistry accounts;
    private transient volatile DeviceRegistry devices;
    private transient volatile HomeNetworkAnnouncement announcement;
    /** How many files left out by a store the page names before it only counts the rest. */
    static final int NOT_TAKEN_SHOWN = 50;

    private final transient Map<PimStore, Map<String, Object>> stores = new ConcurrentHashMap<>();

    /** The background service as the launcher describes it (framework properties hearth.service.*). */
    private final transient String serviceKind;
    private final transient String serviceFile;
    private final transient boolean runningAsService;

    @Activate
    public StatusPage(@Reference CsrfGuard guard, @Reference ActionLog log, org.osgi.framework.BundleContext context) {
        this.guard = guard;
        this.log = log;
        this.serviceKind = context.getProperty("hearth.service.kind");
        this.serviceFile = context.getProperty("hearth.service.file");
        this.runningAsService = Boolean.parseBoolean(context.getProperty("hearth.service.running"));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setPortMapping(PortMappingStatus p) {
        portMapping = p;
    }

    void unsetPortMapping(PortMappingStatus p) {
        if (portMapping == p) {
            portMapping = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setDns(DnsUpdater d) {
        dns = d;
    }

    void unsetDns(DnsUpdater d) {
        if (dns == d) {
            dns = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setAddresses(AddressService a) {
        addresses = a;
    }

    void unsetAddresses(AddressService a) {
        if (addresses == a) {
            addresses = null;
        }
    }

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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setAnnouncement(HomeNetworkAnnouncement a) {
        announcement = a;
    }

    void unsetAnnouncement(HomeNetworkAnnouncement a) {
        if (announcement == a) {
            announcement = null;
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
        Ui.html(resp);
        String token = guard.token(req, resp);
        PrintWriter w = resp.getWriter();
        boolean fragment = "fragment.htm".equals(Ui.subPath(req, LABEL));
        String root = Ui.appRoot(req);
        if (!fragment) {
            w.println("<div class='hearth'>" + Ui.assets(req, LABEL));
            w.println("<p class='hearth-intro'>" + forHtml(t.getString("intro")) + "</p>");
            w.println("<div id='hearth-status' aria-live='polite' data-every='5000' data-refresh='"
                    + Ui.attr(root + "/" + LABEL + "/fragment.htm") + "'>");
        }
        problems(w, t, token, root);
        listeners(w, t);
        service(w, t);
        certificate(w, t);
        stores(w, t, root);
        ports(w, t, token, root);
        dnsName(w, t, token, root);
        reachability(w, t, token, root);
        accounts(w, t);
        devices(w, t);
        if (!fragment) {
            w.println("</div></div>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (guard.refuse(req, resp)) {
            return;
        }
        String action = String.valueOf(req.getParameter("action"));
        if ("renew-ports".equals(action) && portMapping != null) {
            portMapping.renewNow();
            log.record("asked the router again for the port forwarding");
        } else if ("update-dns".equals(action) && dns != null) {
            dns.updateNow();
            log.record("asked for the DNS name to be updated now");
        } else if ("check-reachability".equals(action)) {
            lastReachability = checkReachability();
            log.record("ran the reachability check");
        }
        resp.sendRedirect(Ui.appRoot(req) + "/" + LABEL);
    }

    private ReachabilityCheck.Result checkReachability() {
        DnsUpdater d = dns;
        PortMappingStatus pm = portMapping;
        AddressService a = addresses;
        ServerUrls u = urls;
        CertificateAuthority c = ca;
        List<String> names = d == null ? List.of() : d.providers().stream().map(ProviderStatus::hostName)
                .filter(n -> n != null && !n.isBlank()).distinct().toList();
        Optional<PortMappingReport> router = pm == null ? Optional.empty() : Optional.of(pm.report());
        Optional<InetAddress> publicAddress = d == null ? Optional.empty() : d.publicIpv4();
        if (publicAddress.isEmpty()) {
            publicAddress = router.flatMap(PortMappingReport::externalAddress);
        }
        int easPort = u == null ? -1 : u.easServer().map(sv -> Integer.parseInt(sv.substring(sv.lastIndexOf(':') + 1))).orElse(-1);
        if (c == null || easPort < 0) {
            return new ReachabilityCheck.Result(java.time.Instant.now(), List.of(new ReachabilityCheck.Link(
                    "Hearth", ReachabilityCheck.Verdict.PROBLEM, "The listeners or the certificate are not running yet.")));
        }
        return ReachabilityCheck.withSystemResolver().run(new ReachabilityCheck.Inputs(names, publicAddress, router,
                a == null ? Optional.empty() : a.primaryAddress(), easPort, c.rootCertificate()));
    }

    private void reachability(PrintWriter w, ResourceBundle t, String token, String root) {
        w.println("<h2>" + forHtml(t.getString("section.reachability")) + "</h2>");
        ReachabilityCheck.Result r = lastReachability;
        if (r == null) {
            w.println("<p class='hearth-calm'>" + forHtml(t.getString("reachability.never")) + "</p>");
        } else {
            w.println("<table class='hearth-kv' id='reachability'>");
            for (ReachabilityCheck.Link l : r.links()) {
                String mark = switch (l.verdict()) {
                    case OK -> "\u2713 ";
                    case PROBLEM -> "\u2717 ";
                    case UNKNOWN -> "? ";
                    case NOT_USED -> "\u2013 ";
                };
                w.println("<tr class='reach-" + l.verdict().name().toLowerCase(java.util.Locale.ROOT) + "'><th scope='row'>"
                        + forHtml(mark + l.name()) + "</th><td>" + forHtml(l.detail()) + "</td></tr>");
            }
            w.println("</table><p class='hearth-calm'>" + forHtml(java.text.MessageFormat.format(t.getString("reachability.when"),
                    DATE.format(r.when()))) + "</p>");
        }
        w.println(button(token, root, "check-reachability", t.getString("reachability.run")));
    }

    /** One problem: what is wrong, and the link or button that fixes it. */
    private record Problem(String text, String fixHtml) {
    }

    private void problems(PrintWriter w, ResourceBundle t, String token, String root) {
        List<Problem> found = new java.util.ArrayList<>();
        ServerUrls u = urls;
        if (u == null || u.easServer().isEmpty()) {
            found.add(new Problem(t.getString("problem.listeners"), link(root + "/configMgr/org.hearthsync.transport",
                    t.getString("fix.listeners"))));
        }
        CertificateAuthority c = ca;
        if (c == null) {
            found.add(new Problem(t.getString("certificate.missing"), ""));
        } else {
            java.time.Instant now = java.time.Instant.now();
            java.time.Instant server = c.serverIdentity().certificate().getNotAfter().toInstant();
            java.time.Instant rootEnd = c.rootCertificate().getNotAfter().toInstant();
            if (rootEnd.isBefore(now.plus(NEAR_EXPIRY))) {
                found.add(new Problem(MessageFormat.format(t.getString("problem.rootExpiry"), DATE.format(rootEnd)),
                        link(root + "/" + SetupWizard.LABEL + "?step=certificate", t.getString("fix.rootExpiry"))));
            } else if (server.isBefore(now.plus(NEAR_EXPIRY))) {
                found.add(new Problem(MessageFormat.format(t.getString("problem.serverExpiry"), DATE.format(server)),
                        t.getString("fix.serverExpiry")));
            }
        }
        if (stores.isEmpty()) {
            found.add(new Problem(t.getString("stores.none"), link(root + "/" + SetupWizard.LABEL + "?step=sync", t.getString("fix.store"))));
        }
        stores.forEach((store, props) -> {
            try {
                store.collections();
            } catch (StoreException | RuntimeException e) {
                found.add(new Problem(MessageFormat.format(t.getString("problem.store"), props.get(PimStore.NAME), e.getMessage()),
                        link(root + "/" + SetupWizard.LABEL + "?step=sync", t.getString("fix.store"))));
            }
        });
        AccountRegistry a = accounts;
        if (a != null && a.accounts().isEmpty()) {
            found.add(new Problem(t.getString("accounts.none"), link(root + "/" + SetupWizard.LABEL, t.getString("fix.account"))));
        }
        PortMappingStatus pm = portMapping;
        if (pm != null) {
            try {
                PortMappingReport r = pm.report();
                if (r.enabled() && !r.advice().isBlank()) {
                    found.add(new Problem(r.advice(), button(token, root, "renew-ports", t.getString("fix.ports"))));
                }
            } catch (RuntimeException e) {
                // the router part is busy; nothing to say yet
            }
        }
        DnsUpdater d = dns;
        if (d != null) {
            for (ProviderStatus p : d.providers()) {
                if (p.stopped()) {
                    found.add(new Problem(MessageFormat.format(t.getString("problem.dns"), p.hostName(),
                            p.lastResult() == null ? "" : p.lastResult().message()), link(root + "/configMgr/" + p.key(),
                                    t.getString("fix.dns"))));
                }
            }
        }
        if (found.isEmpty()) {
            w.println("<p class='hearth-ok' id='all-well'>\u2713 " + forHtml(t.getString("problems.none")) + "</p>");
            return;
        }
        w.println("<h2>" + forHtml(t.getString("section.problems")) + "</h2><ul class='hearth-list' id='problems'>");
        for (Problem p : found) {
            w.println("<li class='hearth-problem'>" + forHtml(p.text()) + (p.fixHtml().isEmpty() ? "" : " " + p.fixHtml()) + "</li>");
        }
        w.println("</ul>");
    }

    private static String link(String href, String text) {
        return "<a class='hearth-button' href='" + Ui.attr(href) + "'>" + forHtml(text) + "</a>";
    }

    private static String button(String token, String root, String action, String text) {
        return "<form method='post' class='hearth-inline' action='" + Ui.attr(root + "/" + LABEL) + "'>" + Ui.csrf(token)
                + "<input type='hidden' name='action' value='" + action + "'/><button type='submit' class='hearth-button'>"
                + forHtml(text) + "</button></form>";
    }

    private void ports(PrintWriter w, ResourceBundle t, String token, String root) {
        section(w, t, "section.ports");
        PortMappingStatus pm = portMapping;
        if (pm == null) {
            w.println("<p class='hearth-calm'>" + forHtml(t.getString("ports.missing")) + "</p>");
            return;
        }
        PortMappingReport r;
        try {
            r = pm.report();
        } catch (RuntimeException e) {
            w.println("<p class='hearth-calm'>" + forHtml(t.getString("ports.unknown")) + "</p>");
            return;
        }
        w.println("<p>" + forHtml(r.summary()) + "</p>");
        if (!r.enabled()) {
            return;
        }
        w.println("<table class='hearth-kv'>");
        row(w, t.getString("ports.router"), r.gatewayName().isBlank() ? (r.gatewayAvailable() ? "\u2713" : "\u2013") : r.gatewayName());
        row(w, t.getString("ports.public"), r.externalAddress().map(java.net.InetAddress::getHostAddress).orElse("\u2013"));
        for (PortMappingReport.Entry e : r.entries()) {
            row(w, e.description(), e.mapping().protocol() + " " + e.result().externalPort() + " \u2192 " + e.mapping().internalHost() + ":"
                    + e.mapping().internalPort() + "  (" + (e.result().outcome() == MappingResult.Outcome.MAPPED ? t.getString("ports.mapped")
                            : e.result().outcome().name().toLowerCase(Locale.ROOT) + ": " + e.result().message()) + ")");
        }
        row(w, t.getString("ports.last"), r.lastAttempt().map(DATE::format).orElse("\u2013"));
        row(w, t.getString("ports.next"), r.nextAttempt().map(DATE::format).orElse("\u2013"));
        w.println("</table>");
        w.println(button(token, root, "renew-ports", t.getString("ports.renew")));
    }

    private void dnsName(PrintWriter w, ResourceBundle t, String token, String root) {
        section(w, t, "section.dns");
        DnsUpdater d = dns;
        if (d == null) {
            w.println("<p class='hearth-calm'>" + forHtml(t.getString("dns.missing")) + "</p>");
            return;
        }
        List<ProviderStatus> all = d.providers();
        if (all.isEmpty()) {
            w.println("<p class='hearth-calm'>" + forHtml(t.getString("dns.none")) + " " + link(root + "/" + SetupWizard.LABEL + "?step=dns",
                    t.getString("fix.dnsSetup")) + "</p>");
            return;
        }
        w.println("<table class='hearth-kv'>");
        row(w, t.getString("dns.public"), d.publicIpv4().map(java.net.InetAddress::getHostAddress).orElse("\u2013")
                + d.publicIpv6().map(a -> "  " + a.getHostAddress()).orElse(""));
        for (ProviderStatus p : all) {
            String last = p.lastResult() == null ? t.getString("dns.notYet")
                    : p.lastResult().outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " \u2013 " + p.lastResult().message();
            row(w, p.hostName() + " (" + p.provider() + ")", last + (p.lastAttempt() == null ? "" : ", " + DATE.format(p.lastAttempt()))
                    + (p.stopped() ? "  " + t.getString("dns.stopped") : ""));
        }
        w.println("</table>");
        w.println(button(token, root, "update-dns", t.getString("dns.update")) + " " + link(root + "/ddns", t.getString("dns.details")));
    }

    private void listeners(PrintWriter w, ResourceBundle t) {
        section(w, t, "section.listeners");
        ServerUrls u = urls;
        if (u == null || u.easServer().isEmpty()) {
            w.println("<p>" + forHtml(t.getString("listeners.down")) + "</p>");
            return;
        }
        w.println("<table class='hearth-kv'>");
        row(w, t.getString("listeners.eas"), u.easServer().orElse(""));
        row(w, t.getString("listeners.dav"), "https://" + u.easServer().get() + DavPaths.ROOT);
        u.setupUrl().ifPresent(setup -> row(w, t.getString("listeners.davHelp"), setup + "computers"));
        u.davLoopbackUrl().ifPresent(url -> row(w, t.getString("listeners.davLoopback"), url));
        row(w, t.getString("listeners.setup"), u.setupUrl().orElse(""));
        row(w, t.getString("listeners.console"), u.consoleUrl().orElse(""));
        w.println("<tr id='mdns'><th scope='row'>" + forHtml(t.getString("listeners.mdns")) + "</th><td>"
                + forHtml(announcement(t)) + "</td></tr>");
        w.println("</table>");
    }

    /** Whether computers and tablets on the LAN find Hearth by themselves (mDNS/DNS-SD), and from where. */
    private String announcement(ResourceBundle t) {
        HomeNetworkAnnouncement a = announcement;
        if (a == null) {
            return t.getString("mdns.notRunning");
        }
        HomeNetworkAnnouncement.State s = a.state();
        String from = String.join(", ", s.addresses()) + (s.networkInterface().isEmpty() ? ""
                : MessageFormat.format(t.getString("mdns.interface"), s.networkInterface()));
        return switch (s.mode()) {
            case ON -> MessageFormat.format(t.getString("mdns.on"), s.name(), from);
            case OFF_BY_SETTING -> t.getString("mdns.offSetting");
            case OFF_BY_ENVIRONMENT -> t.getString("mdns.offEnvironment");
            case WAITING -> t.getString("mdns.waiting");
            case FAILED -> MessageFormat.format(t.getString("mdns.failed"), from, s.problem());
        };
    }

    /** Whether Hearth starts by itself (hearth service install) and whether this Hearth is that service. */
    private void service(PrintWriter w, ResourceBundle t) {
        if (serviceKind == null || serviceFile == null) {
            return; // not started by Hearth's launcher (a test framework)
        }
        section(w, t, "section.service");
        boolean installed = java.nio.file.Files.exists(java.nio.file.Path.of(serviceFile));
        w.println("<table class='hearth-kv' id='service'>");
        row(w, t.getString("service.installed"), installed ? MessageFormat.format(t.getString("service.yes"), serviceKind, serviceFile)
                : t.getString("service.no"));
        row(w, t.getString("service.running"), t.getString(runningAsService ? "service.running.yes" : "service.running.no"));
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
        w.println("<table class='hearth-kv'>");
        row(w, t.getString("certificate.fingerprint"), c.rootFingerprint());
        row(w, t.getString("certificate.expires"), DATE.format(server.getNotAfter().toInstant()));
        row(w, t.getString("certificate.rootExpires"), DATE.format(c.rootCertificate().getNotAfter().toInstant()));
        row(w, t.getString("certificate.names"), subjectNames(server));
        w.println("</table>");
    }

    private void stores(PrintWriter w, ResourceBundle t, String root) {
        section(w, t, "section.stores");
        if (stores.isEmpty()) {
            w.println("<p>" + forHtml(t.getString("stores.none")) + "</p>");
            return;
        }
        w.println("<table class='hearth-kv'>");
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
                notTaken(w, t, props.get(PimStore.NAME), store.notTaken());
            } catch (StoreException e) {
                row(w, name, MessageFormat.format(t.getString("stores.unavailable"), e.getMessage()));
            }
        });
        w.println("</table>");
        w.println("<p>" + link(root + "/" + SetupWizard.LABEL + "?step=sync", t.getString("stores.select")) + "</p>");
    }

    /**
     * The files a store left out (issue #17: import takes what it can and says what it left out, by name), so a user
     * who put a file in a synced folder sees why it is not on the phone. Capped: a folder full of other files (a store
     * pointed at the wrong place) must not make a page of thousands of lines.
     */
    private static void notTaken(PrintWriter w, ResourceBundle t, Object storeName, Map<String, Map<String, String>> notTaken) {
        int total = notTaken.values().stream().mapToInt(Map::size).sum();
        if (total == 0) {
            return;
        }
        w.println("<tr class='hearth-not-taken'><th scope='row'>"
                + forHtml(MessageFormat.format(t.getString("stores.notTaken"), storeName, total)) + "</th><td><ul class='hearth-list'>");
        int shown = 0;
        for (Map.Entry<String, Map<String, String>> folder : notTaken.entrySet()) {
            for (Map.Entry<String, String> file : folder.getValue().entrySet()) {
                if (shown++ == NOT_TAKEN_SHOWN) {
                    w.println("<li>" + forHtml(MessageFormat.format(t.getString("stores.notTakenMore"), total - NOT_TAKEN_SHOWN)) + "</li>");
                    w.println("</ul></td></tr>");
                    return;
                }
                w.println("<li>" + forHtml(folder.getKey() + "/" + file.getKey() + ": " + file.getValue()) + "</li>");
            }
        }
        w.println("</ul></td></tr>");
    }

    private void accounts(PrintWriter w, ResourceBundle t) {
        section(w, t, "section.accounts");
        AccountRegistry a = accounts;
        List<Account> list = a == null ? List.of() : a.accounts();
        if (list.isEmpty()) {
            w.println("<p>" + forHtml(t.getString("accounts.none")) + "</p>");
            return;
        }
        w.println("<table class='hearth-kv'>");
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
        w.println("<table class='hearth-kv'>");
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
