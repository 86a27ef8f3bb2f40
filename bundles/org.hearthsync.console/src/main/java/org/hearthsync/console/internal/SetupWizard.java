package org.hearthsync.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.auth.PasswordHash;
import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.api.ddns.DnsNameGenerator;
import org.hearthsync.api.ddns.DnsUpdater;
import org.hearthsync.api.ddns.GeneratedName;
import org.hearthsync.api.ddns.ProviderStatus;
import org.hearthsync.api.net.AddressService;
import org.hearthsync.api.portmap.PortMappingReport;
import org.hearthsync.api.portmap.PortMappingStatus;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.setup.Onboarding;
import org.hearthsync.setup.OnboardingEvents;
import org.hearthsync.transport.ServerUrls;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeService;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's "Set up" wizard: from "Wi-Fi or Internet" to "your phone is connected", in plain
 * words, one short step at a time. Every choice is written as the configuration of the part it
 * belongs to (through {@link ConfigWriter}, so files and Configuration Admin agree); running the
 * wizard again shows what is set and changes only what the user changes. Steps that do not apply
 * (Internet steps in Wi-Fi mode, the address choice on a computer with one network) are skipped.
 */
// Not bound to its own configuration (WizardConfig.PID), which it rewrites at every step: DS would copy each
// change into the servlet's service properties, and the web console answers such a change by dropping and re-adding
// the page, so a browser following the step's redirect could fall into the gap and land on another page.
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + SetupWizard.LABEL, "felix.webconsole.title=Set up",
                "felix.webconsole.category=Hearth" })
public final class SetupWizard extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "hearth-setup";
    static final String ACCOUNT_PID = "org.hearthsync.account";
    static final String TRANSPORT_PID = "org.hearthsync.transport";
    static final String NET_PID = "org.hearthsync.net";
    static final String UPNP_PID = "org.hearthsync.upnp";
    static final String SETUP_PID = "org.hearthsync.setup";
    static final String VDIR_PID = "org.hearthsync.store.vdir";
    static final String DAV_PID = "org.hearthsync.store.dav";
    static final String DDNS_PREFIX = "org.hearthsync.ddns.";
    static final String CUSTOM_DDNS_PID = "org.hearthsync.ddns.custom";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}\\.?");
    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The steps, in order. */
    enum Step {
        MODE("mode"), PHONE("phone"), SYNC("sync"), NETWORK("network"), PORTS("ports"), DNS("dns"), FIREWALL("firewall"),
        CERTIFICATE("certificate"), ADVICE("advice"), CREDENTIALS("credentials"), DONE("done");

        final String id;

        Step(String id) {
            this.id = id;
        }

        static Step of(String id) {
            for (Step s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            return MODE;
        }
    }

    private final transient BundleContext context;
    private final transient CsrfGuard guard;
    private final transient ActionLog log;
    private final transient ConfigWriter configs;
    private final transient Map<PimStore, Map<String, Object>> stores = new ConcurrentHashMap<>();
    /** What went wrong with a browser's last submission, shown once by the page it is sent back to; keyed by its form token. */
    private final transient Map<String, Flash> flashes = new ConcurrentHashMap<>();

    private record Flash(Step step, List<String> errors, Map<String, String> posted) {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ServerUrls urls;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AddressService addresses;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile CertificateAuthority ca;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile OnboardingEvents onboarding;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile DeviceRegistry devices;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AccountRegistry accounts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PortMappingStatus portMapping;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile DnsUpdater dns;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile MetaTypeService metatype;
    /** One per dynamic DNS provider bundle: its sign-up page, and creating a name where its API allows. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile List<DnsNameGenerator> nameGenerators;

    @Activate
    public SetupWizard(BundleContext context, @Reference CsrfGuard guard, @Reference ActionLog log,
            @Reference ConfigWriter configs) {
        this.context = context;
        this.guard = guard;
        this.log = log;
        this.configs = configs;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(PimStore s, Map<String, Object> props) {
        stores.put(s, props);
    }

    void removeStore(PimStore s) {
        stores.remove(s);
    }

    // ---------------------------------------------------------------- state

    /** The wizard's remembered choices. */
    record State(String mode, String phoneType, String storeName, List<String> collections, String userName) {
        boolean internet() {
            return "internet".equals(mode);
        }
    }

    State state() {
        Map<String, Object> p = configs.read(WizardConfig.PID);
        Optional<Account> acc = account(str(p.get("user.name")));
        String store = str(p.get("store.name"));
        List<String> cols = strings(p.get("collections"));
        if (acc.isPresent()) {
            store = acc.get().storeName();
            cols = acc.get().collections();
        }
        return new State(str(p.get("mode")), str(p.get("phone.type")), store.isEmpty() ? "default" : store, cols,
                acc.map(Account::userName).orElse(str(p.get("user.name"))));
    }

    private Optional<Account> account(String user) {
        AccountRegistry a = accounts;
        if (a == null || user.isEmpty()) {
            return Optional.empty();
        }
        return a.accounts().stream().filter(x -> x.userName().equalsIgnoreCase(user)).findFirst();
    }

    boolean applies(Step s, State st) {
        return switch (s) {
            case PORTS, DNS -> st.internet();
            case NETWORK -> lanAddresses().size() > 1;
            default -> true;
        };
    }

    private Step next(Step s, State st, int direction) {
        int i = s.ordinal() + direction;
        while (i >= 0 && i < Step.values().length) {
            if (applies(Step.values()[i], st)) {
                return Step.values()[i];
            }
            i += direction;
        }
        return s;
    }

    // ---------------------------------------------------------------- GET

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Ui ui = new Ui(SetupWizard.class, req.getLocale());
        Ui.html(resp);
        String token = guard.token(req, resp);
        PrintWriter w = resp.getWriter();
        String sub = Ui.subPath(req, LABEL);
        State st = state();
        switch (sub) {
            case "downloads.htm" -> {
                downloads(w, ui, parseInstant(req.getParameter("since")));
                return;
            }
            case "phone.htm" -> {
                phoneStatus(w, ui, str(req.getParameter("user")), parseInstant(req.getParameter("since")));
                return;
            }
            case "ports.htm" -> {
                portReport(w, ui);
                return;
            }
            default -> {
                // the page itself
            }
        }
        Step step = Step.of(str(req.getParameter("step")));
        if (!applies(step, st)) {
            step = next(step, st, 1);
        }
        Flash flash = flashes.remove(token);
        if (flash != null && flash.step() == step) {
            page(w, ui, token, req, st, step, flash.errors(), flash.posted());
        } else {
            page(w, ui, token, req, st, step, List.of(), Map.of());
        }
    }

    private void page(PrintWriter w, Ui ui, String token, HttpServletRequest req, State st, Step step, List<String> errors,
            Map<String, String> posted) {
        w.println("<div class='hearth' id='hearth-setup' data-step='" + step.id + "'>");
        w.println(Ui.assets(req, LABEL));
        w.println("<nav aria-label='" + Ui.attr(ui.t("nav.label")) + "'><ol class='hearth-steps'>");
        int n = 0;
        for (Step s : Step.values()) {
            if (!applies(s, st)) {
                continue;
            }
            n++;
            String text = n + ". " + ui.t("nav." + s.id);
            if (s == step) {
                w.println("<li><span aria-current='step'>" + Ui.esc(text) + "</span></li>");
            } else {
                w.println("<li><a href='" + Ui.attr(self(req) + "?step=" + s.id) + "'>" + Ui.esc(text) + "</a></li>");
            }
        }
        w.println("</ol></nav>");
        w.println("<section class='hearth-step'>");
        w.println("<h1 class='hearth-title' id='step-title'>" + ui.h(step.id + ".title") + "</h1>");
        if (!errors.isEmpty()) {
            w.println("<div class='hearth-errors' role='alert' id='errors'><ul class='hearth-list'>");
            for (String e : errors) {
                w.println("<li>" + Ui.esc(e) + "</li>");
            }
            w.println("</ul></div>");
        }
        w.println("<form method='post' action='" + Ui.attr(self(req)) + "' aria-labelledby='step-title'>" + Ui.csrf(token)
                + "<input type='hidden' name='step' value='" + step.id + "'/>");
        switch (step) {
            case MODE -> mode(w, ui, st);
            case PHONE -> phone(w, ui, st);
            case SYNC -> sync(w, ui, st, req);
            case NETWORK -> network(w, ui);
            case PORTS -> ports(w, ui);
            case DNS -> dnsStep(w, ui, req);
            case FIREWALL -> firewall(w, ui);
            case CERTIFICATE -> certificate(w, ui, st, req);
            case ADVICE -> w.println("<p>" + ui.h("advice.text1") + "</p><p>" + ui.h("advice.text2") + "</p><p>"
                    + ui.h("advice.text3") + "</p>");
            case CREDENTIALS -> credentials(w, ui, st, posted);
            case DONE -> done(w, ui, st, req);
        }
        w.println("<div class='hearth-nav'>");
        if (step != Step.DONE) {
            w.println("<button type='submit' name='go' value='next' id='next' class='hearth-button hearth-primary'>"
                    + ui.h(step == Step.CREDENTIALS ? "button.save" : "button.next") + "</button>");
        }
        if (step != Step.MODE) {
            w.println("<button type='submit' name='go' value='back' id='back' class='hearth-button' formnovalidate='formnovalidate'>"
                    + ui.h("button.back") + "</button>");
        }
        w.println("</div></form></section></div>");
    }

    // ---------------------------------------------------------------- the steps

    private void mode(PrintWriter w, Ui ui, State st) {
        w.println("<p>" + ui.h("mode.intro") + "</p><fieldset><legend>" + ui.h("mode.legend") + "</legend>");
        choice(w, "mode", "wifi", st.mode().isEmpty() || "wifi".equals(st.mode()), ui.t("mode.wifi"), ui.t("mode.wifi.help"));
        choice(w, "mode", "internet", st.internet(), ui.t("mode.internet"), ui.t("mode.internet.help"));
        w.println("</fieldset>");
    }

    private void phone(PrintWriter w, Ui ui, State st) {
        w.println("<p>" + ui.h("phone.intro") + "</p><fieldset><legend>" + ui.h("phone.legend") + "</legend>");
        for (String t : List.of("iphone", "android", "other")) {
            choice(w, "phone", t, t.equals(st.phoneType()) || (st.phoneType().isEmpty() && "iphone".equals(t)),
                    ui.t("phone." + t), ui.t("phone." + t + ".help"));
        }
        w.println("</fieldset>");
    }

    private void sync(PrintWriter w, Ui ui, State st, HttpServletRequest req) {
        w.println("<p>" + ui.h("sync.intro") + "</p>");
        List<Map.Entry<PimStore, Map<String, Object>>> running = stores.entrySet().stream()
                .sorted(Comparator.comparing(e -> str(e.getValue().get(PimStore.NAME)))).toList();
        w.println("<fieldset><legend>" + ui.h("sync.store.legend") + "</legend>");
        if (running.isEmpty()) {
            w.println("<p class='hearth-calm'>" + ui.h("sync.store.none") + "</p>");
        }
        for (var e : running) {
            String name = str(e.getValue().get(PimStore.NAME));
            String type = str(e.getValue().get(PimStore.TYPE));
            choice(w, "store", name, name.equals(st.storeName()), ui.t("sync.store.option", name, ui.t("store.type." + type)),
                    storeHealth(ui, e.getKey()));
        }
        w.println("</fieldset>");
        Optional<PimStore> chosen = store(st.storeName());
        if (chosen.isPresent()) {
            try {
                List<CollectionInfo> cols = chosen.get().collections();
                if (!cols.isEmpty()) {
                    w.println("<fieldset id='collections'><legend>" + ui.h("sync.collections.legend") + "</legend><p class='hearth-help'>"
                            + ui.h("sync.collections.help") + "</p><input type='hidden' name='collections.shown' value='1'/>");
                    for (CollectionInfo c : cols) {
                        boolean on = st.collections().isEmpty() || st.collections().contains(c.id());
                        w.println("<label class='hearth-choice'><input type='checkbox' name='collection' value='" + Ui.attr(c.id()) + "'"
                                + (on ? " checked='checked'" : "") + "/> " + Ui.esc(c.displayName()) + " <small>"
                                + ui.h("dataclass." + c.dataClass().name()) + "</small></label>");
                    }
                    w.println("</fieldset>");
                }
            } catch (StoreException e) {
                w.println("<p class='hearth-warning'>" + ui.h("sync.store.unavailable", e.getMessage()) + "</p>");
            }
        }
        String locale = req.getLocale() == null ? null : req.getLocale().toString();
        for (String pid : List.of(VDIR_PID, DAV_PID)) {
            Optional<MetatypeForm.Described> d = MetatypeForm.factory(context, metatype, pid, locale);
            if (d.isEmpty()) {
                continue;
            }
            String kind = pid.equals(VDIR_PID) ? "vdir" : "dav";
            w.println("<details id='add-" + kind + "'><summary>" + ui.h("sync.add." + kind) + "</summary><p class='hearth-help'>"
                    + Ui.esc(d.get().ocd().getDescription()) + "</p>");
            MetatypeForm.render(w, d.get().ocd(), kind + ".", Map.of(), advancedStoreSettings(), ui.t("form.more"));
            w.println("<button type='submit' name='go' value='add-" + kind + "' class='hearth-button'>" + ui.h("sync.add.button")
                    + "</button></details>");
        }
    }

    private static List<String> advancedStoreSettings() {
        return List.of("rescan.seconds", "state.file", "create.defaults", "max.item.mb", "poll.seconds", "timeout.seconds",
                "max.response.mb", "sync.collection");
    }

    private String storeHealth(Ui ui, PimStore s) {
        try {
            List<CollectionInfo> cols = s.collections();
            return ui.t("sync.store.health", cols.size());
        } catch (StoreException | RuntimeException e) {
            return ui.t("sync.store.unavailable", String.valueOf(e.getMessage()));
        }
    }

    private Optional<PimStore> store(String name) {
        return stores.entrySet().stream().filter(e -> name.equals(str(e.getValue().get(PimStore.NAME)))).map(Map.Entry::getKey)
                .findFirst();
    }

    private void network(PrintWriter w, Ui ui) {
        List<InetAddress> lan = lanAddresses();
        AddressService a = addresses;
        String current = a == null ? "" : a.primaryAddress().map(InetAddress::getHostAddress).orElse("");
        String override = str(configs.read(NET_PID).get("primary.address"));
        w.println("<p>" + ui.h("network.intro") + "</p><fieldset><legend>" + ui.h("network.legend") + "</legend>");
        choice(w, "address", "", override.isEmpty(), ui.t("network.auto", current.isEmpty() ? "\u2013" : current), ui.t("network.auto.help"));
        for (InetAddress addr : lan) {
            String ip = addr.getHostAddress();
            choice(w, "address", ip, ip.equals(override), ip + " (" + interfaceName(addr) + ")", "");
        }
        w.println("</fieldset>");
    }

    private void ports(PrintWriter w, Ui ui) {
        int eas = transportPort("eas.port", 8443);
        int setup = transportPort("setup.port", 54321);
        Map<String, Object> upnp = configs.read(UPNP_PID);
        int extEas = intValue(upnp.get("eas.external.port"), 443);
        int extSetup = intValue(upnp.get("setup.external.port"), 54321);
        String ip = primary().orElse(ui.t("ports.thisComputer"));
        w.println("<p>" + ui.h("ports.intro") + "</p>");
        if (portMapping != null) {
            w.println("<h2>" + ui.h("ports.auto.title") + "</h2><p>" + ui.h("ports.auto.text") + "</p>");
            w.println("<button type='submit' name='go' value='upnp' id='upnp' class='hearth-button'>" + ui.h("ports.auto.button")
                    + "</button>");
            w.println("<div id='port-report' aria-live='polite' data-every='3000' data-refresh='" + Ui.attr(CsrfGuard.PATH + "/" + LABEL
                    + "/ports.htm") + "'>");
            portReport(w, ui);
            w.println("</div>");
        } else {
            w.println("<p class='hearth-calm'>" + ui.h("ports.auto.missing") + "</p>");
        }
        w.println("<h2>" + ui.h("ports.manual.title") + "</h2><p>" + ui.h("ports.manual.text") + "</p>");
        w.println("<table class='hearth-table' id='manual-ports'><thead><tr><th scope='col'>" + ui.h("ports.col.external")
                + "</th><th scope='col'>" + ui.h("ports.col.to") + "</th><th scope='col'>" + ui.h("ports.col.what")
                + "</th></tr></thead><tbody>");
        w.println("<tr><td>TCP " + extEas + "</td><td>" + Ui.esc(ip) + " : " + eas + "</td><td>" + ui.h("ports.what.eas") + "</td></tr>");
        w.println("<tr><td>TCP " + extSetup + "</td><td>" + Ui.esc(ip) + " : " + setup + "</td><td>" + ui.h("ports.what.setup")
                + "</td></tr>");
        w.println("</tbody></table>");
    }

    private void portReport(PrintWriter w, Ui ui) {
        PortMappingStatus s = portMapping;
        if (s == null) {
            w.println("<p class='hearth-calm'>" + ui.h("ports.auto.missing") + "</p>");
            return;
        }
        PortMappingReport r;
        try {
            r = s.report();
        } catch (RuntimeException e) {
            w.println("<p class='hearth-calm'>" + ui.h("ports.auto.unknown") + "</p>");
            return;
        }
        boolean ok = r.entries().stream().anyMatch(e -> e.result().outcome() == org.hearthsync.api.portmap.MappingResult.Outcome.MAPPED);
        w.println("<p class='" + (ok ? "hearth-ok" : "hearth-calm") + "'>" + Ui.esc(r.summary()) + "</p>");
        if (!r.advice().isBlank()) {
            w.println("<p class='hearth-warning'>" + Ui.esc(r.advice()) + "</p>");
        }
        if (!r.entries().isEmpty()) {
            w.println("<ul class='hearth-list'>");
            for (PortMappingReport.Entry e : r.entries()) {
                w.println("<li>" + Ui.esc(e.description() + ": " + e.mapping().protocol() + " " + e.result().externalPort() + " \u2192 "
                        + e.mapping().internalHost() + ":" + e.mapping().internalPort() + " \u2013 " + e.result().message()) + "</li>");
            }
            w.println("</ul>");
        }
        r.lastAttempt().ifPresent(t -> w.println("<p class='hearth-help'>" + ui.h("ports.lastAttempt", Ui.time(t)) + "</p>"));
    }

    private void dnsStep(PrintWriter w, Ui ui, HttpServletRequest req) {
        String current = str(configs.read(SETUP_PID).get("public.host"));
        w.println("<p>" + ui.h("dns.intro") + "</p>");
        if (!current.isEmpty()) {
            w.println("<p class='hearth-ok' id='dns-current'>" + ui.h("dns.current", current) + "</p>");
        }
        DnsUpdater u = dns;
        if (u != null) {
            List<ProviderStatus> all = u.providers();
            if (!all.isEmpty()) {
                w.println("<ul class='hearth-list'>");
                for (ProviderStatus p : all) {
                    w.println("<li>" + Ui.esc(p.hostName() + " (" + p.provider() + "): " + (p.lastResult() == null ? ui.t("dns.notYet")
                            : p.lastResult().outcome() + " \u2013 " + p.lastResult().message())) + "</li>");
                }
                w.println("</ul>");
            }
        }
        String locale = req.getLocale() == null ? null : req.getLocale().toString();
        List<MetatypeForm.Described> providers = MetatypeForm.factories(context, metatype, DDNS_PREFIX, locale).stream()
                .filter(d -> !d.pid().equals(CUSTOM_DDNS_PID)).sorted(Comparator.comparing(MetatypeForm.Described::name)).toList();
        String chosen = str(req.getParameter("provider"));
        if (providers.isEmpty()) {
            w.println("<p class='hearth-calm'>" + ui.h("dns.noProviders") + "</p>");
        } else {
            w.println("<fieldset><legend>" + ui.h("dns.provider.legend") + "</legend><p class='hearth-help'>" + ui.h("dns.provider.help")
                    + "</p><ul class='hearth-list'>");
            for (MetatypeForm.Described d : providers) {
                w.println("<li><a href='" + Ui.attr(self(req) + "?step=dns&provider=" + d.pid()) + "'>"
                        + Ui.esc(d.name().replaceFirst("^Dynamic DNS: ", "")) + "</a></li>");
            }
            w.println("</ul></fieldset>");
        }
        providers.stream().filter(d -> d.pid().equals(chosen)).findFirst().ifPresent(d -> {
            w.println("<section id='dns-form'><h2>" + Ui.esc(d.name()) + "</h2><p class='hearth-help'>"
                    + Ui.esc(d.ocd().getDescription()) + "</p><input type='hidden' name='provider' value='" + Ui.attr(d.pid()) + "'/>");
            MetatypeForm.render(w, d.ocd(), "dns.", Map.of(), List.of("base.url", "ddns.ipv6"), ui.t("form.more"));
            w.println("<button type='submit' name='go' value='dns-login' class='hearth-button'>" + ui.h("dns.login") + "</button></section>");
        });
        dnsNewName(w, ui);
        w.println("<details id='dns-advanced'" + (chosen.isEmpty() && providers.isEmpty() ? " open='open'" : "") + "><summary>"
                + ui.h("dns.advanced") + "</summary><p class='hearth-help'>" + ui.h("dns.advanced.help") + "</p>"
                + "<div class='hearth-field'><label for='own-name'>" + ui.h("dns.ownName") + "</label><input type='text' id='own-name'"
                + " name='own.name' value='" + Ui.attr(current) + "' autocomplete='off'/></div>"
                + "<button type='submit' name='go' value='dns-own' class='hearth-button'>" + ui.h("dns.ownName.save") + "</button></details>");
    }

    /** "No name yet?": a form per provider whose API creates names, sign-up links for the others. */
    private void dnsNewName(PrintWriter w, Ui ui) {
        List<DnsNameGenerator> all = generators();
        if (all.isEmpty()) {
            return;
        }
        w.println("<details id='dns-new'><summary>" + ui.h("dns.new") + "</summary><p class='hearth-help'>" + ui.h("dns.new.help") + "</p>");
        for (DnsNameGenerator g : all) {
            if (!g.canCreate()) {
                continue;
            }
            String f = "gen." + g.provider() + ".";
            String id = "gen-" + g.provider();
            w.println("<fieldset id='" + Ui.attr(id) + "'><legend>" + ui.h("dns.new.at", g.displayName()) + "</legend>");
            w.println("<div class='hearth-field'><label for='" + Ui.attr(id + "-label") + "'>" + ui.h("dns.new.label") + "</label>"
                    + "<input type='text' id='" + Ui.attr(id + "-label") + "' name='" + Ui.attr(f + "label") + "' autocomplete='off'"
                    + " pattern='[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?'/>");
            w.println("<select name='" + Ui.attr(f + "domain") + "' aria-label='" + Ui.attr(ui.t("dns.new.domain")) + "'>");
            for (String d : g.domains()) {
                w.println("<option value='" + Ui.attr(d) + "'>." + Ui.esc(d) + "</option>");
            }
            w.println("</select></div>");
            for (DnsNameGenerator.Credential c : g.credentials()) {
                String cid = id + "-" + c.key();
                w.println("<div class='hearth-field'><label for='" + Ui.attr(cid) + "'>" + Ui.esc(c.label()) + "</label><input type='"
                        + (c.secret() ? "password" : "text") + "' id='" + Ui.attr(cid) + "' name='" + Ui.attr(f + "cred." + c.key())
                        + "' autocomplete='" + (c.secret() ? "new-password" : "off") + "'/>"
                        + (c.help() == null ? "" : "<p class='hearth-help'>" + Ui.esc(c.help()) + "</p>") + "</div>");
            }
            if (g.signUpUrl() != null) {
                w.println("<p class='hearth-help'>" + ui.h("dns.new.account") + " <a href='" + Ui.attr(g.signUpUrl())
                        + "' target='_blank' rel='noopener noreferrer'>" + ui.h("dns.new.signUp", g.displayName()) + "</a></p>");
            }
            w.println("<button type='submit' name='go' value='" + Ui.attr("dns-generate:" + g.provider()) + "' class='hearth-button'>"
                    + ui.h("dns.new.create") + "</button></fieldset>");
        }
        w.println("<ul class='hearth-list' id='dns-signup'>");
        for (DnsNameGenerator g : all) {
            if (g.closed()) {
                w.println("<li>" + ui.h("dns.new.closed", g.displayName()) + "</li>");
            } else if (!g.canCreate() && g.signUpUrl() != null) {
                w.println("<li><a href='" + Ui.attr(g.signUpUrl()) + "' target='_blank' rel='noopener noreferrer'>"
                        + ui.h("dns.new.signUp", g.displayName()) + "</a></li>");
            }
        }
        w.println("</ul></details>");
    }

    private List<DnsNameGenerator> generators() {
        List<DnsNameGenerator> g = nameGenerators;
        return g == null ? List.of() : g.stream().sorted(Comparator.comparing(DnsNameGenerator::displayName)).toList();
    }

    private void firewall(PrintWriter w, Ui ui) {
        int eas = transportPort("eas.port", 8443);
        int setup = transportPort("setup.port", 54321);
        w.println("<p>" + ui.h("firewall.intro") + "</p>");
        List<String> found = new ArrayList<>();
        for (String prog : List.of("ufw", "firewall-cmd", "nft")) {
            if (program(prog)) {
                found.add(prog);
            }
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            w.println("<p>" + ui.h(os.contains("mac") ? "firewall.mac" : os.contains("win") ? "firewall.windows" : "firewall.other",
                    eas, setup) + "</p>");
            return;
        }
        if (found.isEmpty()) {
            w.println("<p class='hearth-calm' id='firewall-none'>" + ui.h("firewall.none", eas, setup) + "</p>");
            return;
        }
        for (String prog : found) {
            String cmd = switch (prog) {
                case "ufw" -> "sudo ufw allow " + eas + "/tcp\nsudo ufw allow " + setup + "/tcp";
                case "firewall-cmd" -> "sudo firewall-cmd --permanent --add-port=" + eas + "/tcp --add-port=" + setup + "/tcp\n"
                        + "sudo firewall-cmd --reload";
                default -> "sudo nft add rule inet filter input tcp dport '{ " + eas + ", " + setup + " }' accept";
            };
            w.println("<h2>" + ui.h("firewall.with", prog) + "</h2><p>" + ui.h("firewall." + prog.replace("-cmd", "")) + "</p><pre id='"
                    + Ui.attr("firewall-" + prog) + "'>" + Ui.esc(cmd) + "</pre>");
        }
    }

    private void certificate(PrintWriter w, Ui ui, State st, HttpServletRequest req) {
        ServerUrls u = urls;
        String lan = u == null ? "" : u.setupUrl().orElse("");
        String host = str(configs.read(SETUP_PID).get("public.host"));
        w.println("<p>" + ui.h("certificate.intro") + "</p>");
        if (lan.isEmpty()) {
            w.println("<p class='hearth-calm'>" + ui.h("certificate.notYet") + "</p>");
        } else {
            w.println("<div class='hearth-field'><p>" + ui.h("certificate.url") + "</p><p><code id='setup-url'>" + Ui.esc(lan)
                    + "</code></p><img class='hearth-qr' id='setup-qr' src='/hearth/setup-qr.svg?variant=lan' alt='"
                    + Ui.attr(ui.t("certificate.qr", lan)) + "'/></div>");
        }
        if (st.internet() && !host.isEmpty()) {
            w.println("<p>" + ui.h("certificate.internet") + "</p><img class='hearth-qr' src='/hearth/setup-qr.svg?variant=internet' alt='"
                    + Ui.attr(ui.t("certificate.qr", host)) + "'/>");
        }
        CertificateAuthority c = ca;
        if (c != null) {
            w.println("<p>" + ui.h("certificate.fingerprint") + "</p><p><code id='fingerprint'>" + Ui.esc(c.rootFingerprint())
                    + "</code></p>");
        }
        String since = Instant.now().minus(Duration.ofMinutes(30)).toString();
        w.println("<div id='downloads' aria-live='polite' data-every='2000' data-refresh='" + Ui.attr(CsrfGuard.PATH + "/" + LABEL
                + "/downloads.htm?since=" + since) + "'>");
        downloads(w, ui, parseInstant(since));
        w.println("</div>");
    }

    private void downloads(PrintWriter w, Ui ui, Instant since) {
        OnboardingEvents ev = onboarding;
        List<Onboarding> recent = ev == null ? List.of() : ev.since(since == null ? Instant.EPOCH : since);
        if (recent.isEmpty()) {
            w.println("<p class='hearth-calm' id='download-wait'>" + ui.h("certificate.waiting") + "</p>");
            return;
        }
        Onboarding o = recent.get(recent.size() - 1);
        w.println("<p class='hearth-ok hearth-tick' id='download-done'>\u2713 " + ui.h("certificate.fetched." + o.what().name(), o.client(),
                Ui.CLOCK.format(o.time())) + "</p>");
    }

    private void credentials(PrintWriter w, Ui ui, State st, Map<String, String> posted) {
        Optional<Account> existing = account(st.userName());
        String user = posted.getOrDefault("user", st.userName());
        String email = posted.getOrDefault("email", existing.map(Account::emailAddress).filter(s -> !s.isBlank())
                .orElse(user.isEmpty() ? "" : user + "@" + mailDomain(st)));
        w.println("<p>" + ui.h("credentials.intro") + "</p>");
        field(w, "user", ui.t("credentials.user"), "text", user, ui.t("credentials.user.help"), "username");
        field(w, "email", ui.t("credentials.email"), "text", email, ui.t("credentials.email.help", mailDomain(st)), "off");
        field(w, "password", ui.t("credentials.password"), "password", "", ui.t(existing.isPresent()
                ? "credentials.password.keep" : "credentials.password.help", Passwords.MIN_LENGTH), "new-password");
        field(w, "password2", ui.t("credentials.password2"), "password", "", "", "new-password");
    }

    private void done(PrintWriter w, Ui ui, State st, HttpServletRequest req) {
        String user = st.userName();
        Optional<Account> acc = account(user);
        if (acc.isEmpty()) {
            w.println("<p class='hearth-warning'>" + ui.h("done.noAccount") + "</p>");
            return;
        }
        String host = str(configs.read(SETUP_PID).get("public.host"));
        ServerUrls u = urls;
        String server = st.internet() && !host.isEmpty() ? host + publicEasPortSuffix() : u == null ? "" : u.easServer().orElse("");
        w.println("<p>" + ui.h("done.intro") + "</p>");
        w.println("<table class='hearth-kv' id='phone-settings'>");
        kv(w, ui.t("done.email"), acc.get().emailAddress());
        kv(w, ui.t("done.server"), server);
        kv(w, ui.t("done.domain"), ui.t("done.domain.empty"));
        kv(w, ui.t("done.user"), acc.get().userName());
        kv(w, ui.t("done.password"), ui.t("done.password.value"));
        w.println("</table>");
        String lan = u == null ? "" : u.setupUrl().orElse("");
        if (!lan.isEmpty()) {
            String link = lan + "?user=" + java.net.URLEncoder.encode(acc.get().userName(), java.nio.charset.StandardCharsets.UTF_8);
            w.println("<h2>" + ui.h("done.iphone.title") + "</h2><p>" + ui.h("done.iphone.text") + "</p><p><a id='profile-link' href='"
                    + Ui.attr(link) + "'>" + Ui.esc(link) + "</a></p><img class='hearth-qr' alt='" + Ui.attr(ui.t("certificate.qr", link))
                    + "' src='" + Ui.attr("/hearth/setup-qr.svg?variant=lan&user=" + java.net.URLEncoder.encode(acc.get().userName(),
                            java.nio.charset.StandardCharsets.UTF_8)) + "'/>");
        }
        w.println("<h2>" + ui.h("done.status.title") + "</h2>");
        String since = Instant.EPOCH.toString();
        w.println("<div id='phone-status' aria-live='polite' data-every='2000' data-refresh='" + Ui.attr(CsrfGuard.PATH + "/" + LABEL
                + "/phone.htm?user=" + java.net.URLEncoder.encode(acc.get().userName(), java.nio.charset.StandardCharsets.UTF_8)
                + "&since=" + since) + "'>");
        phoneStatus(w, ui, acc.get().userName(), Instant.EPOCH);
        w.println("</div>");
        w.println("<p><a href='" + Ui.attr(Ui.appRoot(req) + "/" + DevicesPage.LABEL) + "'>" + ui.h("done.devicesLink") + "</a></p>");
    }

    private void phoneStatus(PrintWriter w, Ui ui, String user, Instant since) {
        DeviceRegistry d = devices;
        Optional<Device> dev = d == null ? Optional.empty() : d.devices().stream()
                .filter(x -> x.userName().equalsIgnoreCase(user) && (since == null || !x.lastSeen().isBefore(since)))
                .max(Comparator.comparing(Device::lastSeen));
        if (dev.isEmpty()) {
            w.println("<p class='hearth-calm' id='phone-waiting'>" + ui.h("done.waiting") + "</p>");
        } else {
            w.println("<p class='hearth-ok hearth-tick' id='phone-connected'>\u2713 " + ui.h("done.connected", DevicesPage.label(dev.get()),
                    Ui.CLOCK.format(dev.get().lastSeen())) + "</p>");
        }
    }

    // ---------------------------------------------------------------- POST

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (guard.refuse(req, resp)) {
            return;
        }
        Ui ui = new Ui(SetupWizard.class, req.getLocale());
        Step step = Step.of(str(req.getParameter("step")));
        String go = str(req.getParameter("go"));
        State st = state();
        if ("back".equals(go)) {
            resp.sendRedirect(self(req) + "?step=" + next(step, st, -1).id);
            return;
        }
        List<String> errors = new ArrayList<>();
        Map<String, String> posted = new LinkedHashMap<>();
        Step stay = null;
        try {
            switch (step) {
                case MODE -> saveMode(req);
                case PHONE -> savePhone(req);
                case SYNC -> stay = saveSync(req, ui, go, errors);
                case NETWORK -> saveNetwork(req, errors);
                case PORTS -> stay = savePorts(go);
                case DNS -> stay = saveDns(req, ui, go, errors);
                case CREDENTIALS -> saveCredentials(req, ui, st, errors, posted);
                default -> {
                    // nothing to save
                }
            }
        } catch (IOException | RuntimeException e) {
            errors.add(ui.t("error.save", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (!errors.isEmpty()) {
            if (flashes.size() > 256) {
                flashes.clear();
            }
            flashes.put(str(req.getParameter(CsrfGuard.FIELD)), new Flash(step, List.copyOf(errors), Map.copyOf(posted)));
            String provider = str(req.getParameter("provider"));
            resp.sendRedirect(self(req) + "?step=" + step.id + (provider.isEmpty() ? ""
                    : "&provider=" + java.net.URLEncoder.encode(provider, java.nio.charset.StandardCharsets.UTF_8)));
            return;
        }
        State after = state();
        resp.sendRedirect(self(req) + "?step=" + (stay != null ? stay.id : next(step, after, 1).id)
                + (stay == Step.DNS && req.getParameter("provider") != null && !"dns-login".equals(go)
                        ? "&provider=" + java.net.URLEncoder.encode(str(req.getParameter("provider")), java.nio.charset.StandardCharsets.UTF_8)
                        : ""));
    }

    private void saveMode(HttpServletRequest req) throws IOException {
        String mode = "internet".equals(req.getParameter("mode")) ? "internet" : "wifi";
        String before = str(configs.read(WizardConfig.PID).get("mode"));
        if (mode.equals(before)) {
            return;
        }
        configs.update(WizardConfig.PID, Map.of("mode", mode));
        if ("wifi".equals(mode)) {
            // UPnP is off unless turned on; turn it off only where an earlier Internet choice turned it on
            Object enabled = configs.read(UPNP_PID).get("enabled");
            if (enabled != null && Boolean.parseBoolean(String.valueOf(enabled))) {
                configs.update(UPNP_PID, Map.of("enabled", Boolean.FALSE));
            }
            log.record("set Hearth up for phones on the home Wi-Fi only (router port forwarding off)");
        } else {
            log.record("set Hearth up for phones on the Internet too");
        }
    }

    private void savePhone(HttpServletRequest req) throws IOException {
        String t = str(req.getParameter("phone"));
        if (!List.of("iphone", "android", "other").contains(t)) {
            t = "other";
        }
        if (!t.equals(str(configs.read(WizardConfig.PID).get("phone.type")))) {
            configs.update(WizardConfig.PID, Map.of("phone.type", t));
        }
    }

    private Step saveSync(HttpServletRequest req, Ui ui, String go, List<String> errors) throws IOException {
        if (go.startsWith("add-")) {
            String kind = go.substring(4);
            String pid = "vdir".equals(kind) ? VDIR_PID : DAV_PID;
            Optional<MetatypeForm.Described> d = MetatypeForm.factory(context, metatype, pid,
                    req.getLocale() == null ? null : req.getLocale().toString());
            if (d.isEmpty()) {
                errors.add(ui.t("sync.add.missing"));
                return null;
            }
            Map<String, Object> props = MetatypeForm.read(req, d.get().ocd(), kind + ".", errors);
            String name = str(props.get("store.name"));
            if (!STORE_NAME.matcher(name).matches()) {
                errors.add(ui.t("sync.add.badName"));
            } else if (store(name).isPresent()) {
                errors.add(ui.t("sync.add.taken", name));
            }
            if (!errors.isEmpty()) {
                return null;
            }
            configs.updateFactory(pid, null, name, props);
            configs.update(WizardConfig.PID, Map.of("store.name", name));
            log.record("added the " + kind + " store " + name);
            // test on the spot: the store service appears within a few seconds, or says what is wrong
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < deadline && store(name).isEmpty()) {
                sleep(200);
            }
            Optional<PimStore> s = store(name);
            if (s.isEmpty()) {
                errors.add(ui.t("sync.add.notUp", name));
            } else {
                try {
                    s.get().collections();
                } catch (StoreException | RuntimeException e) {
                    errors.add(ui.t("sync.store.unavailable", String.valueOf(e.getMessage())));
                }
            }
            return Step.SYNC;
        }
        State current = state();
        String name = str(req.getParameter("store"));
        if (name.isEmpty()) {
            name = current.storeName();
        }
        Optional<PimStore> s = store(name);
        List<String> cols = new ArrayList<>();
        String[] chosen = req.getParameterValues("collection");
        // the boxes shown belong to the store chosen before; for a newly chosen store every collection syncs
        if (s.isPresent() && name.equals(current.storeName()) && req.getParameter("collections.shown") != null) {
            List<String> all = storeCollections(s.get()).stream().map(CollectionInfo::id).toList();
            List<String> picked = chosen == null ? List.of() : Arrays.stream(chosen).filter(all::contains).toList();
            if (!all.isEmpty() && picked.isEmpty()) {
                errors.add(ui.t("sync.collections.none"));
                return null;
            }
            if (!picked.containsAll(all)) {
                cols.addAll(picked);
            }
        }
        State st = state();
        boolean changed = !name.equals(st.storeName()) || !cols.equals(st.collections());
        if (!changed) {
            return null;
        }
        Map<String, Object> wiz = new LinkedHashMap<>();
        wiz.put("store.name", name);
        wiz.put("collections", cols.isEmpty() ? null : cols.toArray(String[]::new));
        configs.update(WizardConfig.PID, wiz);
        Optional<Configuration> acc = accountConfig(st.userName());
        if (acc.isPresent()) {
            configs.updateFactory(ACCOUNT_PID, acc.get(), null, wiz);
        }
        log.record("chose what to sync: store " + name + (cols.isEmpty() ? ", every collection" : ", " + cols.size() + " collections"));
        return null;
    }

    private static List<CollectionInfo> storeCollections(PimStore s) {
        try {
            return s.collections();
        } catch (StoreException | RuntimeException e) {
            return List.of();
        }
    }

    private void saveNetwork(HttpServletRequest req, List<String> errors) throws IOException {
        String address = str(req.getParameter("address"));
        if (!address.isEmpty() && lanAddresses().stream().noneMatch(a -> a.getHostAddress().equals(address))) {
            errors.add("not an address of this computer: " + address);
            return;
        }
        String before = str(configs.read(NET_PID).get("primary.address"));
        if (!address.equals(before)) {
            configs.update(NET_PID, Map.of("primary.address", address));
            log.record(address.isEmpty() ? "let Hearth find the computer's address itself" : "chose " + address + " as the computer's address");
        }
    }

    private Step savePorts(String go) throws IOException {
        if (!"upnp".equals(go)) {
            return null;
        }
        Object enabled = configs.read(UPNP_PID).get("enabled");
        if (enabled == null || !Boolean.parseBoolean(String.valueOf(enabled))) {
            configs.update(UPNP_PID, Map.of("enabled", Boolean.TRUE));
        }
        PortMappingStatus s = portMapping;
        if (s != null) {
            s.renewNow();
        }
        log.record("asked the router to forward the phones' ports (UPnP)");
        return Step.PORTS;
    }

    private Step saveDns(HttpServletRequest req, Ui ui, String go, List<String> errors) throws IOException {
        if (go.startsWith("dns-generate:")) {
            return generateName(req, ui, go.substring("dns-generate:".length()), errors);
        }
        if ("dns-own".equals(go)) {
            String host = str(req.getParameter("own.name")).toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (!HOST_NAME.matcher(host).matches()) {
                errors.add(ui.t("dns.badName"));
                return null;
            }
            String h = host;
            List<Configuration> same = configs.factory(CUSTOM_DDNS_PID, p -> h.equalsIgnoreCase(str(p.get("hostname"))));
            if (same.isEmpty() && MetatypeForm.factory(context, metatype, CUSTOM_DDNS_PID, null).isPresent()) {
                configs.updateFactory(CUSTOM_DDNS_PID, null, host, Map.of("mode", "name-only", "hostname", host));
            }
            publicHost(host);
            return Step.DNS;
        }
        if ("dns-login".equals(go)) {
            String pid = str(req.getParameter("provider"));
            Optional<MetatypeForm.Described> d = MetatypeForm.factory(context, metatype, pid,
                    req.getLocale() == null ? null : req.getLocale().toString());
            if (d.isEmpty() || !pid.startsWith(DDNS_PREFIX)) {
                errors.add(ui.t("dns.noProviders"));
                return null;
            }
            Map<String, Object> props = MetatypeForm.read(req, d.get().ocd(), "dns.", errors);
            String host = str(props.get("hostname")).toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                errors.add(ui.t("dns.badName"));
            }
            if (!errors.isEmpty()) {
                return null;
            }
            String name = host.replaceAll("[^a-z0-9._]", "_");
            List<Configuration> same = configs.factory(pid, p -> host.equalsIgnoreCase(str(p.get("hostname"))));
            configs.updateFactory(pid, same.isEmpty() ? null : same.get(0), name, props);
            // a DuckDNS-style short name becomes the full name phones use
            publicHost(host.contains(".") ? host : host + ".duckdns.org");
            log.record("set up the DNS name " + host + " with " + d.get().name().replaceFirst("^Dynamic DNS: ", ""));
            DnsUpdater u = dns;
            if (u != null) {
                u.updateNow();
            }
            return Step.DNS;
        }
        return null;
    }

    /** Creates a name at the provider, then writes the provider's account configuration for it. */
    private Step generateName(HttpServletRequest req, Ui ui, String provider, List<String> errors) throws IOException {
        Optional<DnsNameGenerator> found = generators().stream().filter(g -> g.provider().equals(provider) && g.canCreate()).findFirst();
        if (found.isEmpty() || !found.get().accountPid().startsWith(DDNS_PREFIX)) {
            errors.add(ui.t("dns.noProviders"));
            return null;
        }
        DnsNameGenerator g = found.get();
        String f = "gen." + provider + ".";
        String label = DnsNameGenerator.label(req.getParameter(f + "label"));
        String domain = str(req.getParameter(f + "domain"));
        if (label == null || !g.domains().contains(domain)) {
            errors.add(ui.t("dns.new.badLabel"));
            return null;
        }
        Map<String, String> credentials = new LinkedHashMap<>();
        for (DnsNameGenerator.Credential c : g.credentials()) {
            credentials.put(c.key(), str0(req.getParameter(f + "cred." + c.key())));
        }
        GeneratedName r = g.create(label, domain, credentials);
        if (!r.ok()) {
            errors.add(ui.t("dns.new.failed." + r.outcome().name(), g.displayName(), r.message(),
                    r.retryAfter() == null ? "" : String.valueOf(Math.max(1, (r.retryAfter().toSeconds() + 59) / 60))));
            return null;
        }
        String host = r.hostName().toLowerCase(Locale.ROOT);
        List<Configuration> same = configs.factory(g.accountPid(), p -> host.equalsIgnoreCase(str(p.get("hostname"))));
        configs.updateFactory(g.accountPid(), same.isEmpty() ? null : same.get(0), host.replaceAll("[^a-z0-9._]", "_"), r.accountConfig());
        publicHost(host);
        log.record("created the DNS name " + host + " at " + g.displayName());
        DnsUpdater u = dns;
        if (u != null) {
            u.updateNow();
        }
        return Step.DNS;
    }

    private void publicHost(String host) throws IOException {
        if (!host.equalsIgnoreCase(str(configs.read(SETUP_PID).get("public.host")))) {
            configs.update(SETUP_PID, Map.of("public.host", host));
            log.record("phones reach Hearth from the Internet as " + host);
        }
    }

    private void saveCredentials(HttpServletRequest req, Ui ui, State st, List<String> errors, Map<String, String> posted)
            throws IOException {
        String user = str(req.getParameter("user"));
        String email = str(req.getParameter("email"));
        posted.put("user", user);
        posted.put("email", email);
        char[] password = str0(req.getParameter("password")).toCharArray();
        char[] again = str0(req.getParameter("password2")).toCharArray();
        try {
            if (!USER_NAME.matcher(user).matches()) {
                errors.add(ui.t("credentials.user.bad"));
            }
            if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+")) {
                errors.add(ui.t("credentials.email.bad"));
            }
            Optional<Configuration> existing = accountConfig(user);
            boolean keep = password.length == 0 && again.length == 0 && existing.isPresent();
            if (!keep) {
                Passwords.problem(password, user).ifPresent(k -> errors.add(ui.t(k, Passwords.MIN_LENGTH)));
                if (!Arrays.equals(password, again)) {
                    errors.add(ui.t("password.mismatch"));
                }
            }
            if (!errors.isEmpty()) {
                return;
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("user.name", existing.map(c -> str(ConfigWriter.properties(c).get("user.name"))).filter(s -> !s.isEmpty()).orElse(user));
            props.put("email.address", email.isEmpty() ? user + "@" + mailDomain(st) : email);
            if (!keep) {
                props.put("password.hash", PasswordHash.hash(password));
            }
            if (existing.isEmpty()) {
                props.put("store.name", st.storeName());
                if (!st.collections().isEmpty()) {
                    props.put("collections", st.collections().toArray(String[]::new));
                }
                configs.updateFactory(ACCOUNT_PID, null, user, props);
            } else {
                configs.updateFactory(ACCOUNT_PID, existing.get(), null, props);
            }
            configs.update(WizardConfig.PID, Map.of("user.name", user));
            log.record((existing.isEmpty() ? "created the account " : "updated the account ") + user
                    + (keep ? "" : " with a new password"));
            // the account registry takes the new configuration within a moment; the last step needs it
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && account(user).isEmpty()) {
                sleep(100);
            }
        } finally {
            PasswordHash.clear(password);
            PasswordHash.clear(again);
        }
    }

    private Optional<Configuration> accountConfig(String user) {
        if (user.isEmpty()) {
            return Optional.empty();
        }
        return configs.factory(ACCOUNT_PID, p -> user.equalsIgnoreCase(str(p.get("user.name")))).stream().findFirst();
    }

    // ---------------------------------------------------------------- helpers

    private static void choice(PrintWriter w, String name, String value, boolean checked, String label, String help) {
        String id = "choice-" + name + "-" + (value.isEmpty() ? "auto" : value.replaceAll("[^A-Za-z0-9_-]", "-"));
        w.println("<label class='hearth-choice' for='" + Ui.attr(id) + "'><input type='radio' id='" + Ui.attr(id) + "' name='"
                + Ui.attr(name) + "' value='" + Ui.attr(value) + "'" + (checked ? " checked='checked'" : "") + "/> "
                + Ui.esc(label) + (help.isEmpty() ? "" : "<small>" + Ui.esc(help) + "</small>") + "</label>");
    }

    private static void field(PrintWriter w, String name, String label, String type, String value, String help, String autocomplete) {
        w.println("<div class='hearth-field'><label for='" + Ui.attr(name) + "'>" + Ui.esc(label) + "</label><input type='" + type
                + "' id='" + Ui.attr(name) + "' name='" + Ui.attr(name) + "' value='" + Ui.attr(value) + "' autocomplete='"
                + autocomplete + "'" + (help.isEmpty() ? "" : " aria-describedby='" + Ui.attr(name + "-help") + "'") + "/>"
                + (help.isEmpty() ? "" : "<p class='hearth-help' id='" + Ui.attr(name + "-help") + "'>" + Ui.esc(help) + "</p>")
                + "</div>");
    }

    private static void kv(PrintWriter w, String k, String v) {
        w.println("<tr><th scope='row'>" + Ui.esc(k) + "</th><td><code>" + Ui.esc(v) + "</code></td></tr>");
    }

    private String mailDomain(State st) {
        String host = str(configs.read(SETUP_PID).get("public.host"));
        if (st.internet() && !host.isEmpty()) {
            return host;
        }
        AddressService a = addresses;
        if (a != null) {
            List<String> names = new ArrayList<>(a.hostNames());
            Collections.sort(names);
            for (String n : names) {
                if (n.contains(".") && !n.startsWith("localhost") && !Character.isDigit(n.charAt(n.length() - 1)) && !n.contains(":")) {
                    return n.toLowerCase(Locale.ROOT);
                }
            }
            for (String n : names) {
                if (!n.equals("localhost") && !n.contains(":") && !n.matches("[0-9.]+")) {
                    return n.toLowerCase(Locale.ROOT) + ".local";
                }
            }
        }
        return "hearth.local";
    }

    private String publicEasPortSuffix() {
        int p = intValue(configs.read(SETUP_PID).get("public.eas.port"), 443);
        return p == 443 ? "" : ":" + p;
    }

    private int transportPort(String key, int def) {
        return intValue(configs.read(TRANSPORT_PID).get(key), def);
    }

    private Optional<String> primary() {
        AddressService a = addresses;
        return a == null ? Optional.empty() : a.primaryAddress().map(InetAddress::getHostAddress);
    }

    static List<InetAddress> lanAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual() || ni.isPointToPoint()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            // no list: the step is skipped
        }
        return out;
    }

    private static String interfaceName(InetAddress a) {
        try {
            NetworkInterface ni = NetworkInterface.getByInetAddress(a);
            return ni == null ? "?" : ni.getDisplayName();
        } catch (SocketException e) {
            return "?";
        }
    }

    static boolean program(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(String.valueOf(System.getenv("PATH")).split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }

    private static String self(HttpServletRequest req) {
        return Ui.appRoot(req) + "/" + LABEL;
    }

    private static int intValue(Object o, int def) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        try {
            return o == null ? def : Integer.parseInt(String.valueOf(o).trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String str(Object o) {
        return o == null ? "" : String.valueOf(o).strip();
    }

    private static String str0(String s) {
        return s == null ? "" : s;
    }

    static List<String> strings(Object o) {
        if (o instanceof String[] a) {
            return List.of(a);
        }
        if (o instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        if (o instanceof String s && !s.isBlank()) {
            return List.of(s.split("\\s*,\\s*"));
        }
        return List.of();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
