package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.kv;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.transport.ServerUrls;

/** The last step: exactly what to type on the phone, the profile link for iPhones, and a live tick when the phone connects. */
final class DoneStep implements WizardStep {
    static final String PHONE = "phone.htm";
    private final WizardServices services;

    DoneStep(WizardServices services) {
        this.services = services;
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
