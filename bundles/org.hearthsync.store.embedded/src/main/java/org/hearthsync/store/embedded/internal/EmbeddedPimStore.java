package org.hearthsync.store.embedded.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.hearthsync.api.store.DataClass;
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
 * The embedded store as a service: opens {@code <hearth.data>/<folder>/<name>.mv.db} and announces every change on
 * EventAdmin. The logic lives in {@link MvPimStore}.
 */
@Component(service = PimStore.class, immediate = true, configurationPid = EmbeddedPimStore.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { PimStore.TYPE + "=" + EmbeddedPimStore.TYPE, PimStore.NAME + "=" + EmbeddedStoreConfig.DEFAULT_NAME })
@Designate(ocd = EmbeddedStoreConfig.class)
public final class EmbeddedPimStore extends ForwardingPimStore {

    static final String PID = "org.hearthsync.store.embedded";
    static final String TYPE = "embedded";
    /** Framework property naming the data folder. */
    static final String DATA_PROPERTY = "hearth.data";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPimStore.class);
    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private final Path dataRoot;
    private final Clock clock;
    private final StoreEventPoster events = new StoreEventPoster();
    private volatile MvPimStore store;
    private volatile String storeName;
    private StoreOptions currentOptions; // guarded by this

    @Activate
    public EmbeddedPimStore(BundleContext context, EmbeddedStoreConfig config) throws StoreException {
        this(dataRoot(context.getProperty(DATA_PROPERTY)), Clock.systemUTC(), config);
    }

    EmbeddedPimStore(Path dataRoot, Clock clock, EmbeddedStoreConfig config) throws StoreException {
        this.dataRoot = dataRoot;
        this.clock = clock;
        configure(config);
    }

    private static Path dataRoot(String property) {
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("The framework property " + DATA_PROPERTY
                    + " is not set: the embedded store needs the Hearth data folder and will not guess one");
        }
        return Paths.get(property.strip()).toAbsolutePath().normalize();
    }

    @Modified
    void modified(EmbeddedStoreConfig config) throws StoreException {
        configure(config);
    }

    /** The one configuration path: (re)opens the store file when its location changed, else applies the options. */
    private synchronized void configure(EmbeddedStoreConfig config) throws StoreException {
        String name = config.store_name() == null ? "" : config.store_name().strip();
        if (!STORE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid store name '" + name
                    + "': use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'");
        }
        Path folder = dataRoot.resolve(config.store_folder() == null ? "store" : config.store_folder().strip()).normalize();
        if (!folder.startsWith(dataRoot)) {
            throw new IllegalArgumentException("The store folder must lie inside the data folder " + dataRoot);
        }
        Path file = folder.resolve(name + ".mv.db");
        StoreOptions options = options(config);
        MvPimStore old = store;
        if (old != null && old.file().equals(file) && options.equals(currentOptions)) {
            storeName = name;
            return;
        }
        if (old != null) {
            store = null;
            old.close();
        }
        String eventName = name;
        store = MvPimStore.open(file, options, new ChangeListener() {
            @Override
            public void collectionChanged(String collectionId) {
                events.changed(eventName, collectionId);
            }

            @Override
            public void hierarchyChanged() {
                events.hierarchyChanged(eventName);
            }
        });
        currentOptions = options;
        storeName = name;
        LOG.debug("Embedded store '{}' ready in {}", name, file);
    }

    private StoreOptions options(EmbeddedStoreConfig config) {
        List<StoreOptions.DefaultCollection> defaults = new ArrayList<>();
        addDefault(defaults, config.default_contacts(), DataClass.CONTACTS);
        addDefault(defaults, config.default_calendar(), DataClass.CALENDAR);
        addDefault(defaults, config.default_tasks(), DataClass.TASKS);
        addDefault(defaults, config.default_notes(), DataClass.NOTES);
        int days = Math.max(1, config.tombstone_retention_days());
        int maxTombstones = Math.max(100, config.tombstone_max());
        int maxMb = Math.min(256, Math.max(1, config.resource_max_mb()));
        return new StoreOptions(defaults, Duration.ofDays(days), maxTombstones, maxMb * 1024 * 1024, clock);
    }

    private static void addDefault(List<StoreOptions.DefaultCollection> defaults, String name, DataClass dataClass) {
        if (name != null && !name.isBlank()) {
            defaults.add(new StoreOptions.DefaultCollection(name.strip(), dataClass));
        }
    }

    @Deactivate
    synchronized void deactivate() {
        MvPimStore old = store;
        store = null;
        if (old != null) {
            old.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        events.bind(admin);
    }

    void unsetEventAdmin(EventAdmin admin) {
        events.unbind(admin);
    }

    @Override
    protected MvPimStore delegate() throws StoreException.Unavailable {
        MvPimStore s = store;
        if (s == null) {
            throw new StoreException.Unavailable("The embedded store '" + storeName + "' is not open", null);
        }
        return s;
    }
}
