package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.str;
import static org.hearthsync.console.internal.WizardHtml.str0;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hearthsync.api.ddns.DnsNameGenerator;
import org.hearthsync.api.ddns.DnsUpdater;
import org.hearthsync.api.ddns.GeneratedName;
import org.hearthsync.api.ddns.ProviderStatus;
import org.hearthsync.ddns.custom.CustomDnsSettings;
import org.hearthsync.setup.SetupSettings;
import org.osgi.service.cm.Configuration;

/**
 * Internet mode: the name phones use from the Internet. Signs in at a dynamic DNS provider (the form its bundle
 * describes), creates a name where the provider's API allows, or records a name the user already has; the name
 * becomes the setup bundle's Internet name.
 */
final class DnsStep extends InternetStep {
    /** Every dynamic DNS provider bundle's factory PID starts so (the console lists their forms by it). */
    static final String DDNS_PREFIX = "org.hearthsync.ddns.";
    /** The setting every provider's account configuration names its DNS name with. */
    static final String HOSTNAME = "hostname";
    /** How long the setup bundle may take to publish a new Internet name before the page shows the old one. */
    static final Duration NAME_WAIT = Duration.ofSeconds(5);
    private static final Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}\\.?");

    DnsStep(WizardServices services, ConfigWriter configs, ActionLog log) {
        super("dns", services, configs, log);
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        String current = services.publicHost();
        w.println("<p>" + ui.h("dns.intro") + "</p>");
        if (!current.isEmpty()) {
            w.println("<p class='hearth-ok' id='dns-current'>" + ui.h("dns.current", current) + "</p>");
        }
        DnsUpdater u = services.dns;
        List<ProviderStatus> all = u == null ? List.of() : u.providers();
        if (!all.isEmpty()) {
            w.println("<ul class='hearth-list'>");
            for (ProviderStatus p : all) {
                w.println("<li>" + Ui.esc(p.hostName() + " (" + p.provider() + "): " + (p.lastResult() == null ? ui.t("dns.notYet")
                        : p.lastResult().outcome() + " \u2013 " + p.lastResult().message())) + "</li>");
            }
            w.println("</ul>");
        }
        List<MetatypeForm.Described> providers = MetatypeForm.factories(services.context(), services.metatype, DDNS_PREFIX,
                WizardHtml.locale(v.req())).stream().filter(d -> !d.pid().equals(CustomDnsSettings.FACTORY_PID))
                .sorted(Comparator.comparing(MetatypeForm.Described::name)).toList();
        String chosen = str(v.req().getParameter("provider"));
        if (providers.isEmpty()) {
            w.println("<p class='hearth-calm'>" + ui.h("dns.noProviders") + "</p>");
        } else {
            w.println("<fieldset><legend>" + ui.h("dns.provider.legend") + "</legend><p class='hearth-help'>" + ui.h("dns.provider.help")
                    + "</p><ul class='hearth-list'>");
            for (MetatypeForm.Described d : providers) {
                w.println("<li><a href='" + Ui.attr(WizardHtml.self(v.req()) + "?step=dns&provider=" + d.pid()) + "'>"
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
        newName(w, ui);
        w.println("<details id='dns-advanced'" + (chosen.isEmpty() && providers.isEmpty() ? " open='open'" : "") + "><summary>"
                + ui.h("dns.advanced") + "</summary><p class='hearth-help'>" + ui.h("dns.advanced.help") + "</p>"
                + "<div class='hearth-field'><label for='own-name'>" + ui.h("dns.ownName") + "</label><input type='text' id='own-name'"
                + " name='own.name' value='" + Ui.attr(current) + "' autocomplete='off'/></div>"
                + "<button type='submit' name='go' value='dns-own' class='hearth-button'>" + ui.h("dns.ownName.save") + "</button></details>");
    }

    /** "No name yet?": a form per provider whose API creates names, sign-up links for the others. */
    private void newName(PrintWriter w, Ui ui) {
        List<DnsNameGenerator> all = services.generators();
        if (all.isEmpty()) {
            return;
        }
        w.println("<details id='dns-new'><summary>" + ui.h("dns.new") + "</summary><p class='hearth-help'>" + ui.h("dns.new.help") + "</p>");
        for (DnsNameGenerator g : all) {
            if (g.canCreate()) {
                generatorForm(w, ui, g);
            }
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

    private static void generatorForm(PrintWriter w, Ui ui, DnsNameGenerator g) {
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

    @Override
    public boolean save(Form f) throws IOException {
        String go = f.go();
        if (go.startsWith("dns-generate:")) {
            return generate(f, go.substring("dns-generate:".length()));
        }
        if ("dns-own".equals(go)) {
            return own(f);
        }
        if ("dns-login".equals(go)) {
            return login(f);
        }
        return false;
    }

    /** A name the user already has: recorded with the custom provider in "name-only" mode, which never calls anything. */
    private boolean own(Form f) throws IOException {
        String host = f.param("own.name").toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!HOST_NAME.matcher(host).matches()) {
            f.errors().add(f.ui().t("dns.badName"));
            return false;
        }
        String h = host;
        List<Configuration> same = configs.factory(CustomDnsSettings.FACTORY_PID, p -> h.equalsIgnoreCase(str(p.get(CustomDnsSettings.HOSTNAME))));
        if (same.isEmpty() && MetatypeForm.factory(services.context(), services.metatype, CustomDnsSettings.FACTORY_PID, null).isPresent()) {
            configs.updateFactory(CustomDnsSettings.FACTORY_PID, null, host,
                    Map.of(CustomDnsSettings.MODE, CustomDnsSettings.NAME_ONLY, CustomDnsSettings.HOSTNAME, host));
        }
        publicHost(host);
        return true;
    }

    /** Signs in at a provider: its account configuration, from the form its bundle describes. */
    private boolean login(Form f) throws IOException {
        Ui ui = f.ui();
        String pid = f.param("provider");
        Optional<MetatypeForm.Described> d = MetatypeForm.factory(services.context(), services.metatype, pid, WizardHtml.locale(f.req()));
        if (d.isEmpty() || !pid.startsWith(DDNS_PREFIX)) {
            f.errors().add(ui.t("dns.noProviders"));
            return false;
        }
        Map<String, Object> props = MetatypeForm.read(f.req(), d.get().ocd(), "dns.", f.errors());
        String host = str(props.get(HOSTNAME)).toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            f.errors().add(ui.t("dns.badName"));
        }
        if (!f.errors().isEmpty()) {
            return false;
        }
        List<Configuration> same = configs.factory(pid, p -> host.equalsIgnoreCase(str(p.get(HOSTNAME))));
        configs.updateFactory(pid, same.isEmpty() ? null : same.get(0), host.replaceAll("[^a-z0-9._]", "_"), props);
        // a DuckDNS-style short name becomes the full name phones use
        publicHost(host.contains(".") ? host : host + ".duckdns.org");
        log.record("set up the DNS name " + host + " with " + d.get().name().replaceFirst("^Dynamic DNS: ", ""));
        updateNow();
        return true;
    }

    /** Creates a name at the provider, then writes the provider's account configuration for it. */
    private boolean generate(Form f, String provider) throws IOException {
        Ui ui = f.ui();
        Optional<DnsNameGenerator> found = services.generators().stream().filter(g -> g.provider().equals(provider) && g.canCreate())
                .findFirst();
        if (found.isEmpty() || !found.get().accountPid().startsWith(DDNS_PREFIX)) {
            f.errors().add(ui.t("dns.noProviders"));
            return false;
        }
        DnsNameGenerator g = found.get();
        String prefix = "gen." + provider + ".";
        String label = DnsNameGenerator.label(f.req().getParameter(prefix + "label"));
        String domain = f.param(prefix + "domain");
        if (label == null || !g.domains().contains(domain)) {
            f.errors().add(ui.t("dns.new.badLabel"));
            return false;
        }
        Map<String, String> credentials = new LinkedHashMap<>();
        for (DnsNameGenerator.Credential c : g.credentials()) {
            credentials.put(c.key(), str0(f.req().getParameter(prefix + "cred." + c.key())));
        }
        GeneratedName r = g.create(label, domain, credentials);
        if (!r.ok()) {
            f.errors().add(ui.t("dns.new.failed." + r.outcome().name(), g.displayName(), r.message(),
                    r.retryAfter() == null ? "" : String.valueOf(Math.max(1, (r.retryAfter().toSeconds() + 59) / 60))));
            return false;
        }
        String host = r.hostName().toLowerCase(Locale.ROOT);
        List<Configuration> same = configs.factory(g.accountPid(), p -> host.equalsIgnoreCase(str(p.get(HOSTNAME))));
        configs.updateFactory(g.accountPid(), same.isEmpty() ? null : same.get(0), host.replaceAll("[^a-z0-9._]", "_"), r.accountConfig());
        publicHost(host);
        log.record("created the DNS name " + host + " at " + g.displayName());
        updateNow();
        return true;
    }

    private void updateNow() {
        DnsUpdater u = services.dns;
        if (u != null) {
            u.updateNow();
        }
    }

    /** Makes the name the setup bundle's Internet name, and waits (bounded) until it publishes it, so the next page shows it. */
    private void publicHost(String host) throws IOException {
        if (!host.equalsIgnoreCase(services.publicHost())) {
            configs.update(SetupSettings.PID, Map.of(SetupSettings.PUBLIC_HOST, host));
            log.record("phones reach Hearth from the Internet as " + host);
            services.awaitPublicHost(host, NAME_WAIT);
        }
    }
}
