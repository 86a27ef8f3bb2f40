package org.hearthsync.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hearthsync.api.sync.ActivityJournal;
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
 * The console's "Activity" page: large deletions held back (approve or reject), conflicts with a
 * short summary of both versions (restore the replaced one), the recycle bin (restore) and the
 * journal of syncs (with the console's imports), filtered by phone and folder. Folders are shown by
 * the names the user gave them, not by their ids. Item excerpts come from the phones and are
 * escaped like every other text. Forms carry the CSRF token of {@link CsrfGuard}.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + ActivityPage.LABEL,
        "felix.webconsole.title=Activity", "felix.webconsole.category=Hearth" })
public final class ActivityPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "hearth-activity";
    static final int ROWS = 200;

    private final transient CsrfGuard guard;
    private final transient ActionLog log;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ActivityJournal journal;

    @Activate
    public ActivityPage(@Reference CsrfGuard guard, @Reference ActionLog log) {
        this.guard = guard;
        this.log = log;
    }

    /** For tests. */
    void journal(ActivityJournal j) {
        this.journal = j;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Ui ui = new Ui(ActivityPage.class, req.getLocale());
        Ui.html(resp);
        String token = guard.token(req, resp);
        PrintWriter w = resp.getWriter();
        w.println("<div class='hearth'>");
        w.println(Ui.assets(req, LABEL));
        w.println("<p class='hearth-intro'>" + ui.h("intro") + "</p>");
        String done = req.getParameter("done");
        if (done != null && done.matches("approve|reject|restore|failed")) {
            w.println("<p class='" + ("failed".equals(done) ? "hearth-warning" : "hearth-ok") + "' id='done' role='status'>"
                    + ui.h("done." + done) + "</p>");
        }
        ActivityJournal j = journal;
        if (j == null) {
            w.println("<p class='hearth-calm' id='activity-missing'>" + ui.h("engine.missing") + "</p></div>");
            return;
        }
        String device = blankToNull(req.getParameter("device"));
        String folder = blankToNull(req.getParameter("folder"));
        String page = Ui.appRoot(req) + "/" + LABEL;
        held(w, ui, token, page, j);
        filters(w, ui, page, device, folder);
        conflicts(w, ui, token, page, j.conflicts(ROWS, device, folder));
        bin(w, ui, token, page, j.recycleBin(ROWS), device);
        activity(w, ui, j.recent(ROWS, device, folder));
        w.println("</div>");
    }

    private static void held(PrintWriter w, Ui ui, String token, String page, ActivityJournal j) {
        w.println("<h2>" + ui.h("held.title") + "</h2>");
        List<ActivityJournal.HeldDeletion> held = j.held();
        if (held.isEmpty()) {
            w.println("<p class='hearth-calm' id='held-none'>" + ui.h("held.none") + "</p>");
            return;
        }
        w.println("<p>" + ui.h("held.intro") + "</p><ul class='hearth-list' id='held'>");
        for (ActivityJournal.HeldDeletion h : held) {
            String id = "held-" + h.id();
            w.println("<li id='" + Ui.attr(id) + "' data-count='" + h.count() + "'><time>" + Ui.esc(Ui.time(h.time()))
                    + "</time> " + ui.h("held.text", h.deviceId(), h.userName(), h.count(), h.folderSize(), h.folderName()));
            if (!h.summaries().isEmpty()) {
                w.println("<br/><small>" + Ui.esc(String.join("; ", h.summaries()) + (h.count() > h.summaries().size() ? "; \u2026" : ""))
                        + "</small>");
            }
            w.println("<br/>" + button(ui, token, page, "approve", h.id(), id + "-approve", "held.approve", true) + " "
                    + button(ui, token, page, "reject", h.id(), id + "-reject", "held.reject", false) + "</li>");
        }
        w.println("</ul>");
    }

    private static String button(Ui ui, String token, String page, String action, String id, String elementId, String key,
            boolean danger) {
        return "<form method='post' action='" + Ui.attr(page) + "' class='hearth-inline'>" + Ui.csrf(token)
                + "<input type='hidden' name='action' value='" + Ui.attr(action) + "'/>"
                + "<input type='hidden' name='id' value='" + Ui.attr(id) + "'/>"
                + "<button type='submit' class='hearth-button" + (danger ? " hearth-danger" : "") + "' id='" + Ui.attr(elementId)
                + "'>" + ui.h(key) + "</button></form>";
    }

    private static void filters(PrintWriter w, Ui ui, String page, String device, String folder) {
        w.println("<form method='get' action='" + Ui.attr(page) + "' id='filters' class='hearth-inline'>"
                + "<label>" + ui.h("filter.device") + " <input type='text' name='device' id='filter-device' value='"
                + Ui.attr(device) + "'/></label> <label>" + ui.h("filter.folder")
                + " <input type='text' name='folder' id='filter-folder' value='" + Ui.attr(folder) + "'/></label> "
                + "<button type='submit' class='hearth-button'>" + ui.h("filter.apply") + "</button> <a class='hearth-button' href='"
                + Ui.attr(page) + "'>" + ui.h("filter.clear") + "</a></form>");
    }

    private static void conflicts(PrintWriter w, Ui ui, String token, String page, List<ActivityJournal.Conflict> list) {
        w.println("<h2>" + ui.h("conflicts.title") + "</h2>");
        if (list.isEmpty()) {
            w.println("<p class='hearth-calm' id='conflicts-none'>" + ui.h("conflicts.none") + "</p>");
            return;
        }
        w.println("<div class='hearth-scroll'><table class='hearth-table' id='conflicts'><caption class='hearth-sr'>"
                + ui.h("conflicts.caption") + "</caption><thead><tr>" + th(ui, "col.time") + th(ui, "col.phone")
                + th(ui, "col.folder") + th(ui, "col.winner") + th(ui, "col.loser") + th(ui, "col.action") + "</tr></thead><tbody>");
        for (ActivityJournal.Conflict c : list) {
            w.println("<tr id='" + Ui.attr("conflict-" + c.id()) + "'><td class='hearth-nowrap'>" + Ui.esc(Ui.time(c.time()))
                    + "</td><td>" + Ui.esc(c.deviceId()) + "</td><td>" + Ui.esc(c.folderName()) + "</td><td>"
                    + ui.h("winner." + ("client".equals(c.winner()) ? "client" : "server")) + "<br/><small>"
                    + Ui.esc(c.winnerSummary()) + "</small></td><td><small>" + Ui.esc(c.loserSummary()) + "</small></td><td>"
                    + (c.restorable() ? button(ui, token, page, "restore-conflict", c.id(), "conflict-" + c.id() + "-restore",
                            "conflicts.restore", false) : "") + "</td></tr>");
        }
        w.println("</tbody></table></div>");
    }

    private static void bin(PrintWriter w, Ui ui, String token, String page, List<ActivityJournal.Deleted> list, String device) {
        w.println("<h2>" + ui.h("bin.title") + "</h2>");
        List<ActivityJournal.Deleted> shown = device == null ? list
                : list.stream().filter(d -> device.equals(d.deviceId())).toList();
        if (shown.isEmpty()) {
            w.println("<p class='hearth-calm' id='bin-none'>" + ui.h("bin.none") + "</p>");
            return;
        }
        w.println("<div class='hearth-scroll'><table class='hearth-table' id='bin'><caption class='hearth-sr'>"
                + ui.h("bin.caption") + "</caption><thead><tr>" + th(ui, "col.time") + th(ui, "col.phone")
                + th(ui, "col.folder") + th(ui, "col.item") + th(ui, "col.expires") + th(ui, "col.action") + "</tr></thead><tbody>");
        for (ActivityJournal.Deleted d : shown) {
            w.println("<tr id='" + Ui.attr("bin-" + d.id()) + "'><td class='hearth-nowrap'>" + Ui.esc(Ui.time(d.deletedAt()))
                    + "</td><td>" + Ui.esc(d.deviceId()) + "</td><td>" + Ui.esc(d.collectionName()) + "</td><td>"
                    + Ui.esc(d.summary().isEmpty() ? d.itemName() : d.summary())
                    + "</td><td class='hearth-nowrap'>" + Ui.esc(Ui.time(d.expires())) + "</td><td>"
                    + button(ui, token, page, "restore-deleted", d.id(), "bin-" + d.id() + "-restore", "bin.restore", false)
                    + "</td></tr>");
        }
        w.println("</tbody></table></div>");
    }

    private static void activity(PrintWriter w, Ui ui, List<ActivityJournal.Activity> list) {
        w.println("<h2>" + ui.h("journal.title") + "</h2>");
        if (list.isEmpty()) {
            w.println("<p class='hearth-calm' id='journal-none'>" + ui.h("journal.none") + "</p>");
            return;
        }
        w.println("<div class='hearth-scroll'><table class='hearth-table' id='journal'><caption class='hearth-sr'>"
                + ui.h("journal.caption") + "</caption><thead><tr>" + th(ui, "col.time") + th(ui, "col.phone")
                + th(ui, "col.folder") + th(ui, "col.fromPhone") + th(ui, "col.toPhone") + th(ui, "col.conflicts")
                + th(ui, "col.held") + "</tr></thead><tbody>");
        for (ActivityJournal.Activity a : list) {
            w.println("<tr><td class='hearth-nowrap'>" + Ui.esc(Ui.time(a.time())) + "</td><td>" + Ui.esc(a.deviceId())
                    + "<br/><small>" + Ui.esc(a.userName()) + "</small></td><td>" + Ui.esc(a.folderName()) + "</td><td>"
                    + counts(a.clientAdds(), a.clientChanges(), a.clientDeletes()) + "</td><td>"
                    + counts(a.serverAdds(), a.serverChanges(), a.serverDeletes()) + "</td><td>" + a.conflicts() + "</td><td>"
                    + a.heldDeletes() + "</td></tr>");
        }
        w.println("</tbody></table></div>");
    }

    private static String counts(int add, int change, int delete) {
        return "+" + add + " ~" + change + " \u2212" + delete;
    }

    private static String th(Ui ui, String key) {
        return "<th scope='col'>" + ui.h(key) + "</th>";
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (guard.refuse(req, resp)) {
            return;
        }
        String page = Ui.appRoot(req) + "/" + LABEL;
        ActivityJournal j = journal;
        if (j == null) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The sync engine is not running.");
            return;
        }
        String action = String.valueOf(req.getParameter("action"));
        String id = String.valueOf(req.getParameter("id"));
        boolean ok;
        String done;
        switch (action) {
            case "approve" -> {
                ok = j.approve(id);
                done = "approve";
                if (ok) {
                    log.record("approved a held mass deletion (" + id + ")");
                }
            }
            case "reject" -> {
                ok = j.reject(id);
                done = "reject";
                if (ok) {
                    log.record("rejected a held mass deletion (" + id + "): the phone gets the items back");
                }
            }
            case "restore-conflict" -> {
                ok = j.restoreConflictLoser(id);
                done = "restore";
                if (ok) {
                    log.record("restored the replaced version of a conflict (" + id + ")");
                }
            }
            case "restore-deleted" -> {
                ok = j.restoreDeleted(id);
                done = "restore";
                if (ok) {
                    log.record("restored a deleted item from the recycle bin (" + id + ")");
                }
            }
            default -> {
                resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown action");
                return;
            }
        }
        resp.sendRedirect(page + "?done=" + URLEncoder.encode(ok ? done : "failed", StandardCharsets.UTF_8));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
