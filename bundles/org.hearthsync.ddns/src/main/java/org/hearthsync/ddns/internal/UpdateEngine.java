package org.hearthsync.ddns.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.ProviderStatus;
import org.hearthsync.api.ddns.SentAddresses;
import org.hearthsync.api.ddns.UpdateResult;
import org.hearthsync.api.ddns.UpdateResult.Outcome;
import org.hearthsync.ddns.internal.AddressFinder.Found;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The updater's rules, free of OSGi so tests drive them with a fake clock and fake providers.
 * <ul>
 * <li>A provider is called only when an address it would send ({@link DnsProvider#toSend}) differs,
 * per record family, from the one it last accepted, or its settings changed since (repeated
 * unchanged updates count as abuse at No-IP and the dyndns2 family), and never more than once a
 * minute. A family the provider does not send (a template without {@code {ipv6}}) never causes a
 * call.</li>
 * <li>A provider with nothing to send (a template's placeholder has no value) answers
 * {@link Outcome#SKIPPED} with the reason, shown on the console; it is asked again only when the
 * addresses or its settings change.</li>
 * <li>An answer that needs the user (bad credentials, unknown host, abuse, refused agent, closed
 * service) stops that provider until its settings change, across restarts.</li>
 * <li>A provider problem (911, dnserr, HTTP 5xx) backs off 30 minutes, doubling up to 4 hours; HTTP
 * 429 waits as long as Retry-After says; an unreachable provider backs off 5 minutes doubling up
 * to an hour.</li>
 * <li>Every call into a provider runs on its own thread with a time limit and inside a try/catch, so
 * a failing or hanging provider never holds up the others.</li>
 * </ul>
 * Checks run on one thread (the component's scheduler); binding and unbinding may happen on others.
 */
final class UpdateEngine {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateEngine.class);

    static final Duration MIN_SPACING = Duration.ofMinutes(1);
    static final Duration SERVER_BACKOFF = Duration.ofMinutes(30);
    static final Duration MAX_SERVER_BACKOFF = Duration.ofHours(4);
    static final Duration UNREACHABLE_BACKOFF = Duration.ofMinutes(5);
    static final Duration MAX_UNREACHABLE_BACKOFF = Duration.ofHours(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    /** Whether a provider wants IPv6 addresses; service property, default true. */
    static final String IPV6_PROPERTY = org.hearthsync.api.ddns.DnsUpdater.PROVIDER_IPV6;

    /** One registered provider service. */
    static final class Entry {
        final long serviceId;
        final DnsProvider provider;
        final AtomicBoolean busy = new AtomicBoolean();
        volatile String key;
        volatile String providerId;
        volatile boolean ipv6;
        volatile String fingerprint;
        volatile String hostName = "";
        volatile UpdateResult lastResult;
        volatile Instant lastAttempt;
        /** The addresses and settings for which the provider last said it has nothing to send. */
        volatile String skippedFor;

        Entry(long serviceId, DnsProvider provider) {
            this.serviceId = serviceId;
            this.provider = provider;
        }
    }

    private final Clock clock;
    private final StateStore store;
    private final Supplier<Found> finder;
    private final ExecutorService callers;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private volatile Duration callTimeout;
    private volatile Found lastFound = new Found(null, null);
    private volatile boolean addressMissingReported;
    private volatile Instant nextDue;

    UpdateEngine(Clock clock, StateStore store, Supplier<Found> finder, ExecutorService callers, Duration callTimeout) {
        this.clock = clock;
        this.store = store;
        this.finder = finder;
        this.callers = callers;
        this.callTimeout = callTimeout;
    }

    void callTimeout(Duration d) {
        this.callTimeout = d;
    }

    /**
     * A provider service appeared.
     *
     * @param props    its service properties
     * @param settings its settings (the configuration, with secrets), used only as a fingerprint
     */
    void add(long serviceId, DnsProvider provider, Map<String, ?> props, Map<String, ?> settings) {
        Entry e = new Entry(serviceId, provider);
        describe(e, props, settings);
        entries.put(serviceId, e);
        LOG.debug("dynamic DNS provider {} ({}) added", e.providerId, e.key);
        try {
            callers.submit(() -> {
                try {
                    String h = provider.hostName();
                    e.hostName = h == null ? "" : h;
                } catch (RuntimeException | LinkageError ex) {
                    LOG.warn("dynamic DNS provider {} ({}) failed to say its host name: {}", e.providerId, e.key,
                            ex.getClass().getName());
                }
            });
        } catch (RuntimeException ex) {
            LOG.debug("cannot ask {} for its host name now: {}", e.key, ex.toString());
        }
    }

    /** A provider service's properties (or settings) changed. */
    void modified(long serviceId, Map<String, ?> props, Map<String, ?> settings) {
        Entry e = entries.get(serviceId);
        if (e != null) {
            describe(e, props, settings);
        }
    }

    void remove(long serviceId) {
        Entry e = entries.remove(serviceId);
        if (e != null) {
            LOG.debug("dynamic DNS provider {} ({}) removed", e.providerId, e.key);
        }
    }

    boolean hasProviders() {
        return !entries.isEmpty();
    }

    Found lastFound() {
        return lastFound;
    }

    private void describe(Entry e, Map<String, ?> props, Map<String, ?> settings) {
        String id = Values.first(props.get(DnsProvider.PROVIDER));
        e.providerId = id == null ? "unnamed" : id;
        e.key = keyOf(props, e.providerId, e.serviceId);
        Object v6 = props.get(IPV6_PROPERTY);
        e.ipv6 = v6 == null || !"false".equalsIgnoreCase(Values.first(v6));
        e.fingerprint = store.fingerprint(settings);
    }

    /** The configuration PID, else the component name, else (not stable across restarts) the service id. */
    static String keyOf(Map<String, ?> props, String providerId, long serviceId) {
        Object pid = props.get("service.pid");
        if (pid != null && !Values.text(pid).isBlank()) {
            return pid.getClass().isArray() || pid instanceof Iterable ? Values.text(pid) : pid.toString();
        }
        String name = Values.first(props.get("component.name"));
        return name != null ? name : providerId + "#" + serviceId;
    }

    /**
     * Checks the public address and updates the providers that need it.
     *
     * @param userAsked the user asked for it: an unreachable provider's back-off is skipped (a
     *                  provider's own request to wait is not)
     */
    void check(boolean userAsked) {
        Instant now = clock.instant();
        nextDue = null;
        List<Entry> due = new ArrayList<>();
        for (Entry e : entries.values()) {
            try {
                if (mayCall(e, now, userAsked)) {
                    due.add(e);
                }
            } catch (RuntimeException ex) {
                LOG.warn("dynamic DNS provider {}: cannot judge its state", e.key, ex);
            }
        }
        if (due.isEmpty()) {
            LOG.debug("no dynamic DNS provider is due");
            return;
        }
        Found found;
        try {
            found = finder.get();
        } catch (RuntimeException ex) {
            LOG.warn("finding the public address failed", ex);
            return;
        }
        lastFound = found;
        if (!found.any()) {
            if (!addressMissingReported) {
                LOG.warn("cannot find this network's public address (no router answer, no check-IP service answered); "
                        + "dynamic DNS names are left as they are");
                addressMissingReported = true;
            }
            return;
        }
        addressMissingReported = false;
        for (Entry e : due) {
            try {
                process(e, found);
            } catch (RuntimeException ex) {
                LOG.warn("dynamic DNS provider {}: updating failed in the updater", e.key, ex);
            }
        }
    }

    private boolean mayCall(Entry e, Instant now, boolean userAsked) {
        ProviderState s = store.get(e.key);
        if (s.stopped() != null) {
            if (Objects.equals(s.stoppedConfig(), e.fingerprint)) {
                return false;
            }
            LOG.info("dynamic DNS provider {} ({}): settings changed, updates resume", e.providerId, e.key);
            s = s.restarted();
            store.put(e.key, s);
        }
        if (e.busy.get()) {
            return false;
        }
        if (userAsked && s.notBefore() != null && !s.backoffFromServer()) {
            s = s.clearUnreachableBackoff();
            store.put(e.key, s);
        }
        if (s.notBefore() != null && now.isBefore(s.notBefore())) {
            due(s.notBefore());
            return false;
        }
        Instant last = latest(e.lastAttempt, s.lastAttempt());
        if (last != null && now.isBefore(last.plus(MIN_SPACING))) {
            due(last.plus(MIN_SPACING));
            return false;
        }
        return true;
    }

    private void due(Instant at) {
        Instant n = nextDue;
        if (n == null || at.isBefore(n)) {
            nextDue = at;
        }
    }

    /**
     * After a check: the earliest time a provider that was held back (once-a-minute limit, back-off,
     * Retry-After) may be called again, or null. The scheduler checks again then rather than at the
     * next interval.
     */
    Instant nextDue() {
        return nextDue;
    }

    private void process(Entry e, Found found) {
        ProviderState s = store.get(e.key);
        InetAddress v4 = found.ipv4();
        InetAddress v6 = e.ipv6 ? found.ipv6() : null;
        if (v4 == null && v6 == null) {
            return;
        }
        SentAddresses plan = plan(e, v4, v6);
        boolean settingsChanged = !Objects.equals(e.fingerprint, s.acceptedConfig());
        if (plan.isEmpty()) {
            // the provider has nothing it could send (say a template's {ip} with no IPv4 known): it
            // says why, without calling the service; asked once per addresses and settings
            String situation = v4 + " " + v6 + " " + e.fingerprint;
            if (situation.equals(e.skippedFor)) {
                return;
            }
            e.skippedFor = situation;
        } else {
            e.skippedFor = null;
            boolean changed = settingsChanged || differs(plan.ipv4(), s.acceptedIpv4())
                    || differs(plan.ipv6(), s.acceptedIpv6());
            if (!changed) {
                LOG.debug("dynamic DNS provider {} ({}): nothing it sends has changed", e.providerId, e.key);
                return;
            }
        }
        Instant now = clock.instant();
        UpdateResult r = call(e, v4, v6);
        if (r == null) {
            return;
        }
        e.lastResult = r;
        e.lastAttempt = now;
        apply(e, s, r, r.sent() != null ? r.sent() : plan, now);
    }

    /** Whether a family the request carries differs from what the provider last accepted. */
    private static boolean differs(InetAddress planned, InetAddress accepted) {
        return planned != null && !planned.equals(accepted);
    }

    /** What the provider would send; its own answer, or both addresses when it cannot say. */
    private SentAddresses plan(Entry e, InetAddress v4, InetAddress v6) {
        try {
            SentAddresses p = e.provider.toSend(v4, v6);
            return p != null ? p : new SentAddresses(v4, v6);
        } catch (RuntimeException | LinkageError ex) {
            // a broken plugin may throw here; a plugin built against API 1.2 gets the default method
            // and never does: either way assume it sends what it is given
            LOG.debug("dynamic DNS provider {} ({}) cannot say what it sends: {}", e.providerId, e.key, ex.toString());
            return new SentAddresses(v4, v6);
        }
    }

    private void apply(Entry e, ProviderState s, UpdateResult r, SentAddresses sent, Instant now) {
        Outcome o = r.outcome();
        String who = e.providerId + " (" + (e.hostName.isEmpty() ? e.key : e.hostName) + ")";
        if (o == Outcome.SKIPPED) {
            LOG.warn("dynamic DNS {}: nothing sent: {}", who, r.message());
            return;
        }
        if (o == Outcome.UPDATED || o == Outcome.UNCHANGED) {
            // per family: what this request carried replaces what was accepted; a family it did not
            // carry keeps its last accepted address
            InetAddress v4 = sent.ipv4();
            InetAddress v6 = sent.ipv6();
            store.put(e.key, s.accepted(v4 != null ? v4 : s.acceptedIpv4(), v6 != null ? v6 : s.acceptedIpv6(),
                    e.fingerprint, now));
            if (o == Outcome.UPDATED) {
                LOG.info("dynamic DNS {} now points at {}", who, describe(sent));
            } else {
                LOG.debug("dynamic DNS {} already pointed at {}: {}", who, describe(sent), r.message());
            }
            return;
        }
        if (o.needsUser()) {
            store.put(e.key, s.stop(o, r.message(), e.fingerprint, now));
            LOG.error("dynamic DNS {}: {} ({}). Updates stop until its settings are changed.", who, r.message(), o);
            return;
        }
        Duration wait;
        boolean fromServer = true;
        switch (o) {
            case RATE_LIMITED:
                wait = r.retryAfter() != null ? clamp(r.retryAfter(), MIN_SPACING, MAX_RETRY_AFTER)
                        : exponential(SERVER_BACKOFF, s.failures(), MAX_SERVER_BACKOFF);
                break;
            case SERVER_ERROR:
                wait = exponential(SERVER_BACKOFF, s.failures(), MAX_SERVER_BACKOFF);
                if (r.retryAfter() != null && r.retryAfter().compareTo(wait) > 0) {
                    wait = clamp(r.retryAfter(), wait, MAX_RETRY_AFTER);
                }
                break;
            default:
                wait = exponential(UNREACHABLE_BACKOFF, s.failures(), MAX_UNREACHABLE_BACKOFF);
                fromServer = false;
                break;
        }
        store.put(e.key, s.backOff(now, now.plus(wait), fromServer));
        if (fromServer || s.failures() == 0) {
            LOG.warn("dynamic DNS {}: {} ({}); trying again in {} minutes", who, r.message(), o, wait.toMinutes());
        } else {
            LOG.debug("dynamic DNS {}: {} ({}); trying again in {} minutes", who, r.message(), o, wait.toMinutes());
        }
    }

    /** Calls the provider on a caller thread with the time limit; null when it is still busy with an earlier call. */
    private UpdateResult call(Entry e, InetAddress v4, InetAddress v6) {
        if (!e.busy.compareAndSet(false, true)) {
            return null;
        }
        AtomicBoolean started = new AtomicBoolean();
        Future<UpdateResult> f;
        try {
            f = callers.submit(() -> {
                started.set(true);
                try {
                    String h = e.provider.hostName();
                    if (h != null) {
                        e.hostName = h;
                    }
                    return e.provider.update(v4, v6);
                } finally {
                    e.busy.set(false);
                }
            });
        } catch (RuntimeException ex) {
            e.busy.set(false);
            return null;
        }
        Duration limit = callTimeout;
        try {
            UpdateResult r = f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return r != null ? r : UpdateResult.of(Outcome.SERVER_ERROR, "the provider plugin gave no answer");
        } catch (TimeoutException ex) {
            if (f.cancel(true) && !started.get()) {
                e.busy.set(false);
            }
            LOG.warn("dynamic DNS provider {} ({}) did not finish within {} seconds", e.providerId, e.key,
                    limit.toSeconds());
            return UpdateResult.of(Outcome.UNREACHABLE, "the provider did not finish within " + limit.toSeconds() + " s");
        } catch (ExecutionException ex) {
            Throwable t = ex.getCause() == null ? ex : ex.getCause();
            // the message is left out on purpose: a plugin's exception may quote its URL, token included
            LOG.warn("dynamic DNS provider {} ({}, {}) failed with {} at {}", e.providerId, e.key,
                    e.provider.getClass().getName(), t.getClass().getName(), where(t));
            return UpdateResult.of(Outcome.UNREACHABLE, "the provider plugin failed (" + t.getClass().getSimpleName() + ")");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return null;
        }
    }

    /** The addresses a request carried, for the log: only those, so the log never claims one that was not sent. */
    static String describe(SentAddresses sent) {
        if (sent.isEmpty()) {
            return "(no address sent)";
        }
        String v4 = sent.ipv4() == null ? null : Dyndns2.text(sent.ipv4());
        String v6 = sent.ipv6() == null ? null : Dyndns2.text(sent.ipv6());
        return v4 == null ? v6 : v6 == null ? v4 : v4 + " and " + v6;
    }

    private static String where(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "?" : st[0].toString();
    }

    static Duration exponential(Duration base, int failures, Duration max) {
        Duration d = base;
        for (int i = 0; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** What the console shows. */
    List<ProviderStatus> status() {
        Instant now = clock.instant();
        List<ProviderStatus> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            ProviderState s = store.get(e.key);
            boolean stopped = s.stopped() != null && Objects.equals(s.stoppedConfig(), e.fingerprint);
            UpdateResult last = e.lastResult;
            if (last == null && stopped) {
                last = UpdateResult.of(s.stopped(), s.stoppedMessage() == null ? "" : s.stoppedMessage());
            }
            Instant next = s.notBefore() != null && s.notBefore().isAfter(now) ? s.notBefore() : null;
            out.add(new ProviderStatus(e.key, e.providerId, e.hostName, last, latest(e.lastAttempt, s.lastAttempt()),
                    s.acceptedIpv4(), s.acceptedIpv6(), stopped, next));
        }
        return out;
    }
}
