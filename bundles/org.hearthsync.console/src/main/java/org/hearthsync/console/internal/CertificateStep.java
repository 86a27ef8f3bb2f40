package org.hearthsync.console.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.setup.Onboarding;
import org.hearthsync.setup.OnboardingEvents;
import org.hearthsync.transport.ServerUrls;

/** The phone installs Hearth's certificate from the setup page (QR codes, the root's fingerprint, a live tick when it is fetched). */
final class CertificateStep implements WizardStep {
    static final String DOWNLOADS = "downloads.htm";
    private final WizardServices services;

    CertificateStep(WizardServices services) {
        this.services = services;
    }

    @Override
    public String id() {
        return "certificate";
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        ServerUrls u = services.urls;
        String lan = u == null ? "" : u.setupUrl().orElse("");
        String host = services.publicHost();
        w.println("<p>" + ui.h("certificate.intro") + "</p>");
        if (lan.isEmpty()) {
            w.println("<p class='hearth-calm'>" + ui.h("certificate.notYet") + "</p>");
        } else {
            w.println("<div class='hearth-field'><p>" + ui.h("certificate.url") + "</p><p><code id='setup-url'>" + Ui.esc(lan)
                    + "</code></p><img class='hearth-qr' id='setup-qr' src='/hearth/setup-qr.svg?variant=lan' alt='"
                    + Ui.attr(ui.t("certificate.qr", lan)) + "'/></div>");
        }
        if (v.state().internet() && !host.isEmpty()) {
            w.println("<p>" + ui.h("certificate.internet") + "</p><img class='hearth-qr' src='/hearth/setup-qr.svg?variant=internet' alt='"
                    + Ui.attr(ui.t("certificate.qr", host)) + "'/>");
        }
        CertificateAuthority c = services.ca;
        if (c != null) {
            w.println("<p>" + ui.h("certificate.fingerprint") + "</p><p><code id='fingerprint'>" + Ui.esc(c.rootFingerprint())
                    + "</code></p>");
        }
        String since = Instant.now().minus(Duration.ofMinutes(30)).toString();
        w.println("<div id='downloads' aria-live='polite' data-every='2000' data-refresh='" + Ui.attr(CsrfGuard.PATH + "/" + SetupWizard.LABEL
                + "/" + DOWNLOADS + "?since=" + since) + "'>");
        downloads(w, ui, WizardHtml.parseInstant(since));
        w.println("</div>");
    }

    /**
     * The last fetch of the certificate or profile since {@code since}; also the part the page refreshes. The step waits
     * for the phone: a computer's download (the Mac profile, or the certificate from the computers' page) is shown as
     * a computer's and does not end the wait.
     */
    void downloads(PrintWriter w, Ui ui, Instant since) {
        OnboardingEvents ev = services.onboarding;
        List<Onboarding> recent = ev == null ? List.of() : ev.since(since == null ? Instant.EPOCH : since);
        Optional<Onboarding> phone = recent.stream().filter(o -> !o.computer()).reduce((a, b) -> b);
        if (phone.isPresent()) {
            Onboarding o = phone.get();
            w.println("<p class='hearth-ok hearth-tick' id='download-done'>\u2713 " + ui.h("certificate.fetched." + o.what().name(),
                    o.client(), Ui.CLOCK.format(o.time())) + "</p>");
            return;
        }
        w.println("<p class='hearth-calm' id='download-wait'>" + ui.h("certificate.waiting") + "</p>");
        recent.stream().filter(Onboarding::computer).reduce((a, b) -> b).ifPresent(o -> w.println(
                "<p class='hearth-calm' id='download-computer'>" + ui.h("certificate.computer." + o.what().name(), o.client(),
                        Ui.CLOCK.format(o.time())) + "</p>"));
    }
}
