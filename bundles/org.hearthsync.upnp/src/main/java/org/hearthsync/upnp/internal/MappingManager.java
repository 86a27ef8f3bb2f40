package org.hearthsync.upnp.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.hearthsync.api.portmap.MappingResult;
import org.hearthsync.api.portmap.MappingResult.Outcome;
import org.hearthsync.api.portmap.PortMapping;
import org.hearthsync.api.portmap.PortMappingReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Hearth's router forwardings in place: makes them for this computer's address, falls back to
 * other external ports when the router refuses one or it belongs to another computer, renews them
 * before their lease ends and at once when the router announces itself again (after a restart), and
 * removes them on {@link #stop()}. All router traffic runs on the scheduler's thread.
 */
final class MappingManager {
    static final Duration ANNOUNCE_DEBOUNCE = Duration.ofSeconds(3);
    static final Duration ANNOUNCE_MIN_GAP = Duration.ofSeconds(30);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final String CGNAT_ADVICE = "Internet sync cannot work through this connection: your provider shares one "
            + "public address among customers; use Wi-Fi mode or ask for a public IPv4 address / use IPv6.";

    private static final Logger LOG = LoggerFactory.getLogger(MappingManager.class);

    /** A forwarding Hearth wants: external port (and fallbacks) to an internal port of this computer. */
    record Wanted(String key, String description, int externalPort, List<Integer> fallbacks, int internalPort,
            String scheme, String path) {
        Wanted {
            fallbacks = List.copyOf(fallbacks);
        }
    }

    /**
     * @param offReason why forwarding must not happen although enabled (listeners on loopback, switched off), or null
     */
    record Settings(boolean enabled, Duration renewal, int leaseSeconds, List<Wanted> wanted, String offReason) {
        Settings {
            wanted = List.copyOf(wanted);
        }

        Duration renewalDelay() {
            if (leaseSeconds <= 0) {
                return renewal;
            }
            // renew before the lease runs out, whatever the interval says
            Duration beforeExpiry = Duration.ofSeconds(Math.max(30, leaseSeconds * 9L / 10));
            return renewal.compareTo(beforeExpiry) < 0 ? renewal : beforeExpiry;
        }
    }

    private final UpnpGateway gateway;
    private final Supplier<Optional<InetAddress>> primaryAddress;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Object announceLock = new Object();

    private volatile Settings settings;
    private volatile boolean stopped;
    private volatile PortMappingReport report;
    private volatile Optional<InetAddress> external = Optional.empty();
    private volatile boolean shared;

    // guarded by this
    private final Map<String, PortMapping> active = new LinkedHashMap<>();
    private Scheduler.Task next;
    private AutoCloseable watch;
    private Duration backoff;
    private String lastProblem = "";
    // guarded by announceLock
    private Scheduler.Task announceTask;
    private Instant lastAnnounceRenewal;

    MappingManager(UpnpGateway gateway, Supplier<Optional<InetAddress>> primaryAddress, Clock clock, Scheduler scheduler,
            Settings initial) {
        this.gateway = gateway;
        this.primaryAddress = primaryAddress;
        this.clock = clock;
        this.scheduler = scheduler;
        this.settings = initial;
        this.report = report(initial.enabled(), "Looking for the router.", "", List.of(), null, null);
    }

    /** Takes new settings; the router is asked again at once, on the scheduler's thread. */
    void configure(Settings s) {
        this.settings = s;
        if (!stopped) {
            scheduler.schedule(this::renew, Duration.ZERO);
        }
    }

    void start() {
        scheduler.schedule(this::renew, Duration.ZERO);
    }

    /** Asks for a renewal soon, e.g. from a "try again" button. */
    void renewNow() {
        if (!stopped) {
            scheduler.schedule(this::renew, Duration.ZERO);
        }
    }

    /** The router announced itself anew: renew after a short pause, at most once per {@link #ANNOUNCE_MIN_GAP}. */
    void announced() {
        Settings s = settings;
        if (stopped || !s.enabled() || s.offReason() != null) {
            return;
        }
        synchronized (announceLock) {
            if (announceTask != null) {
                return; // one is already on its way
            }
            Instant now = clock.instant();
            Duration delay = ANNOUNCE_DEBOUNCE;
            if (lastAnnounceRenewal != null) {
                Duration sinceLast = Duration.between(lastAnnounceRenewal, now.plus(delay));
                if (sinceLast.compareTo(ANNOUNCE_MIN_GAP) < 0) {
                    delay = delay.plus(ANNOUNCE_MIN_GAP.minus(sinceLast));
                }
            }
            LOG.debug("router announcement: renewing the forwardings in {} s", delay.toSeconds());
            announceTask = scheduler.schedule(() -> {
                synchronized (announceLock) {
                    announceTask = null;
                    lastAnnounceRenewal = clock.instant();
                }
                renew();
            }, delay);
        }
    }

    /** Stops renewing and removes every forwarding this manager made. */
    void stop() {
        stopped = true;
        synchronized (announceLock) {
            if (announceTask != null) {
                announceTask.cancel();
                announceTask = null;
            }
        }
        synchronized (this) {
            cancelNext();
            closeWatch();
            removeAll();
        }
    }

    PortMappingReport report() {
        return report;
    }

    /** The router's public address when it is one the Internet can reach. */
    Optional<InetAddress> publicAddress() {
        Settings s = settings;
        if (!s.enabled() || s.offReason() != null || shared) {
            return Optional.empty();
        }
        return external.filter(a -> !Addresses.isUnusable(a));
    }

    /** Active forwardings by key, for tests. */
    synchronized Map<String, PortMapping> active() {
        return Map.copyOf(active);
    }

    synchronized void renew() {
        if (stopped) {
            return;
        }
        cancelNext();
        Settings s = settings;
        Instant now = clock.instant();
        if (!s.enabled() || s.offReason() != null) {
            closeWatch();
            removeAll();
            gateway.standDown();
            external = Optional.empty();
            String summary = !s.enabled() ? "Port forwarding with UPnP is off." : "Port forwarding is off: " + s.offReason();
            report = report(s.enabled(), summary, "", List.of(), now, null);
            return;
        }
        if (!gateway.gatewayAvailable()) {
            external = Optional.empty();
            shared = false;
            Optional<InetAddress> host = primaryAddress.get();
            String here = host.map(InetAddress::getHostAddress).orElse("this computer's address");
            List<PortMappingReport.Entry> entries = new ArrayList<>();
            for (Wanted w : s.wanted()) {
                PortMapping m = new PortMapping("TCP", w.externalPort(), here, w.internalPort(), w.description(),
                        s.leaseSeconds());
                entries.add(new PortMappingReport.Entry(w.description(), w.externalPort(), m,
                        new MappingResult(Outcome.NO_GATEWAY, 0, "no router answered UPnP"), ""));
            }
            problem("no UPnP router answered on this network; forward the ports by hand (see the console)");
            report = report(true, "No router answered UPnP on this network.", manualInstructions(s.wanted(), here),
                    entries, now, retryLater(s));
            return;
        }
        if (watch == null) {
            // listen for the router's restarts from now on (a router that appears later is found by the retries)
            watch = gateway.watchAnnouncements(this::announced);
        }
        Optional<InetAddress> host = primaryAddress.get().or(gateway::localAddress);
        if (host.isEmpty()) {
            report = report(true, "This computer has no network address the router can forward to.", "", List.of(),
                    now, retryLater(s));
            return;
        }
        String here = host.get().getHostAddress();
        Optional<InetAddress> ext = gateway.externalAddress();
        external = ext;
        shared = ext.map(Addresses::isShared).orElse(false);

        Set<String> wantedKeys = s.wanted().stream().map(Wanted::key).collect(Collectors.toSet());
        for (String key : new ArrayList<>(active.keySet())) {
            if (!wantedKeys.contains(key)) {
                gateway.unmap(active.remove(key));
            }
        }

        List<PortMappingReport.Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean transientFailure = false;
        for (Wanted w : s.wanted()) {
            if (stopped) {
                return;
            }
            PortMapping previous = active.get(w.key());
            Set<Integer> candidates = new LinkedHashSet<>();
            if (previous != null && previous.internalHost().equals(here)) {
                candidates.add(previous.externalPort()); // keep the port phones already use
            }
            candidates.add(w.externalPort());
            candidates.addAll(w.fallbacks());
            List<String> refusals = new ArrayList<>();
            MappingResult firstRefusal = null;
            MappingResult outcome = null;
            PortMapping tried = null;
            for (int port : candidates) {
                tried = new PortMapping("TCP", port, here, w.internalPort(), w.description(), s.leaseSeconds());
                MappingResult r = gateway.map(tried);
                if (r.outcome() == Outcome.CONFLICT || r.outcome() == Outcome.REFUSED) {
                    refusals.add(r.message());
                    firstRefusal = firstRefusal == null ? r : firstRefusal;
                    continue;
                }
                outcome = r;
                break;
            }
            if (outcome != null && outcome.outcome() == Outcome.MAPPED) {
                if (previous != null && previous.externalPort() != tried.externalPort()) {
                    gateway.unmap(previous);
                }
                active.put(w.key(), tried);
                String text = outcome.message();
                if (tried.externalPort() != w.externalPort()) {
                    text = "using port " + tried.externalPort() + " instead of " + w.externalPort() + ": "
                            + String.join("; ", refusals);
                    problems.add(w.description() + " on port " + tried.externalPort() + " (" + String.join("; ", refusals) + ")");
                }
                entries.add(new PortMappingReport.Entry(w.description(), w.externalPort(), tried,
                        new MappingResult(Outcome.MAPPED, tried.externalPort(), text), url(w, ext, tried.externalPort())));
            } else if (outcome != null) {
                // the router did not answer: the forwarding may well still be there; try again soon
                transientFailure = true;
                entries.add(new PortMappingReport.Entry(w.description(), w.externalPort(), tried, outcome, ""));
                problems.add(w.description() + ": " + outcome.message());
                break;
            } else {
                active.remove(w.key());
                PortMapping asked = new PortMapping("TCP", w.externalPort(), here, w.internalPort(), w.description(),
                        s.leaseSeconds());
                String text = String.join("; ", refusals);
                entries.add(new PortMappingReport.Entry(w.description(), w.externalPort(), asked,
                        new MappingResult(Objects.requireNonNull(firstRefusal).outcome(), 0, text), ""));
                problems.add(w.description() + ": " + text);
            }
        }

        String name = gateway.gatewayName();
        StringBuilder summary = new StringBuilder();
        StringBuilder advice = new StringBuilder();
        long mapped = entries.stream().filter(e -> e.result().outcome() == Outcome.MAPPED).count();
        summary.append(name.isEmpty() ? "The router" : name).append(" forwards ").append(mapped).append(" of ")
                .append(s.wanted().size()).append(" ports to ").append(here).append('.');
        if (ext.isPresent()) {
            InetAddress a = ext.get();
            if (Addresses.isUnusable(a)) {
                summary.append(" The router reports no Internet address: it is not connected.");
            } else if (Addresses.isShared(a)) {
                summary.append(" The router's Internet address ").append(a.getHostAddress()).append(" is not public.");
                advice.append(CGNAT_ADVICE);
                if (Addresses.isPrivate(a)) {
                    advice.append(" (If another router of yours sits in front of this one, forward the same ports "
                            + "there to ").append(a.getHostAddress()).append(".)");
                }
                problems.add("shared public address " + a.getHostAddress());
            } else {
                summary.append(" Public address ").append(a.getHostAddress()).append('.');
            }
        }
        List<Wanted> unmapped = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).result().outcome() != Outcome.MAPPED) {
                unmapped.add(s.wanted().get(i));
            }
        }
        if (!unmapped.isEmpty() && !transientFailure) {
            if (advice.length() > 0) {
                advice.append(' ');
            }
            advice.append(manualInstructions(unmapped, here));
        }
        problem(problems.isEmpty() ? "" : String.join("; ", problems));
        Instant nextAt = transientFailure ? retryLater(s) : scheduleNext(s.renewalDelay());
        if (!transientFailure) {
            backoff = null;
        }
        report = report(true, summary.toString(), advice.toString(), entries, now, nextAt);
    }

    static String manualInstructions(List<Wanted> wanted, String here) {
        String ports = wanted.stream()
                .map(w -> "TCP " + w.externalPort() + " to " + here + " port " + w.internalPort() + " (" + w.description() + ")")
                .collect(Collectors.joining(", "));
        return "Forward these ports by hand in the router's settings (often called Port forwarding or Virtual server): "
                + ports + ".";
    }

    private static String url(Wanted w, Optional<InetAddress> ext, int port) {
        if (ext.isEmpty() || Addresses.isShared(ext.get()) || Addresses.isUnusable(ext.get())) {
            return "";
        }
        int defaultPort = "https".equals(w.scheme()) ? 443 : 80;
        return w.scheme() + "://" + Addresses.urlHost(ext.get()) + (port == defaultPort ? "" : ":" + port) + w.path();
    }

    private Instant retryLater(Settings s) {
        backoff = backoff == null ? FIRST_RETRY : backoff.multipliedBy(2);
        if (backoff.compareTo(s.renewal()) > 0) {
            backoff = s.renewal();
        }
        return scheduleNext(backoff);
    }

    private Instant scheduleNext(Duration delay) {
        cancelNext();
        next = scheduler.schedule(this::renew, delay);
        return clock.instant().plus(delay);
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    private void closeWatch() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.debug("closing the announcement listener: {}", e.toString());
            }
            watch = null;
        }
    }

    private void removeAll() {
        for (PortMapping m : active.values()) {
            try {
                gateway.unmap(m);
            } catch (RuntimeException e) {
                LOG.warn("could not remove the forwarding of port {}: {}", m.externalPort(), e.toString());
            }
        }
        active.clear();
    }

    /** WARN when the problem changes, DEBUG while it stays the same. */
    private void problem(String text) {
        if (!text.equals(lastProblem)) {
            if (!text.isEmpty()) {
                LOG.warn("router port forwarding: {}", text);
            } else if (!lastProblem.isEmpty()) {
                LOG.debug("router port forwarding works again");
            }
            lastProblem = text;
        } else if (!text.isEmpty()) {
            LOG.debug("router port forwarding, still: {}", text);
        }
    }

    private PortMappingReport report(boolean enabled, String summary, String advice, List<PortMappingReport.Entry> entries,
            Instant last, Instant nextAt) {
        return new PortMappingReport(enabled, gateway.gatewayKnown(), enabled && gateway.localAddress().isPresent(),
                gateway.gatewayName(), external, shared, summary, advice, entries, Optional.ofNullable(last),
                Optional.ofNullable(nextAt));
    }
}
