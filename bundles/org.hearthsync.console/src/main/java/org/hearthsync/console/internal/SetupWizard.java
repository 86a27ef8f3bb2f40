package org.hearthsync.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's "Set up" wizard: from "Wi-Fi or Internet" to "your phone is connected", in plain
 * words, one short step at a time. This class is the frame (navigation, the form, error flashes); each
 * step is a {@link WizardStep} that renders its page and writes its choices as the settings of the part
 * they belong to (through {@link ConfigWriter}, so files and Configuration Admin agree, by the names that
 * part owns). Running the wizard again shows what is set and changes only what the user changes. Steps
 * that do not apply (Internet steps in Wi-Fi mode, the address choice on a computer with one network)
 * are skipped.
 */
// Not bound to its own configuration (WizardConfig.PID), which it rewrites at every step: DS would copy each
// change into the servlet's service properties, and the web console answers such a change by dropping and re-adding
// the page, so a browser following the step's redirect could fall into the gap and land on another page.
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + SetupWizard.LABEL, "felix.webconsole.title=Set up",
                "felix.webconsole.category=Hearth" })
public final class SetupWizard extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "hearth-setup";

    private final transient CsrfGuard guard;
    private final transient ConfigWriter configs;
    private final transient WizardServices services;
    private final transient PortsStep ports;
    private final transient CertificateStep certificate;
    private final transient DoneStep done;
    /** The steps, in order. */
    private final transient List<WizardStep> steps;
    /** What went wrong with a browser's last submission, shown once by the page it is sent back to; keyed by its form token. */
    private final transient Map<String, Flash> flashes = new ConcurrentHashMap<>();

    private record Flash(WizardStep step, List<String> errors, Map<String, String> posted) {
    }

    @Activate
    public SetupWizard(@Reference CsrfGuard guard, @Reference ActionLog log, @Reference ConfigWriter configs,
            @Reference WizardServices services) {
        this.guard = guard;
        this.configs = configs;
        this.services = services;
        this.ports = new PortsStep(services, configs, log);
        this.certificate = new CertificateStep(services);
        this.done = new DoneStep(services, configs, log);
        this.steps = List.of(new ModeStep(configs, log), new PhoneStep(configs), new SyncStep(services, configs, log),
                new NetworkStep(services, configs, log), ports, new DnsStep(services, configs, log), new FirewallStep(services),
                certificate, new AdviceStep(), new CredentialsStep(services, configs, log), done);
    }

    /** The step with this id; the first for anything else. */
    WizardStep step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElse(steps.get(0));
    }

    /** The next (or, with -1, the previous) step that applies; the step itself at either end. */
    private WizardStep next(WizardStep s, WizardState st, int direction) {
        int i = steps.indexOf(s) + direction;
        while (i >= 0 && i < steps.size()) {
            if (steps.get(i).applies(st)) {
                return steps.get(i);
            }
            i += direction;
        }
        return s;
    }

    private WizardState state() {
        return WizardState.read(configs, services);
    }

    // ---------------------------------------------------------------- GET

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Ui ui = new Ui(SetupWizard.class, req.getLocale());
        Ui.html(resp);
        String token = guard.token(req, resp);
        PrintWriter w = resp.getWriter();
        switch (Ui.subPath(req, LABEL)) {
            case CertificateStep.DOWNLOADS -> {
                certificate.downloads(w, ui, WizardHtml.parseInstant(req.getParameter("since")));
                return;
            }
            case DoneStep.PHONE -> {
                done.phoneStatus(w, ui, WizardHtml.str(req.getParameter("user")), WizardHtml.parseInstant(req.getParameter("since")));
                return;
            }
            case PortsStep.REPORT -> {
                ports.report(w, ui);
                return;
            }
            default -> {
                // the page itself
            }
        }
        WizardState st = state();
        WizardStep step = step(WizardHtml.str(req.getParameter("step")));
        if (!step.applies(st)) {
            step = next(step, st, 1);
        }
        Flash flash = flashes.remove(token);
        if (flash != null && flash.step() == step) {
            page(w, ui, token, req, st, step, flash.errors(), flash.posted());
        } else {
            page(w, ui, token, req, st, step, List.of(), Map.of());
        }
    }

    private void page(PrintWriter w, Ui ui, String token, HttpServletRequest req, WizardState st, WizardStep step, List<String> errors,
            Map<String, String> posted) {
        w.println("<div class='hearth' id='hearth-setup' data-step='" + step.id() + "'>");
        w.println(Ui.assets(req, LABEL));
        w.println("<nav aria-label='" + Ui.attr(ui.t("nav.label")) + "'><ol class='hearth-steps'>");
        int n = 0;
        for (WizardStep s : steps) {
            if (!s.applies(st)) {
                continue;
            }
            n++;
            String text = n + ". " + ui.t("nav." + s.id());
            if (s == step) {
                w.println("<li><span aria-current='step'>" + Ui.esc(text) + "</span></li>");
            } else {
                w.println("<li><a href='" + Ui.attr(WizardHtml.self(req) + "?step=" + s.id()) + "'>" + Ui.esc(text) + "</a></li>");
            }
        }
        w.println("</ol></nav>");
        w.println("<section class='hearth-step'>");
        w.println("<h1 class='hearth-title' id='step-title'>" + ui.h(step.id() + ".title") + "</h1>");
        if (!errors.isEmpty()) {
            w.println("<div class='hearth-errors' role='alert' id='errors'><ul class='hearth-list'>");
            for (String e : errors) {
                w.println("<li>" + Ui.esc(e) + "</li>");
            }
            w.println("</ul></div>");
        }
        w.println("<form method='post' action='" + Ui.attr(WizardHtml.self(req)) + "' aria-labelledby='step-title'>" + Ui.csrf(token)
                + "<input type='hidden' name='step' value='" + step.id() + "'/>");
        step.render(new WizardStep.View(w, ui, req, st, posted));
        w.println("<div class='hearth-nav'>");
        if (step != done) {
            w.println("<button type='submit' name='go' value='next' id='next' class='hearth-button hearth-primary'>"
                    + ui.h(step instanceof CredentialsStep ? "button.save" : "button.next") + "</button>");
        }
        if (step != steps.get(0)) {
            w.println("<button type='submit' name='go' value='back' id='back' class='hearth-button' formnovalidate='formnovalidate'>"
                    + ui.h("button.back") + "</button>");
        }
        w.println("</div></form></section></div>");
    }

    // ---------------------------------------------------------------- POST

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (guard.refuse(req, resp)) {
            return;
        }
        Ui ui = new Ui(SetupWizard.class, req.getLocale());
        WizardStep step = step(WizardHtml.str(req.getParameter("step")));
        String go = WizardHtml.str(req.getParameter("go"));
        WizardState st = state();
        if ("back".equals(go)) {
            resp.sendRedirect(WizardHtml.self(req) + "?step=" + next(step, st, -1).id());
            return;
        }
        List<String> errors = new ArrayList<>();
        Map<String, String> posted = new LinkedHashMap<>();
        boolean stay = false;
        try {
            stay = step.save(new WizardStep.Form(req, ui, go, st, errors, posted));
        } catch (IOException | RuntimeException e) {
            errors.add(ui.t("error.save", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        String provider = WizardHtml.str(req.getParameter("provider"));
        if (!errors.isEmpty()) {
            if (flashes.size() > 256) {
                flashes.clear();
            }
            flashes.put(WizardHtml.str(req.getParameter(CsrfGuard.FIELD)), new Flash(step, List.copyOf(errors), Map.copyOf(posted)));
            resp.sendRedirect(WizardHtml.self(req) + "?step=" + step.id() + (provider.isEmpty() ? "" : "&provider=" + encode(provider)));
            return;
        }
        WizardStep to = stay ? step : next(step, state(), 1);
        // the DNS step keeps the provider form open, except after signing in with it
        boolean keepProvider = stay && step instanceof DnsStep && req.getParameter("provider") != null && !"dns-login".equals(go);
        resp.sendRedirect(WizardHtml.self(req) + "?step=" + to.id() + (keepProvider ? "&provider=" + encode(provider) : ""));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
