package org.hearthsync.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.AuthThrottle;
import org.hearthsync.activesync.settings.DeviceDirectiveSettings;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.api.account.DeviceState;
import org.hearthsync.api.sync.SyncProgress;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's "Phones" page: every phone partnership with what it told about itself and what
 * the user decided; block or allow it, wipe it or only the account's data from it (after a
 * confirmation page), or remove the partnership. The table refreshes itself every few seconds.
 *
 * <p>Decisions are written as device directives ({@code org.hearthsync.activesync.device-NAME.cfg},
 * the engine's own configuration for them), so the file, Configuration Admin and the registry agree
 * and survive a restart; the registry is also set at once so the phone's very next request sees it.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + DevicesPage.LABEL,
        "felix.webconsole.title=Phones", "felix.webconsole.category=Hearth" })
public final class DevicesPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "hearth-devices";
    static final String DIRECTIVE_PID = DeviceDirectiveSettings.FACTORY_PID;

    private final transient CsrfGuard guard;
    private final transient ActionLog log;
    private final transient ConfigWriter configs;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile DeviceRegistry devices;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AuthThrottle throttle;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile SyncProgress progress;

    @Activate
    public DevicesPage(@Reference CsrfGuard guard, @Reference ActionLog log, @Reference ConfigWriter configs) {
        this.guard = guard;
        this.log = log;
        this.configs = configs;
    }

    /** What a button asks for. */
    enum Action {
        BLOCK(DeviceState.BLOCKED, false), ALLOW(DeviceState.ALLOWED, false), WIPE(DeviceState.WIPE_PENDING, true),
        ACCOUNT_WIPE(DeviceState.ACCOUNT_WIPE_PENDING, true), REMOVE(null, true);

        final DeviceState state;
        final boolean needsConfirmation;

        Action(DeviceState state, boolean needsConfirmation) {
            this.state = state;
            this.needsConfirmation = needsConfirmation;
        }

        String param() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Optional<Action> of(String p) {
            for (Action a : values()) {
                if (a.param().equals(p)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Ui ui = new Ui(DevicesPage.class, req.getLocale());
        Ui.html(resp);
        String token = guard.token(req, resp);
        PrintWriter w = resp.getWriter();
        if ("rows.htm".equals(Ui.subPath(req, LABEL))) {
            live(w, ui, token, req);
            return;
        }
        w.println("<div class='hearth'>");
        w.println(Ui.assets(req, LABEL));
        Optional<Action> confirm = Action.of(req.getParameter("confirm"));
        DeviceRegistry d = devices;
        if (confirm.isPresent() && confirm.get().needsConfirmation && d != null) {
            Optional<Device> dev = d.find(str(req.getParameter("user")), str(req.getParameter("device")));
            if (dev.isPresent()) {
                confirmation(w, ui, token, req, confirm.get(), dev.get());
                w.println("</div>");
                return;
            }
        }
        w.println("<p class='hearth-intro'>" + ui.h("intro") + "</p>");
        w.println("<div id='hearth-live' aria-live='polite' data-refresh='" + Ui.attr(Ui.appRoot(req) + "/" + LABEL + "/rows.htm")
                + "'>");
        live(w, ui, token, req);
        w.println("</div></div>");
    }

    private void live(PrintWriter w, Ui ui, String token, HttpServletRequest req) {
        deviceTable(w, ui, token, req);
        lockouts(w, ui, token, req);
        actions(w, ui);
    }

    private void deviceTable(PrintWriter w, Ui ui, String token, HttpServletRequest req) {
        DeviceRegistry d = devices;
        if (d == null) {
            w.println("<p class='hearth-calm' id='devices-missing'>" + ui.h("devices.unknown") + "</p>");
            return;
        }
        List<Device> list = d.devices().stream().sorted(Comparator.comparing(Device::lastSeen).reversed()).toList();
        if (list.isEmpty()) {
            w.println("<p class='hearth-calm' id='devices-none'>" + ui.h("devices.none") + "</p>");
            return;
        }
        w.println("<div class='hearth-scroll'><table class='hearth-table' id='devices'>");
        w.println("<caption class='hearth-sr'>" + ui.h("devices.caption") + "</caption>");
        w.println("<thead><tr><th scope='col'>" + ui.h("col.phone") + "</th><th scope='col'>" + ui.h("col.account")
                + "</th><th scope='col'>" + ui.h("col.model") + "</th><th scope='col'>" + ui.h("col.protocol")
                + "</th><th scope='col'>" + ui.h("col.first") + "</th><th scope='col'>" + ui.h("col.last")
                + "</th><th scope='col'>" + ui.h("col.state") + "</th><th scope='col'>" + ui.h("col.sync")
                + "</th><th scope='col'>" + ui.h("col.actions") + "</th></tr></thead><tbody>");
        for (Device dev : list) {
            String rowId = "device-" + Integer.toHexString((dev.userName() + "\u0000" + dev.deviceId()).hashCode());
            w.println("<tr id='" + Ui.attr(rowId) + "' data-device='" + Ui.attr(dev.deviceId()) + "' data-state='"
                    + Ui.attr(dev.state().name()) + "'>");
            w.println("<th scope='row'><span class='hearth-strong'>" + Ui.esc(label(dev)) + "</span><br/><small>"
                    + Ui.esc(dev.deviceType() + " \u00b7 " + dev.deviceId()) + "</small></th>");
            w.println("<td>" + Ui.esc(dev.userName()) + "</td>");
            w.println("<td>" + Ui.esc(orDash(dev.model())) + "<br/><small>" + Ui.esc(orDash(dev.operatingSystem()))
                    + "</small></td>");
            w.println("<td>" + Ui.esc(orDash(dev.protocolVersion())) + "</td>");
            w.println("<td class='hearth-nowrap'>" + Ui.esc(Ui.time(dev.firstSeen())) + "</td>");
            w.println("<td class='hearth-nowrap'>" + Ui.esc(Ui.time(dev.lastSeen())) + "</td>");
            w.println("<td><span class='hearth-state hearth-state-" + Ui.attr(dev.state().name().toLowerCase(Locale.ROOT))
                    + "'>" + ui.h("state." + dev.state().name()) + "</span></td>");
            w.println("<td>" + Ui.esc(syncText(ui, dev)) + "</td>");
            w.println("<td class='hearth-actions'>");
            buttons(w, ui, token, req, dev, rowId);
            w.println("</td></tr>");
        }
        w.println("</tbody></table></div>");
    }

    private void buttons(PrintWriter w, Ui ui, String token, HttpServletRequest req, Device dev, String rowId) {
        String page = Ui.appRoot(req) + "/" + LABEL;
        DeviceState s = dev.state();
        if (s == DeviceState.BLOCKED || s == DeviceState.WIPE_PENDING || s == DeviceState.ACCOUNT_WIPE_PENDING) {
            post(w, ui, token, page, dev, Action.ALLOW, rowId, s == DeviceState.BLOCKED ? "button.allow" : "button.cancelWipe");
        }
        if (s == DeviceState.ALLOWED) {
            post(w, ui, token, page, dev, Action.BLOCK, rowId, "button.block");
        }
        if (s != DeviceState.WIPED && s != DeviceState.WIPE_PENDING) {
            confirmLink(w, ui, page, dev, Action.WIPE, rowId, "button.wipe");
            if (supportsAccountWipe(dev) && s != DeviceState.ACCOUNT_WIPE_PENDING) {
                confirmLink(w, ui, page, dev, Action.ACCOUNT_WIPE, rowId, "button.accountWipe");
            }
        }
        confirmLink(w, ui, page, dev, Action.REMOVE, rowId, "button.remove");
    }

    private static void post(PrintWriter w, Ui ui, String token, String page, Device dev, Action a, String rowId, String key) {
        w.println("<form method='post' action='" + Ui.attr(page) + "' class='hearth-inline'>" + Ui.csrf(token)
                + "<input type='hidden' name='action' value='" + a.param() + "'/>"
                + "<input type='hidden' name='user' value='" + Ui.attr(dev.userName()) + "'/>"
                + "<input type='hidden' name='device' value='" + Ui.attr(dev.deviceId()) + "'/>"
                + "<button type='submit' class='hearth-button' id='" + Ui.attr(rowId + "-" + a.param()) + "' aria-label='"
                + Ui.attr(ui.t(key) + ": " + label(dev)) + "'>" + ui.h(key) + "</button></form>");
    }

    private static void confirmLink(PrintWriter w, Ui ui, String page, Device dev, Action a, String rowId, String key) {
        String href = page + "?confirm=" + a.param() + "&user=" + java.net.URLEncoder.encode(dev.userName(), java.nio.charset.StandardCharsets.UTF_8)
                + "&device=" + java.net.URLEncoder.encode(dev.deviceId(), java.nio.charset.StandardCharsets.UTF_8);
        w.println("<a class='hearth-button hearth-danger' role='button' id='" + Ui.attr(rowId + "-" + a.param()) + "' href='"
                + Ui.attr(href) + "' aria-label='" + Ui.attr(ui.t(key) + ": " + label(dev)) + "'>" + ui.h(key) + "</a>");
    }

    private void confirmation(PrintWriter w, Ui ui, String token, HttpServletRequest req, Action a, Device dev) {
        String page = Ui.appRoot(req) + "/" + LABEL;
        String k = "confirm." + a.param();
        w.println("<section class='hearth-confirm' role='alertdialog' aria-labelledby='confirm-title' aria-describedby='confirm-text'>");
        w.println("<h1 id='confirm-title' class='hearth-title'>" + ui.h(k + ".title", label(dev)) + "</h1>");
        w.println("<p id='confirm-text'>" + ui.h(k + ".text", label(dev), dev.userName()) + "</p>");
        if (a == Action.ACCOUNT_WIPE && !supportsAccountWipe(dev)) {
            w.println("<p class='hearth-warning'>" + ui.h("confirm.account-wipe.old") + "</p>");
        }
        w.println("<form method='post' action='" + Ui.attr(page) + "'>" + Ui.csrf(token)
                + "<input type='hidden' name='action' value='" + a.param() + "'/>"
                + "<input type='hidden' name='confirmed' value='yes'/>"
                + "<input type='hidden' name='user' value='" + Ui.attr(dev.userName()) + "'/>"
                + "<input type='hidden' name='device' value='" + Ui.attr(dev.deviceId()) + "'/>"
                + "<button type='submit' id='confirm-yes' class='hearth-button hearth-danger'>" + ui.h(k + ".yes") + "</button> "
                + "<a href='" + Ui.attr(page) + "' id='confirm-no' class='hearth-button' autofocus='autofocus'>" + ui.h("confirm.no")
                + "</a></form>");
        w.println("</section>");
    }

    private void lockouts(PrintWriter w, Ui ui, String token, HttpServletRequest req) {
        AuthThrottle t = throttle;
        if (t == null) {
            return;
        }
        Instant now = Instant.now();
        List<AuthThrottle.Entry> locked = t.entries().stream()
                .filter(e -> e.lockedUntil() != null && e.lockedUntil().isAfter(now)).toList();
        if (locked.isEmpty()) {
            return;
        }
        w.println("<h2>" + ui.h("lockouts.title") + "</h2><p>" + ui.h("lockouts.intro") + "</p><ul class='hearth-list'>");
        for (AuthThrottle.Entry e : locked) {
            w.println("<li>" + ui.h("lockouts." + e.kind().name(), e.subject(), e.failures(), Ui.CLOCK.format(e.lockedUntil()))
                    + " <form method='post' action='" + Ui.attr(Ui.appRoot(req) + "/" + LABEL) + "' class='hearth-inline'>"
                    + Ui.csrf(token) + "<input type='hidden' name='action' value='release'/>"
                    + "<input type='hidden' name='kind' value='" + Ui.attr(e.kind().name()) + "'/>"
                    + "<input type='hidden' name='subject' value='" + Ui.attr(e.subject()) + "'/>"
                    + "<button type='submit' class='hearth-button'>" + ui.h("lockouts.release") + "</button></form></li>");
        }
        w.println("</ul>");
    }

    private void actions(PrintWriter w, Ui ui) {
        w.println("<h2>" + ui.h("actions.title") + "</h2>");
        List<ActionLog.Action> recent = log.recent();
        if (recent.isEmpty()) {
            w.println("<p class='hearth-calm' id='actions-none'>" + ui.h("actions.none") + "</p>");
            return;
        }
        w.println("<ul class='hearth-list' id='actions'>");
        for (ActionLog.Action a : recent.subList(0, Math.min(10, recent.size()))) {
            w.println("<li><time>" + Ui.esc(Ui.time(a.time())) + "</time> " + Ui.esc(a.text()) + "</li>");
        }
        w.println("</ul>");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (guard.refuse(req, resp)) {
            return;
        }
        String page = Ui.appRoot(req) + "/" + LABEL;
        if ("release".equals(req.getParameter("action"))) {
            release(req);
            resp.sendRedirect(page);
            return;
        }
        Optional<Action> action = Action.of(req.getParameter("action"));
        String user = str(req.getParameter("user"));
        String deviceId = str(req.getParameter("device"));
        DeviceRegistry d = devices;
        if (action.isEmpty() || user.isEmpty() || deviceId.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown action");
            return;
        }
        if (d == null) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The device registry is not running.");
            return;
        }
        Action a = action.get();
        if (a.needsConfirmation && !"yes".equals(req.getParameter("confirmed"))) {
            resp.sendRedirect(page + "?confirm=" + a.param() + "&user=" + enc(user) + "&device=" + enc(deviceId));
            return;
        }
        Optional<Device> dev = d.find(user, deviceId);
        if (dev.isEmpty()) {
            resp.sendRedirect(page);
            return;
        }
        String who = dev.get().userName();
        if (a == Action.REMOVE) {
            for (Configuration c : directives(who, deviceId)) {
                configs.delete(c);
            }
            d.remove(who, deviceId);
            log.record("removed the partnership of device " + deviceId + " of user " + who);
        } else if (dev.get().state() == DeviceState.WIPED && (a == Action.WIPE || a == Action.ACCOUNT_WIPE)) {
            log.record("did not wipe device " + deviceId + " of user " + who + " again: it already confirmed a wipe");
        } else {
            directive(who, deviceId, a.state);
            d.setState(who, deviceId, a.state);
            log.record(switch (a) {
                case BLOCK -> "blocked device " + deviceId + " of user " + who;
                case ALLOW -> "allowed device " + deviceId + " of user " + who;
                case WIPE -> "asked device " + deviceId + " of user " + who + " to wipe itself";
                case ACCOUNT_WIPE -> "asked device " + deviceId + " of user " + who + " to remove the account's data";
                default -> a + " device " + deviceId + " of user " + who;
            });
        }
        resp.sendRedirect(page);
    }

    private void release(HttpServletRequest req) {
        AuthThrottle t = throttle;
        String subject = str(req.getParameter("subject"));
        if (t == null || subject.isEmpty()) {
            return;
        }
        try {
            AuthThrottle.Kind kind = AuthThrottle.Kind.valueOf(str(req.getParameter("kind")));
            if (t.release(kind, subject)) {
                log.record("lifted the sign-in lockout of " + kind.name().toLowerCase(Locale.ROOT) + " " + subject);
            }
        } catch (IllegalArgumentException e) {
            // not a kind we know: nothing to release
        }
    }

    /** Writes (or updates) the device directive for this phone, so the decision survives a restart. */
    private void directive(String user, String deviceId, DeviceState state) throws IOException {
        List<Configuration> existing = directives(user, deviceId);
        Map<String, Object> props = Map.of(DeviceDirectiveSettings.USER_NAME, user, DeviceDirectiveSettings.DEVICE_ID, deviceId,
                DeviceDirectiveSettings.STATE, state.name());
        if (existing.isEmpty()) {
            configs.updateFactory(DIRECTIVE_PID, null, directiveName(user, deviceId), props);
        } else {
            for (Configuration c : existing) {
                configs.updateFactory(DIRECTIVE_PID, c, null, props);
            }
        }
    }

    private List<Configuration> directives(String user, String deviceId) {
        return configs.factory(DIRECTIVE_PID, p -> deviceId.equals(p.get(DeviceDirectiveSettings.DEVICE_ID))
                && user.equalsIgnoreCase(String.valueOf(p.get(DeviceDirectiveSettings.USER_NAME))));
    }

    static String directiveName(String user, String deviceId) {
        String base = (user + "_" + deviceId).replaceAll("[^A-Za-z0-9._]", "_");
        if (base.length() > 60) {
            base = base.substring(0, 60);
        }
        return base + "_" + Integer.toHexString((user.toLowerCase(Locale.ROOT) + "\u0000" + deviceId).hashCode() & 0x7fffffff);
    }

    private String syncText(Ui ui, Device dev) {
        SyncProgress p = progress;
        if (p == null) {
            return ui.t("sync.none");
        }
        try {
            List<SyncProgress.FolderProgress> running = p.running(dev.userName(), dev.deviceId());
            if (running.isEmpty()) {
                return ui.t("sync.none");
            }
            StringBuilder b = new StringBuilder();
            for (SyncProgress.FolderProgress f : running) {
                if (b.length() > 0) {
                    b.append("; ");
                }
                b.append(f.total() >= 0 ? ui.t("sync.folder", f.folderName(), f.done(), f.total())
                        : ui.t("sync.folderUnknown", f.folderName(), f.done()));
            }
            return b.toString();
        } catch (RuntimeException e) {
            return ui.t("sync.none");
        }
    }

    static boolean supportsAccountWipe(Device d) {
        String v = d.protocolVersion();
        if (v == null) {
            return false;
        }
        try {
            return Double.parseDouble(v) >= 16.1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String label(Device dev) {
        if (dev.friendlyName() != null && !dev.friendlyName().isBlank()) {
            return dev.friendlyName();
        }
        return dev.model() != null && !dev.model().isBlank() ? dev.model() : dev.deviceType();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "\u2013" : s;
    }

    private static String str(String s) {
        return s == null ? "" : s.strip();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
