package org.hearthsync.store.vdir.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.hearthsync.store.support.ForwardingPimStore;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.store.support.StoreEventPoster;
import org.hearthsync.api.store.StoreException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vdir store per factory configuration ({@code org.hearthsync.store.vdir-NAME.cfg}). Opens the folder
 * and announces changes on EventAdmin; while the folder cannot be opened (an unmounted disk) every
 * operation throws {@link StoreException.Unavailable} and the store retries at the rescan interval.
 * The logic lives in {@link VdirStore}.
 */
@Component(service = PimStore.class, immediate = true, configurationPid = VdirPimStore.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = PimStore.TYPE + "=" + VdirPimStore.TYPE)
@Designate(ocd = VdirStoreConfig.class, factory = true)
public final class VdirPimStore extends ForwardingPimStore {

    static final String PID = org.hearthsync.store.vdir.VdirSettings.FACTORY_PID;
    static final String TYPE = "vdir";
    static final String DATA_PROPERTY = "hearth.data";

    private static final Logger LOG = LoggerFactory.getLogger(VdirPimStore.class);
    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private final String dataFolder;
    private final ScheduledExecutorService retry;
    private final StoreEventPoster events = new StoreEventPoster();
    private volatile VdirStore store;
    private volatile String storeName = "?";
    private ScheduledFuture<?> retryTask; // guarded by this
    private Settings current; // guarded by this

    private record Settings(String name, Path root, Path state, VdirStore.Options options) {
    }

    @Activate
    public VdirPimStore(BundleContext context, VdirStoreConfig config) {
        this(context.getProperty(DATA_PROPERTY), config);
    }

    VdirPimStore(String dataFolder, VdirStoreConfig config) {
        this.dataFolder = dataFolder;
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hearth-vdir-open");
            t.setDaemon(true);
            return t;
        });
        configure(config);
    }

    @Modified
    void modified(VdirStoreConfig config) {
        configure(config);
    }

    /** The one configuration path: validates, then (re)opens the vdir if anything that matters changed. */
    private synchronized void configure(VdirStoreConfig config) {
        Settings settings = settings(config);
        if (settings.equals(current) && store != null) {
            return;
        }
        closeStore();
        current = settings;
        storeName = settings.name();
        tryOpen(settings);
    }

    private Settings settings(VdirStoreConfig config) {
        String name = config.store_name() == null ? "" : config.store_name().strip();
        if (!STORE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid store name '" + name
                    + "': use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'");
        }
        if (config.path() == null || config.path().isBlank()) {
            throw new IllegalArgumentException("The vdir store '" + name + "' needs a folder (path)");
        }
        Path root = expand(config.path().strip());
        Path state;
        if (config.state_file() != null && !config.state_file().isBlank()) {
            state = expand(config.state_file().strip());
        } else if (dataFolder != null && !dataFolder.isBlank()) {
            state = Paths.get(dataFolder.strip()).resolve("store").resolve("vdir-" + name + ".state");
        } else {
            state = root.resolve(".hearth-" + name + ".state");
        }
        int rescan = Math.min(86_400, Math.max(5, config.rescan_seconds()));
        int maxMb = Math.min(256, Math.max(1, config.max_item_mb()));
        VdirStore.Options options = VdirStore.Options.defaults().withRescanInterval(Duration.ofSeconds(rescan))
                .withCreateDefaults(config.create_defaults());
        options = new VdirStore.Options(options.rescanInterval(), maxMb * 1024 * 1024, options.createDefaults(),
                options.maxTombstones(), options.tombstoneRetention(), name);
        return new Settings(name, root, state.toAbsolutePath().normalize(), options);
    }

    private static Path expand(String path) {
        String p = path;
        if (p.equals("~") || p.startsWith("~/")) {
            p = System.getProperty("user.home") + p.substring(1);
        }
        return Paths.get(p).toAbsolutePath().normalize();
    }

    private synchronized void tryOpen(Settings settings) {
        if (settings != current || store != null) {
            return;
        }
        try {
            String name = settings.name();
            store = VdirStore.open(settings.root(), settings.state(), settings.options(), new VdirStore.Listener() {
                @Override
                public void collectionChanged(String collectionId) {
                    events.changed(name, collectionId);
                }

                @Override
                public void hierarchyChanged() {
                    events.hierarchyChanged(name);
                }
            });
            if (retryTask != null) {
                retryTask.cancel(false);
                retryTask = null;
            }
            LOG.debug("vdir store '{}' ready on {}", name, settings.root());
            events.hierarchyChanged(name);
        } catch (StoreException e) {
            LOG.warn("vdir store '{}' cannot open its folder ({}); retrying every {} s", settings.name(), e.getMessage(),
                    settings.options().rescanInterval().toSeconds());
            if (retryTask == null) {
                long period = settings.options().rescanInterval().toSeconds();
                retryTask = retry.scheduleWithFixedDelay(() -> tryOpen(settings), period, period, TimeUnit.SECONDS);
            }
        }
    }

    private void closeStore() {
        if (retryTask != null) {
            retryTask.cancel(false);
            retryTask = null;
        }
        VdirStore old = store;
        store = null;
        if (old != null) {
            old.close();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        current = null;
        closeStore();
        retry.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        events.bind(admin);
    }

    void unsetEventAdmin(EventAdmin admin) {
        events.unbind(admin);
    }

    @Override
    protected VdirStore delegate() throws StoreException.Unavailable {
        VdirStore s = store;
        if (s == null) {
            throw new StoreException.Unavailable("The vdir store '" + storeName + "' is not open", null);
        }
        return s;
    }
}
