package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.intValue;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.PortMappingReport;
import org.hearthsync.api.portmap.PortMappingStatus;
import org.hearthsync.upnp.UpnpSettings;

/**
 * Internet mode: the router forwards the phones' ports, with UPnP (one button, a live report) or by hand (a table
 * of what to forward where, from the ports the transport publishes).
 */
final class PortsStep extends InternetStep {
    static final String REPORT = "ports.htm";

    PortsStep(WizardServices services, ConfigWriter configs, ActionLog log) {
        super("ports", services, configs, log);
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        WizardServices.PhonePorts here = services.phonePorts();
        Map<String, Object> upnp = configs.read(UpnpSettings.PID);
        int extEas = intValue(upnp.get(UpnpSettings.EAS_EXTERNAL_PORT), 443);
        int extSetup = intValue(upnp.get(UpnpSettings.SETUP_EXTERNAL_PORT), 54321);
        String ip = services.primaryAddress().orElse(ui.t("ports.thisComputer"));
        w.println("<p>" + ui.h("ports.intro") + "</p>");
        if (services.portMapping != null) {
            w.println("<h2>" + ui.h("ports.auto.title") + "</h2><p>" + ui.h("ports.auto.text") + "</p>");
            w.println("<button type='submit' name='go' value='upnp' id='upnp' class='hearth-button'>" + ui.h("ports.auto.button")
                    + "</button>");
            w.println("<div id='port-report' aria-live='polite' data-every='3000' data-refresh='" + Ui.attr(CsrfGuard.PATH + "/"
                    + SetupWizard.LABEL + "/" + REPORT) + "'>");
            report(w, ui);
            w.println("</div>");
        } else {
            w.println("<p class='hearth-calm'>" + ui.h("ports.auto.missing") + "</p>");
        }
        w.println("<h2>" + ui.h("ports.manual.title") + "</h2><p>" + ui.h("ports.manual.text") + "</p>");
        w.println("<table class='hearth-table' id='manual-ports'><thead><tr><th scope='col'>" + ui.h("ports.col.external")
                + "</th><th scope='col'>" + ui.h("ports.col.to") + "</th><th scope='col'>" + ui.h("ports.col.what")
                + "</th></tr></thead><tbody>");
        w.println("<tr><td>TCP " + extEas + "</td><td>" + Ui.esc(ip) + " : " + here.eas() + "</td><td>" + ui.h("ports.what.eas") + "</td></tr>");
        w.println("<tr><td>TCP " + extSetup + "</td><td>" + Ui.esc(ip) + " : " + here.setup() + "</td><td>" + ui.h("ports.what.setup")
                + "</td></tr>");
        w.println("</tbody></table>");
    }

    /** The forwardings as port forwarding reports them; also the page the report refreshes from. */
    void report(PrintWriter w, Ui ui) {
        PortMappingStatus s = services.portMapping;
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
        boolean ok = r.entries().stream().anyMatch(e -> e.result().outcome() == MappingResult.Outcome.MAPPED);
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

    /** The UPnP button: switches port forwarding on (its own setting) and asks it to try now. */
    @Override
    public boolean save(Form f) throws IOException {
        if (!"upnp".equals(f.go())) {
            return false;
        }
        Object enabled = configs.read(UpnpSettings.PID).get(UpnpSettings.ENABLED);
        if (enabled == null || !Boolean.parseBoolean(String.valueOf(enabled))) {
            configs.update(UpnpSettings.PID, Map.of(UpnpSettings.ENABLED, Boolean.TRUE));
        }
        PortMappingStatus s = services.portMapping;
        if (s != null) {
            s.renewNow();
        }
        log.record("asked the router to forward the phones' ports (UPnP)");
        return true;
    }
}
