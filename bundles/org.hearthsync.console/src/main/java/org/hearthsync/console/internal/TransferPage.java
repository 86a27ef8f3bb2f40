package org.hearthsync.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.files.PimImport;
import org.hearthsync.api.sync.ActivityJournal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * The console's "Import and export" page, for whatever store each account uses, while Hearth runs: one
 * button downloads a store's collections as a .zip of .vcf/.ics files (streamed, a batch of items at a
 * time), and a form uploads .vcf/.ics files or .zip files of them into a chosen collection
 * ({@link StoreTransfer}, {@link PimImport}). Everything goes through the store's own interface, so the
 * store announces the changes and phones are pushed. Both are CSRF-protected POSTs; an import answers
 * with a redirect to its summary (so reloading does not import again), logs a line and, when the sync
 * engine runs, adds an entry to its activity journal. Configuration PID {@value #PID}.
 */
@Component(service = Servlet.class, configurationPid = TransferPage.PID, property = {
        "felix.webconsole.label=" + TransferPage.LABEL, "felix.webconsole.title=Import and export",
        "felix.webconsole.category=Hearth" })
@Designate(ocd = TransferPage.Config.class)
public final class TransferPage extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "hearth-transfer";
    static final String PID = "org.hearthsync.console.transfer";
    /** The journal's "device" of an import. */
    static final String SOURCE = "console import";
    /** Unpacked .zip files may hold this many times the upload limit. */
    static final int UNPACK_FACTOR = 8;
    /** An upload this many times over the limit is refused without reading it. */
    static final int DRAIN_FACTOR = 4;
    static final int SUMMARIES = 20;
    private static final Logger LOG = LoggerFactory.getLogger(TransferPage.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @ObjectClassDefinition(name = "Hearth console: import and export",
            description = "Limits of the console's import of .vcf/.ics files.")
    @interface Config {
        @AttributeDefinition(name = "Largest upload (MB)", min = "1",
                description = "An import larger than this is refused with a message; .zip files may unpack to "
                        + UNPACK_FACTOR + " times as much.")
        int max_upload_mb() default 32;
    }

    private final transient CsrfGuard guard;
    private final transient ActionLog log;
    private volatile long maxUpload;
    private final transient Map<PimStore, Map<String, Object>> stores = new ConcurrentHashMap<>();
    /** The last imports' summaries, by the id their redirect names; in memory only. */
    private final transient Map<String, Summary> summaries = Collections.synchronizedMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Summary> eldest) {
            return size() > SUMMARIES;
        }
    });

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AccountRegistry accounts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ActivityJournal journal;

    /** One import's outcome, as the page shows it. */
    record Summary(String storeName, String collectionName, StoreTransfer.Imported imported) {
    }

    @Activate
    public TransferPage(@Reference CsrfGuard guard, @Reference ActionLog log, Config config) {
        this.guard = guard;
        this.log = log;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        maxUpload = Math.max(1, config.max_upload_mb()) * 1024L * 1024L;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStore(PimStore s, Map<String, Object> props) {
        stores.put(s, props);
    }

    void removeStore(PimStore s) {
        stores.remove(s);
    }

    /** For tests. */
    void accounts(AccountRegistry a) {
        this.accounts = a;
    }

    /** For tests. */
    void journal(ActivityJournal j) {
        this.journal = j;
    }

    /** The stores present right now, by name. */
    private Map<String, PimStore> storesByName() {
        Map<String, PimStore> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        stores.forEach((s, p) -> {
            Object n = p.get(PimStore.NAME);
            if (n != null) {
                byName.put(n.toString(), s);
            }
        });
        return byName;
    }

    private String typeOf(PimStore s) {
        Map<String, Object> p = stores.get(s);
        Object t = p == null ? null : p.get(PimStore.TYPE);
        return t == null ? "" : t.toString();
    }

    // ---------------------------------------------------------------- the page

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Ui ui = new Ui(TransferPage.class, req.getLocale());
        Ui.html(resp);
        String token = guard.token(req, resp);
        PrintWriter w = resp.getWriter();
        String page = Ui.appRoot(req) + "/" + LABEL;
        w.println("<div class='hearth' id='hearth-transfer'>");
        w.println(Ui.assets(req, LABEL));
        w.println("<p class='hearth-intro'>" + ui.h("intro") + "</p>");
        String error = req.getParameter("error");
        if (error != null && error.matches("[a-z-]{1,30}")) {
            w.println("<p class='hearth-problem' id='error' role='alert'>" + ui.h("error." + error, StoreTransfer.mb(maxUpload))
                    + "</p>");
        }
        Summary s = Optional.ofNullable(req.getParameter("result")).map(summaries::get).orElse(null);
        if (s != null) {
            summary(w, ui, s);
        }
        Map<String, PimStore> byName = storesByName();
        Map<String, List<String>> users = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        AccountRegistry a = accounts;
        for (Account acc : a == null ? List.<Account>of() : a.accounts()) {
            users.computeIfAbsent(acc.storeName(), k -> new ArrayList<>()).add(acc.userName());
        }
        users.forEach((store, names) -> {
            if (!byName.containsKey(store)) {
                w.println("<p class='hearth-warning' id='" + Ui.attr("missing-" + store) + "'>"
                        + ui.h("store.missing", String.join(", ", names), store) + "</p>");
            }
        });
        if (byName.isEmpty()) {
            w.println("<p class='hearth-calm' id='stores-none'>" + ui.h("stores.none") + "</p></div>");
            return;
        }
        for (Map.Entry<String, PimStore> e : byName.entrySet()) {
            store(w, ui, token, page, e.getKey(), e.getValue(), users.getOrDefault(e.getKey(), List.of()));
        }
        w.println("<h2>" + ui.h("cli.title") + "</h2><p>" + ui.h("cli.text") + "</p>");
        w.println("</div>");
    }

    private void store(PrintWriter w, Ui ui, String token, String page, String name, PimStore store, List<String> users) {
        String id = "store-" + name;
        w.println("<section class='hearth-step' id='" + Ui.attr(id) + "' data-store='" + Ui.attr(name) + "'>");
        w.println("<h2>" + ui.h("store.title", name, typeOf(store)) + "</h2>");
        w.println("<p>" + (users.isEmpty() ? ui.h("store.unused") : ui.h("store.users", String.join(", ", users))) + "</p>");
        List<CollectionInfo> collections;
        try {
            collections = store.collections();
        } catch (StoreException | RuntimeException ex) {
            w.println("<p class='hearth-problem' id='" + Ui.attr(id + "-down") + "'>" + ui.h("store.down", ex.getMessage()) + "</p></section>");
            return;
        }
        // export
        w.println("<form method='post' action='" + Ui.attr(page) + "' class='hearth-inline'>" + Ui.csrf(token)
                + "<input type='hidden' name='action' value='export'/><input type='hidden' name='store' value='" + Ui.attr(name)
                + "'/><button type='submit' class='hearth-button hearth-primary' id='" + Ui.attr(id + "-export") + "'>"
                + ui.h("export.button", collections.size()) + "</button></form>");
        w.println("<p class='hearth-help'>" + ui.h("export.help") + "</p>");
        if (collections.isEmpty()) {
            w.println("</section>");
            return;
        }
        // import
        String sel = id + "-collection";
        w.println("<form method='post' action='" + Ui.attr(page) + "' enctype='multipart/form-data' id='" + Ui.attr(id + "-import")
                + "' data-max-bytes='" + maxUpload + "' data-too-large='" + Ui.attr(ui.t("error.too-large", StoreTransfer.mb(maxUpload)))
                + "'>" + Ui.csrf(token)
                + "<input type='hidden' name='action' value='import'/><input type='hidden' name='store' value='" + Ui.attr(name) + "'/>");
        w.println("<div class='hearth-field'><label for='" + Ui.attr(sel) + "'>" + ui.h("import.collection") + "</label><select name='collection' id='"
                + Ui.attr(sel) + "'>");
        for (CollectionInfo c : collections) {
            w.println("<option value='" + Ui.attr(c.id()) + "'>" + Ui.esc(c.displayName()) + " (" + ui.h("kind." + c.dataClass().name())
                    + ")</option>");
        }
        w.println("</select></div>");
        String files = id + "-files";
        w.println("<div class='hearth-field'><label for='" + Ui.attr(files) + "'>" + ui.h("import.files") + "</label>"
                + "<input type='file' name='files' multiple='multiple' accept='.vcf,.vcard,.ics,.ical,.zip' id='" + Ui.attr(files)
                + "' required='required'/><p class='hearth-help'>" + ui.h("import.files.help", StoreTransfer.mb(maxUpload)) + "</p></div>");
        w.println("<div class='hearth-field'><label class='hearth-choice'><input type='checkbox' name='replace' value='true' checked='checked' id='"
                + Ui.attr(id + "-replace") + "'/> " + ui.h("import.replace") + "</label><p class='hearth-help'>" + ui.h("import.replace.help")
                + "</p></div>");
        w.println("<button type='submit' class='hearth-button' id='" + Ui.attr(id + "-import-button") + "'>" + ui.h("import.button")
                + "</button></form></section>");
    }

    private static void summary(PrintWriter w, Ui ui, Summary s) {
        w.println("<div id='summary' role='status'>");
        StoreTransfer.Imported i = s.imported();
        if (i.stopped() != null) {
            w.println("<p class='hearth-problem' id='summary-error'>" + ui.h("summary.failed", s.collectionName(), s.storeName(), i.stopped())
                    + "</p>");
        }
        PimImport.Result r = i.result();
        w.println("<p class='" + (r.imported() > 0 || r.unchanged() > 0 ? "hearth-ok" : "hearth-warning") + "' id='summary-counts' data-imported='"
                + r.imported() + "' data-added='" + r.added() + "' data-updated='" + r.updated() + "' data-broken='" + r.brokenCount()
                + "'>" + ui.h("summary.counts", r.imported(), s.collectionName(), s.storeName(), i.files()) + "</p>");
        w.println("<ul class='hearth-list'>");
        line(w, ui, "summary.added", r.added());
        line(w, ui, "summary.updated", r.updated());
        line(w, ui, "summary.unchanged", r.unchanged());
        line(w, ui, "summary.kept", r.kept());
        line(w, ui, "summary.otherKind", r.otherKind());
        w.println("</ul>");
        if (r.brokenCount() > 0) {
            w.println("<p class='hearth-warning'>" + ui.h("summary.broken", r.brokenCount()) + "</p><ul class='hearth-list' id='summary-broken'>");
            r.broken().forEach(b -> w.println("<li>" + Ui.esc(b) + "</li>"));
            if (r.brokenCount() > r.broken().size()) {
                w.println("<li>\u2026</li>");
            }
            w.println("</ul>");
        }
        if (!r.leftOut().isEmpty()) {
            // files and components that give no item (free/busy, time zones only, an empty calendar), each with why
            w.println("<p class='hearth-warning'>" + ui.h("summary.leftOut", r.leftOut().size()) + "</p><ul class='hearth-list' id='summary-left-out'>");
            r.leftOut().forEach(b -> w.println("<li>" + Ui.esc(b) + "</li>"));
            if (r.leftOut().size() >= PimImport.MAX_NAMED) {
                w.println("<li>\u2026</li>");
            }
            w.println("</ul>");
        }
        if (!i.notes().isEmpty()) {
            w.println("<ul class='hearth-list' id='summary-notes'>");
            i.notes().forEach(n -> w.println("<li>" + Ui.esc(n) + "</li>"));
            w.println("</ul>");
        }
        if (r.imported() > 0) {
            w.println("<p class='hearth-calm'>" + ui.h("summary.phones") + "</p>");
        }
        w.println("</div>");
    }

    private static void line(PrintWriter w, Ui ui, String key, int n) {
        if (n > 0) {
            w.println("<li>" + ui.h(key, n) + "</li>");
        }
    }

    // ---------------------------------------------------------------- the forms

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String page = Ui.appRoot(req) + "/" + LABEL;
        long length = req.getContentLengthLong();
        String type = String.valueOf(req.getContentType()).toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("multipart/") && (length < 0 || length > maxUpload + 64 * 1024)) {
            // checked before anything reads the body: the form token is inside it
            tooLarge(req, resp, page, length);
            return;
        }
        if (guard.refuse(req, resp)) {
            return;
        }
        String action = String.valueOf(req.getParameter("action"));
        String storeName = String.valueOf(req.getParameter("store"));
        PimStore store = storesByName().get(storeName);
        if (store == null) {
            redirect(resp, page, "error=no-store");
            return;
        }
        switch (action) {
            case "export" -> export(resp, page, storeName, store);
            case "import" -> importFiles(req, resp, page, storeName, store);
            default -> resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown action");
        }
    }

    private void tooLarge(HttpServletRequest req, HttpServletResponse resp, String page, long length) throws IOException {
        LOG.info("console: refused an import of {} bytes (limit {})", length, maxUpload);
        if (length >= 0 && length <= DRAIN_FACTOR * maxUpload) {
            // read and drop it, so the browser gets the answer instead of a broken connection
            try (InputStream in = req.getInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            redirect(resp, page, "error=too-large");
            return;
        }
        resp.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setHeader("Connection", "close");
        resp.getWriter().println(length < 0 ? "Refused: the upload does not say its size."
                : "Refused: the upload is larger than " + StoreTransfer.mb(maxUpload) + ".");
    }

    private void export(HttpServletResponse resp, String page, String storeName, PimStore store) throws IOException {
        try {
            store.collections(); // an unreachable store is said on the page, before the download starts
        } catch (StoreException e) {
            redirect(resp, page, "error=store-down");
            return;
        }
        String file = "hearth-" + storeName.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + LocalDate.now() + ".zip";
        resp.setContentType("application/zip");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try {
            StoreTransfer.Exported done = StoreTransfer.exportZip(store, resp.getOutputStream());
            log.record("exported " + done.items() + " items in " + done.collections() + " collections of store '" + storeName + "'");
        } catch (StoreException e) {
            // the download has begun: breaking it off is the only way to tell the browser it is incomplete
            LOG.warn("console: the export of store '{}' broke off: {}", storeName, e.getMessage());
            throw new IOException("the store failed during the export", e);
        }
    }

    private void importFiles(HttpServletRequest req, HttpServletResponse resp, String page, String storeName, PimStore store)
            throws IOException {
        String collectionId = String.valueOf(req.getParameter("collection"));
        boolean replace = "true".equals(req.getParameter("replace"));
        CollectionInfo target;
        try {
            target = store.collections().stream().filter(c -> c.id().equals(collectionId)).findFirst().orElse(null);
        } catch (StoreException e) {
            redirect(resp, page, "error=store-down");
            return;
        }
        if (target == null) {
            redirect(resp, page, "error=no-collection");
            return;
        }
        List<PartUpload> uploads = new ArrayList<>();
        try {
            for (Part p : req.getParts()) {
                if ("files".equals(p.getName()) && p.getSubmittedFileName() != null && !p.getSubmittedFileName().isBlank()) {
                    uploads.add(new PartUpload(p));
                }
            }
        } catch (ServletException | IllegalStateException e) {
            redirect(resp, page, "error=bad-upload");
            return;
        }
        if (uploads.isEmpty()) {
            redirect(resp, page, "error=no-files");
            return;
        }
        StoreTransfer.Imported imported;
        try {
            imported = StoreTransfer.importUploads(store, target, replace, uploads, maxUpload, UNPACK_FACTOR * maxUpload);
        } finally {
            for (PartUpload u : uploads) {
                u.delete();
            }
        }
        Summary summary = new Summary(storeName, target.displayName(), imported);
        record(summary, target);
        String id = random();
        summaries.put(id, summary);
        redirect(resp, page, "result=" + id);
    }

    /** The log line and the journal entry; never an item's content. */
    private void record(Summary s, CollectionInfo target) {
        PimImport.Result r = s.imported().result();
        String stopped = s.imported().stopped();
        log.record("imported " + r.imported() + " items into '" + s.collectionName() + "' of store '" + s.storeName() + "' ("
                + r.added() + " added, " + r.updated() + " updated, " + r.unchanged() + " unchanged, " + r.kept() + " kept, "
                + r.brokenCount() + " broken)" + (stopped == null ? "" : "; stopped early: " + stopped));
        ActivityJournal j = journal;
        if (j != null) {
            j.recordChange(SOURCE, s.storeName(), target.id(), target.displayName(), r.added(), r.updated(), 0);
        }
    }

    private static void redirect(HttpServletResponse resp, String page, String query) throws IOException {
        resp.sendRedirect(page + "?" + query);
    }

    private static String random() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return URLEncoder.encode(Base64.getUrlEncoder().withoutPadding().encodeToString(b), StandardCharsets.UTF_8);
    }

    /** An uploaded part as {@link StoreTransfer} reads it. */
    private static final class PartUpload implements StoreTransfer.Upload {
        private final Part part;

        PartUpload(Part part) {
            this.part = part;
        }

        @Override
        public String fileName() {
            return part.getSubmittedFileName();
        }

        @Override
        public InputStream open() throws IOException {
            return part.getInputStream();
        }

        void delete() {
            try {
                part.delete();
            } catch (IOException e) {
                LOG.debug("console: an uploaded part's temporary file was not deleted: {}", e.getMessage());
            }
        }
    }
}
