package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.kv;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.dav.DavPaths;
import org.hearthsync.dav.DavSettings;
import org.hearthsync.setup.Onboarding;
import org.hearthsync.setup.OnboardingEvents;
import org.hearthsync.transport.ServerUrls;

/**
 * The last step: exactly what to type on the phone, the profile link for iPhones, and a live tick when the phone
 * connects; then the same account on the household's computers (the CalDAV/CardDAV address, the setup page's steps
 * per program) and the switch of the announcements on the home network, written by the names the DAV bundle owns.
 */
final class DoneStep implements WizardStep {
    static final String PHONE = "phone.htm";
    static final String MDNS = "mdns";
    private final WizardServices services;
    private final ConfigWriter configs;
    private final ActionLog log;

    DoneStep(WizardServices services, ConfigWriter configs, ActionLog log) {
        this.services = services;
        this.configs = configs;
        this.log = log;
    }

    @Override
    public String id() {
        return "done";
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        WizardState st = v.state();
        Optional<Account> acc = services.account(st.userName());
        if (acc.isEmpty()) {
            w.println("<p class='hearth-warning'>" + ui.h("done.noAccount") + "</p>");
            return;
        }
        String host = services.publicHost();
        ServerUrls u = services.urls;
        int port = services.publicEasPort();
        String server = st.internet() && !host.isEmpty() ? host + (port == 443 ? "" : ":" + port)
                : u == null ? "" : u.easServer().orElse("");
        String user = acc.get().userName();
        String encoded = URLEncoder.encode(user, StandardCharsets.UTF_8);
        w.println("<p>" + ui.h("done.intro") + "</p>");
        w.println("<table class='hearth-kv' id='phone-settings'>");
        kv(w, ui.t("done.email"), acc.get().emailAddress());
        kv(w, ui.t("done.server"), server);
        kv(w, ui.t("done.domain"), ui.t("done.domain.empty"));
        kv(w, ui.t("done.user"), user);
        kv(w, ui.t("done.password"), ui.t("done.password.value"));
        w.println("</table>");
        String lan = u == null ? "" : u.setupUrl().orElse("");
        if (!lan.isEmpty()) {
            String link = lan + "?user=" + encoded;
            w.println("<h2>" + ui.h("done.iphone.title") + "</h2><p>" + ui.h("done.iphone.text") + "</p><p><a id='profile-link' href='"
                    + Ui.attr(link) + "'>" + Ui.esc(link) + "</a></p><img class='hearth-qr' alt='" + Ui.attr(ui.t("certificate.qr", link))
                    + "' src='" + Ui.attr("/hearth/setup-qr.svg?variant=lan&user=" + encoded) + "'/>");
        }
        w.println("<h2>" + ui.h("done.status.title") + "</h2>");
        w.println("<div id='phone-status' aria-live='polite' data-every='2000' data-refresh='" + Ui.attr(CsrfGuard.PATH + "/" + SetupWizard.LABEL
                + "/" + PHONE + "?user=" + encoded + "&since=" + Instant.EPOCH) + "'>");
        phoneStatus(w, ui, user, Instant.EPOCH);
        w.println("</div>");
        w.println("<p><a href='" + Ui.attr(Ui.appRoot(v.req()) + "/" + DevicesPage.LABEL) + "'>" + ui.h("done.devicesLink") + "</a></p>");
        computers(w, ui, u, lan, user, encoded);
    }

    /** The DAV address for computers, the link to the setup page's steps per program, and the mDNS switch. */
    private void computers(PrintWriter w, Ui ui, ServerUrls u, String lan, String user, String encoded) {
        w.println("<h2>" + ui.h("done.computers.title") + "</h2><p>" + ui.h("done.computers.text") + "</p>");
        w.println("<table class='hearth-kv' id='dav-settings'>");
        // computers sit on the home network: the LAN address, as the setup page and the Mac profile give it
        kv(w, ui.t("done.computers.address"), u == null ? "" : u.easServer().map(s -> "https://" + s + DavPaths.ROOT).orElse(""));
        kv(w, ui.t("done.user"), user);
        kv(w, ui.t("done.password"), ui.t("done.password.value"));
        w.println("</table>");
        if (!lan.isEmpty()) {
            String link = lan + "computers?user=" + encoded;
            w.println("<p>" + ui.h("done.computers.steps") + " <a id='computers-link' href='" + Ui.attr(link) + "'>" + Ui.esc(link)
                    + "</a></p>");
        }
        OnboardingEvents ev = services.onboarding;
        List<Onboarding> macs = ev == null ? List.of() : ev.since(Instant.EPOCH).stream()
                .filter(o -> o.what() == Onboarding.Artifact.MAC_PROFILE).toList();
        if (!macs.isEmpty()) {
            Onboarding last = macs.get(macs.size() - 1);
            w.println("<p class='hearth-ok' id='mac-profile-fetched'>\u2713 " + ui.h("done.computers.macProfile",
                    Ui.CLOCK.format(last.time())) + "</p>");
        }
        boolean on = mdnsEnabled();
        w.println("<fieldset id='mdns'><legend>" + ui.h("done.mdns.legend") + "</legend><label class='hearth-choice' for='mdns-on'>"
                + "<input type='checkbox' id='mdns-on' name='mdns' value='on'" + (on ? " checked='checked'" : "") + "/> "
                + ui.h("done.mdns.label") + "<small>" + ui.h("done.mdns.help") + "</small></label>"
                + "<button type='submit' name='go' value='" + MDNS + "' id='save-mdns' class='hearth-button'>" + ui.h("done.mdns.save")
                + "</button></fieldset>");
    }

    /** Unset means on, as the announcer's own default. */
    private boolean mdnsEnabled() {
        Object v = configs.read(DavSettings.MDNS_PID).get(DavSettings.MDNS_ENABLED);
        return v == null || Boolean.parseBoolean(String.valueOf(v));
    }

    @Override
    public boolean save(Form f) throws IOException {
        if (!MDNS.equals(f.go())) {
            return false;
        }
        boolean on = "on".equals(f.param("mdns"));
        if (on != mdnsEnabled()) {
            configs.update(DavSettings.MDNS_PID, Map.of(DavSettings.MDNS_ENABLED, on));
            log.record(on ? "switched on announcing Hearth on the home network (mDNS)"
                    : "switched off announcing Hearth on the home network (mDNS)");
        }
        return true;
    }

    /** The phone that last connected with this account since {@code since}; also the part the page refreshes. */
    void phoneStatus(PrintWriter w, Ui ui, String user, Instant since) {
        DeviceRegistry d = services.devices;
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
}
