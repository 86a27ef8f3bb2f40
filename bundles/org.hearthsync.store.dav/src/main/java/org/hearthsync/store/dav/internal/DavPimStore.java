package org.hearthsync.store.dav.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.hearthsync.store.support.ForwardingPimStore;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.store.support.StoreEventPoster;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WatchedCollections;
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
 * One DAV store per factory configuration ({@code org.hearthsync.store.dav-NAME.cfg}): the store, and a
 * poller asking the server for changes at the configured interval and posting {@link org.hearthsync.api.store.StoreEvents}.
 * A server that is down makes operations throw {@link StoreException.Unavailable}; the poller logs
 * that once (WARN) and again when the server is back. The snapshots behind fallback sync tokens
 * (servers without sync-collection) are kept in {@code <hearth.data>/store/dav/<name>.tokens.mv.db}.
 *
 * <p><b>Push.</b> The server cannot tell Hearth about its changes, so while a device waits on one of its
 * collections (a parked Ping, as {@link WatchedCollections} reports) the same poll thread asks the server
 * about just those collections every {@value #WATCH_MILLIS} ms ({@link DavStore#pollWatched}): a change made
 * in the server reaches the phone in about a second instead of at the poll interval. One thread per store
 * whatever the number of Pings; nothing is asked while nobody waits.
 */
@Component(service = PimStore.class, immediate = true, configurationPid = DavPimStore.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = PimStore.TYPE + "=" + DavPimStore.TYPE)
@Designate(ocd = DavStoreConfig.class, factory = true)
public final class DavPimStore extends ForwardingPimStore {

    static final String PID = org.hearthsync.store.dav.DavStoreSettings.FACTORY_PID;
    static final String TYPE = "dav";

    private static final Logger LOG = LoggerFactory.getLogger(DavPimStore.class);
    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    /** Framework property naming the data folder. */
    static final String DATA_PROPERTY = "hearth.data";
    /** How often watched collections are asked about: one small PROPFIND each, so a second costs the server little. */
    static final long WATCH_MILLIS = 1000;

    private final ScheduledExecutorService poller;
    private final java.nio.file.Path dataRoot; // null: no data folder, fallback tokens in memory only
    private final StoreEventPoster events = new StoreEventPoster();
    private volatile DavStore store;
    private ScheduledFuture<?> pollTask; // guarded by this
    private DavStore.Options current; // guarded by this
    private Duration currentInterval; // guarded by this
    private volatile boolean serverDown;
    private volatile WatchedCollections watchers;
    private ScheduledFuture<?> watchTask; // guarded by this

    @Activate
    public DavPimStore(BundleContext context, DavStoreConfig config, LegacyPassword legacy) {
        this(dataRoot(context.getProperty(DATA_PROPERTY)), config, legacy);
    }

    DavPimStore(java.nio.file.Path dataRoot, DavStoreConfig config) {
        this(dataRoot, config, null);
    }

    DavPimStore(java.nio.file.Path dataRoot, DavStoreConfig config, LegacyPassword legacy) {
        this.dataRoot = dataRoot;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hearth-dav-poll");
            t.setDaemon(true);
            return t;
        });
        configure(config, legacy);
    }

    private static java.nio.file.Path dataRoot(String property) {
        if (property == null || property.isBlank()) {
            LOG.warn("The framework property {} is not set: DAV fallback sync tokens are kept in memory only", DATA_PROPERTY);
            return null;
        }
        return java.nio.file.Paths.get(property.strip()).toAbsolutePath().normalize();
    }

    @Modified
    void modified(DavStoreConfig config, LegacyPassword legacy) {
        configure(config, legacy);
    }

    static String password(DavStoreConfig config, LegacyPassword legacy) {
        String current = config._password();
        if (current != null && !current.isEmpty()) {
            return current;
        }
        return legacy == null || legacy.password() == null ? "" : legacy.password();
    }

    /** The one configuration path: validates, (re)creates the store if the server or account changed, (re)schedules polling. */
    private synchronized void configure(DavStoreConfig config, LegacyPassword legacy) {
        String name = config.store_name() == null ? "" : config.store_name().strip();
        if (!STORE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid store name '" + name
                    + "': use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'");
        }
        URI url = url(config.url());
        DavStore.Options options = new DavStore.Options(url, config.user() == null ? "" : config.user().strip(),
                password(config, legacy),
                Duration.ofSeconds(Math.min(600, Math.max(1, config.timeout_seconds()))),
                Math.min(1024, Math.max(1, config.max_response_mb())) * 1024 * 1024, config.sync_collection(), name,
                dataRoot == null ? null : dataRoot.resolve("store").resolve("dav").resolve(name + ".tokens.mv.db"));
        Duration interval = Duration.ofSeconds(Math.min(3600, Math.max(5, config.poll_seconds())));
        if (!options.equals(current)) {
            stop();
            current = options;
            String storeName = name;
            store = DavStore.create(options, new DavStore.Listener() {
                @Override
                public void collectionChanged(String collectionId) {
                    events.changed(storeName, collectionId);
                }

                @Override
                public void hierarchyChanged() {
                    events.hierarchyChanged(storeName);
                }
            });
            currentInterval = null;
            LOG.debug("DAV store '{}' on {} (user {})", name, url, options.user().isEmpty() ? "none" : "set");
        }
        if (!interval.equals(currentInterval)) {
            if (pollTask != null) {
                pollTask.cancel(false);
            }
            DavStore s = store;
            s.reuseCollectionsFor(interval);
            pollTask = poller.scheduleWithFixedDelay(() -> poll(s, name), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            currentInterval = interval;
        }
        if (watchTask == null) {
            // reads the current store each time: it is replaced when the server or account changes
            watchTask = poller.scheduleWithFixedDelay(() -> pollWatched(name), WATCH_MILLIS, WATCH_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private static URI url(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The DAV store needs the server URL");
        }
        try {
            URI uri = new URI(value.strip());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("The DAV server URL must be http:// or https:// with a host name");
            }
            if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
                uri = uri.resolve("/");
            } else if (!uri.getRawPath().endsWith("/")) {
                uri = new URI(uri.getScheme(), uri.getRawAuthority(), uri.getRawPath() + "/", null, null);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid DAV server URL: " + e.getMessage(), e);
        }
    }

    private void poll(DavStore s, String name) {
        try {
            s.poll();
            if (serverDown) {
                serverDown = false;
                LOG.warn("DAV store '{}': the server answers again", name);
            }
        } catch (StoreException.Unavailable e) {
            if (!serverDown) {
                serverDown = true;
                LOG.warn("DAV store '{}': {}; will keep trying", name, e.getMessage());
            } else {
                LOG.debug("DAV store '{}' still unavailable: {}", name, e.getMessage());
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("DAV store '{}': looking for changes failed: {}", name, e.getMessage());
        }
    }

    private void pollWatched(String name) {
        WatchedCollections w = watchers;
        DavStore s = store;
        if (w == null || s == null || serverDown) {
            return; // a server that is down is left to the full poll's interval
        }
        Set<String> ids;
        try {
            ids = w.watched(name);
        } catch (RuntimeException e) {
            LOG.debug("DAV store '{}': asking which collections are watched failed: {}", name, e.toString());
            return;
        }
        if (ids.isEmpty()) {
            return;
        }
        try {
            s.pollWatched(ids);
        } catch (StoreException | RuntimeException e) {
            // the full poll reports outages (once); a failed quick look is simply tried again in a second
            LOG.debug("DAV store '{}': looking at watched collections failed: {}", name, e.getMessage());
        }
    }

    private void stop() {
        if (pollTask != null) {
            pollTask.cancel(false);
            pollTask = null;
        }
        DavStore old = store;
        store = null;
        if (old != null) {
            old.close();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
        current = null;
        if (watchTask != null) {
            watchTask.cancel(false);
            watchTask = null;
        }
        poller.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        events.bind(admin);
    }

    void unsetEventAdmin(EventAdmin admin) {
        events.unbind(admin);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setWatchedCollections(WatchedCollections w) {
        watchers = w;
    }

    void unsetWatchedCollections(WatchedCollections w) {
        if (watchers == w) {
            watchers = null;
        }
    }

    @Override
    protected DavStore delegate() throws StoreException.Unavailable {
        DavStore s = store;
        if (s == null) {
            throw new StoreException.Unavailable("The DAV store is not configured", null);
        }
        return s;
    }
}
