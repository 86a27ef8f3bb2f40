package org.hearthsync.console.internal;

import static org.hearthsync.console.internal.WizardHtml.choice;
import static org.hearthsync.console.internal.WizardHtml.str;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.hearthsync.activesync.settings.AccountSettings;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.store.dav.DavStoreSettings;
import org.hearthsync.store.vdir.VdirSettings;
import org.osgi.service.cm.Configuration;

/**
 * Step 3: which store to sync with and which of its collections; adds a folder (vdir) or CalDAV/CardDAV store
 * from the form its bundle describes, and tests it on the spot.
 */
final class SyncStep extends WritingStep {
    /** How long a store just added may take to come up before the step says it did not. */
    static final Duration STORE_WAIT = Duration.ofSeconds(8);
    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Map<String, String> KINDS = Map.of("vdir", VdirSettings.FACTORY_PID, "dav", DavStoreSettings.FACTORY_PID);
    private static final List<String> ADVANCED = List.of("rescan.seconds", "state.file", "create.defaults", "max.item.mb",
            "poll.seconds", "timeout.seconds", "max.response.mb", "sync.collection");

    SyncStep(WizardServices services, ConfigWriter configs, ActionLog log) {
        super("sync", services, configs, log);
    }

    @Override
    public void render(View v) {
        PrintWriter w = v.w();
        Ui ui = v.ui();
        WizardState st = v.state();
        w.println("<p>" + ui.h("sync.intro") + "</p>");
        List<Map.Entry<PimStore, Map<String, Object>>> running = services.stores();
        w.println("<fieldset><legend>" + ui.h("sync.store.legend") + "</legend>");
        if (running.isEmpty()) {
            w.println("<p class='hearth-calm'>" + ui.h("sync.store.none") + "</p>");
        }
        for (var e : running) {
            String name = str(e.getValue().get(PimStore.NAME));
            String type = str(e.getValue().get(PimStore.TYPE));
            choice(w, "store", name, name.equals(st.storeName()), ui.t("sync.store.option", name, ui.t("store.type." + type)),
                    health(ui, e.getKey()));
        }
        w.println("</fieldset>");
        services.store(st.storeName()).ifPresent(s -> collections(w, ui, st, s));
        for (String kind : List.of("vdir", "dav")) {
            Optional<MetatypeForm.Described> d = MetatypeForm.factory(services.context(), services.metatype, KINDS.get(kind),
                    WizardHtml.locale(v.req()));
            if (d.isEmpty()) {
                continue;
            }
            w.println("<details id='add-" + kind + "'><summary>" + ui.h("sync.add." + kind) + "</summary><p class='hearth-help'>"
                    + Ui.esc(d.get().ocd().getDescription()) + "</p>");
            MetatypeForm.render(w, d.get().ocd(), kind + ".", Map.of(), ADVANCED, ui.t("form.more"));
            w.println("<button type='submit' name='go' value='add-" + kind + "' class='hearth-button'>" + ui.h("sync.add.button")
                    + "</button></details>");
        }
    }

    private static void collections(PrintWriter w, Ui ui, WizardState st, PimStore store) {
        try {
            List<CollectionInfo> cols = store.collections();
            if (cols.isEmpty()) {
                return;
            }
            w.println("<fieldset id='collections'><legend>" + ui.h("sync.collections.legend") + "</legend><p class='hearth-help'>"
                    + ui.h("sync.collections.help") + "</p><input type='hidden' name='collections.shown' value='1'/>");
            for (CollectionInfo c : cols) {
                boolean on = st.collections().isEmpty() || st.collections().contains(c.id());
                w.println("<label class='hearth-choice'><input type='checkbox' name='collection' value='" + Ui.attr(c.id()) + "'"
                        + (on ? " checked='checked'" : "") + "/> " + Ui.esc(c.displayName()) + " <small>"
                        + ui.h("dataclass." + c.dataClass().name()) + "</small></label>");
            }
            w.println("</fieldset>");
        } catch (StoreException e) {
            w.println("<p class='hearth-warning'>" + ui.h("sync.store.unavailable", e.getMessage()) + "</p>");
        }
    }

    private static String health(Ui ui, PimStore s) {
        try {
            return ui.t("sync.store.health", s.collections().size());
        } catch (StoreException | RuntimeException e) {
            return ui.t("sync.store.unavailable", String.valueOf(e.getMessage()));
        }
    }

    @Override
    public boolean save(Form f) throws IOException {
        if (f.go().startsWith("add-")) {
            add(f, f.go().substring(4));
            return true;
        }
        choose(f);
        return false;
    }

    /** Creates a store from its bundle's form, then waits (bounded) for it to come up, or says what is wrong. */
    private void add(Form f, String kind) throws IOException {
        Ui ui = f.ui();
        List<String> errors = f.errors();
        String pid = KINDS.getOrDefault(kind, DavStoreSettings.FACTORY_PID);
        Optional<MetatypeForm.Described> d = MetatypeForm.factory(services.context(), services.metatype, pid, WizardHtml.locale(f.req()));
        if (d.isEmpty()) {
            errors.add(ui.t("sync.add.missing"));
            return;
        }
        Map<String, Object> props = MetatypeForm.read(f.req(), d.get().ocd(), kind + ".", errors);
        String name = str(props.get(PimStore.NAME));
        if (!STORE_NAME.matcher(name).matches()) {
            errors.add(ui.t("sync.add.badName"));
        } else if (services.store(name).isPresent()) {
            errors.add(ui.t("sync.add.taken", name));
        }
        if (!errors.isEmpty()) {
            return;
        }
        configs.updateFactory(pid, null, name, props);
        configs.update(WizardConfig.PID, Map.of("store.name", name));
        log.record("added the " + kind + " store " + name);
        if (!services.awaitStore(name, STORE_WAIT)) {
            errors.add(ui.t("sync.add.notUp", name));
            return;
        }
        try {
            services.store(name).orElseThrow().collections();
        } catch (StoreException | RuntimeException e) {
            errors.add(ui.t("sync.store.unavailable", String.valueOf(e.getMessage())));
        }
    }

    private void choose(Form f) throws IOException {
        WizardState current = f.state();
        String name = f.param("store");
        if (name.isEmpty()) {
            name = current.storeName();
        }
        Optional<PimStore> s = services.store(name);
        List<String> cols = new ArrayList<>();
        String[] chosen = f.req().getParameterValues("collection");
        // the boxes shown belong to the store chosen before; for a newly chosen store every collection syncs
        if (s.isPresent() && name.equals(current.storeName()) && f.req().getParameter("collections.shown") != null) {
            List<String> all = storeCollections(s.get()).stream().map(CollectionInfo::id).toList();
            List<String> picked = chosen == null ? List.of() : Arrays.stream(chosen).filter(all::contains).toList();
            if (!all.isEmpty() && picked.isEmpty()) {
                f.errors().add(f.ui().t("sync.collections.none"));
                return;
            }
            if (!picked.containsAll(all)) {
                cols.addAll(picked);
            }
        }
        WizardState st = WizardState.read(configs, services);
        if (name.equals(st.storeName()) && cols.equals(st.collections())) {
            return;
        }
        Map<String, Object> wiz = new LinkedHashMap<>();
        wiz.put("store.name", name);
        wiz.put("collections", cols.isEmpty() ? null : cols.toArray(String[]::new));
        configs.update(WizardConfig.PID, wiz);
        Optional<Configuration> acc = CredentialsStep.accountConfig(configs, st.userName());
        if (acc.isPresent()) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put(AccountSettings.STORE_NAME, name);
            account.put(AccountSettings.COLLECTIONS, wiz.get("collections"));
            configs.updateFactory(AccountSettings.FACTORY_PID, acc.get(), null, account);
        }
        log.record("chose what to sync: store " + name + (cols.isEmpty() ? ", every collection" : ", " + cols.size() + " collections"));
    }

    private static List<CollectionInfo> storeCollections(PimStore s) {
        try {
            return s.collections();
        } catch (StoreException | RuntimeException e) {
            return List.of();
        }
    }
}
