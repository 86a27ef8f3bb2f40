package org.hearthsync.ddns.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.api.ddns.DnsUpdater;
import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.ProviderStatus;
import org.hearthsync.api.ddns.PublicAddressSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynamic DNS updater: collects the {@link DnsProvider} services (the whiteboard), checks the
 * public address on an interval on its own thread, and lets {@link UpdateEngine} decide whom to
 * call. State lives in {@code <hearth.data>/ddns/state.properties}.
 */
@Component(service = DnsUpdater.class, configurationPid = UpdaterComponentPid.PID, immediate = true)
@Designate(ocd = UpdaterConfig.class)
public final class DnsUpdaterComponent implements DnsUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(DnsUpdaterComponent.class);
    /** Properties that differ between two registrations of the same settings. */
    private static final Set<String> VOLATILE = Set.of(Constants.SERVICE_ID, Constants.SERVICE_BUNDLEID,
            Constants.SERVICE_SCOPE, Constants.OBJECTCLASS, "component.id", "service.changecount",
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, "felix.fileinstall.filename");
    private static final Duration SOON = Duration.ofSeconds(2);

    private final ConfigurationAdmin configAdmin;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService callers;
    private final AddressFinder finder;
    private final UpdateEngine engine;
    private final Map<Long, Source> sources = new ConcurrentHashMap<>();
    private final AtomicBoolean checkPending = new AtomicBoolean();
    private ScheduledFuture<?> periodic;
    private ScheduledFuture<?> followUp;
    private volatile long intervalMinutes = 5;

    private record Source(PublicAddressSource source, int ranking, long id) {
    }

    @Activate
    public DnsUpdaterComponent(BundleContext context, UpdaterConfig config, @Reference(name = "configAdmin") ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("hearth-ddns", false));
        this.callers = Executors.newCachedThreadPool(daemon("hearth-ddns-call-", true));
        Version v = context.getBundle().getVersion();
        this.finder = new AddressFinder(this::sources,
                Dyndns2.userAgent(v.getMajor() + "." + v.getMinor() + "." + v.getMicro()));
        this.engine = new UpdateEngine(Clock.systemUTC(), new StateStore(stateFile(context)), finder::find, callers,
                Duration.ofSeconds(60));
        configure(config);
    }

    static Path stateFile(BundleContext context) {
        String data = context.getProperty("hearth.data");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "ddns", "state.properties");
        }
        return context.getDataFile("state.properties").toPath();
    }

    @Modified
    void modified(UpdaterConfig config) {
        configure(config);
    }

    private synchronized void configure(UpdaterConfig config) {
        finder.urls(urls(config.check_ipv4_urls()), urls(config.check_ipv6_urls()));
        engine.callTimeout(Duration.ofSeconds(Math.max(5, config.call_timeout_seconds())));
        long minutes = Math.max(1, config.check_interval_minutes());
        intervalMinutes = minutes;
        if (periodic != null) {
            periodic.cancel(false);
        }
        periodic = scheduler.scheduleWithFixedDelay(() -> runCheck(false), minutes, minutes, TimeUnit.MINUTES);
        LOG.debug("dynamic DNS updater: checking every {} minutes", minutes);
        checkSoon();
    }

    private static List<String> urls(String[] configured) {
        return configured == null ? List.of()
                : Arrays.stream(configured).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Deactivate
    synchronized void deactivate() {
        scheduler.shutdownNow();
        callers.shutdownNow();
        LOG.debug("dynamic DNS updater stopped");
    }

    // ---- the whiteboard

    @Reference(service = DnsProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(DnsProvider provider, Map<String, Object> props) {
        engine.add(serviceId(props), provider, props, settings(props));
        checkSoon();
    }

    void updatedProvider(DnsProvider provider, Map<String, Object> props) {
        engine.modified(serviceId(props), props, settings(props));
        checkSoon();
    }

    void removeProvider(DnsProvider provider, Map<String, Object> props) {
        engine.remove(serviceId(props));
    }

    @Reference(service = PublicAddressSource.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSource(PublicAddressSource source, Map<String, Object> props) {
        Object r = props.get(Constants.SERVICE_RANKING);
        sources.put(serviceId(props), new Source(source, r instanceof Integer i ? i : 0, serviceId(props)));
    }

    void removeSource(PublicAddressSource source, Map<String, Object> props) {
        sources.remove(serviceId(props));
    }

    private List<PublicAddressSource> sources() {
        return sources.values().stream()
                .sorted(Comparator.comparingInt(Source::ranking).reversed().thenComparingLong(Source::id))
                .map(Source::source).toList();
    }

    private static long serviceId(Map<String, Object> props) {
        Object id = props.get(Constants.SERVICE_ID);
        return id instanceof Number n ? n.longValue() : -1L;
    }

    /**
     * A provider's settings, remembered only as a fingerprint: its configuration (secrets
     * included, so a new password counts as a change), else its service properties.
     */
    private Map<String, Object> settings(Map<String, Object> props) {
        Map<String, Object> out = new HashMap<>();
        String pid = props.get(Constants.SERVICE_PID) instanceof String s ? s : null;
        if (pid != null) {
            try {
                Configuration[] found = configAdmin.listConfigurations(
                        "(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
                if (found != null && found.length > 0 && found[0].getProperties() != null) {
                    Dictionary<String, Object> d = found[0].getProperties();
                    for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
                        String k = keys.nextElement();
                        if (!VOLATILE.contains(k) && !k.startsWith(":")) {
                            out.put(k, d.get(k));
                        }
                    }
                    return out;
                }
            } catch (IOException | InvalidSyntaxException | RuntimeException e) {
                LOG.debug("cannot read the configuration of {}: {}", pid, e.toString());
            }
        }
        props.forEach((k, v) -> {
            if (!VOLATILE.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    // ---- scheduling

    private void checkSoon() {
        if (checkPending.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> {
                    checkPending.set(false);
                    runCheck(false);
                }, SOON.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                checkPending.set(false);
            }
        }
    }

    private void runCheck(boolean userAsked) {
        try {
            if (engine.hasProviders()) {
                engine.check(userAsked);
                followUp(engine.nextDue());
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("the dynamic DNS check failed", e);
        }
    }

    /** Checks again when a held-back provider may be called, if that comes before the next interval. */
    private synchronized void followUp(java.time.Instant at) {
        if (at == null) {
            return;
        }
        long delay = Math.max(1000, java.time.Duration.between(java.time.Instant.now(), at).toMillis() + 500);
        if (delay >= TimeUnit.MINUTES.toMillis(intervalMinutes)) {
            return;
        }
        if (followUp != null) {
            followUp.cancel(false);
        }
        try {
            followUp = scheduler.schedule(() -> runCheck(false), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            followUp = null;
        }
    }

    // ---- DnsUpdater

    @Override
    public List<ProviderStatus> providers() {
        return engine.status();
    }

    @Override
    public Optional<InetAddress> publicIpv4() {
        return Optional.ofNullable(engine.lastFound().ipv4());
    }

    @Override
    public Optional<InetAddress> publicIpv6() {
        return Optional.ofNullable(engine.lastFound().ipv6());
    }

    @Override
    public void updateNow() {
        try {
            scheduler.execute(() -> runCheck(true));
        } catch (RejectedExecutionException e) {
            LOG.debug("the updater is stopping; no check");
        }
    }

    private static ThreadFactory daemon(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? name + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }
}
