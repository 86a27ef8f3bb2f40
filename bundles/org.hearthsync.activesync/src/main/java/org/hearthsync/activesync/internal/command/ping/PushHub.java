package org.hearthsync.activesync.internal.command.ping;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.hearthsync.activesync.internal.sync.FolderWaker;
import org.hearthsync.api.store.StoreEvents;
import org.hearthsync.api.store.WatchedCollections;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parked Ping requests and what wakes them: store change events (EventAdmin, {@code
 * org/hearthsync/store/*}), the heartbeat timer, a newer Ping of the same device, and shutdown. A
 * parked Ping is a future and a timer entry: no thread waits for it. As {@link WatchedCollections} it
 * tells stores that find changes by polling another server which collections a device waits on.
 */
@Component(service = { PushHub.class, FolderWaker.class, EventHandler.class, WatchedCollections.class },
        property = EventConstants.EVENT_TOPIC + "=org/hearthsync/store/*")
public final class PushHub implements EventHandler, FolderWaker, WatchedCollections {
    private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);
    /** The answer for "the folder hierarchy changed". */
    public static final String HIERARCHY = "\u0000hierarchy";
    /**
     * A checker's answer (alone in its set) for "the device is busy: ask again later", so that no
     * check waits for a device on the hub's only thread (it would hold up every other device's Ping).
     */
    public static final String BUSY = "\u0000busy";
    private static final long BUSY_MAX_MILLIS = 250; // busy: asked again after 100, 200, 250, 250... ms

    /** One watched folder: the store collection behind a device's folder. */
    public record Watch(String storeName, String collectionId, String folderId) {
    }

    private final class Parked {
        final String deviceKey;
        final List<Watch> watches;
        final Function<List<Watch>, Set<String>> checker;
        final CompletableFuture<Set<String>> result = new CompletableFuture<>();
        private volatile ScheduledFuture<?> timeout;
        /** Its checker is running (a woken Sync may be building its response): not ended under it. */
        private volatile boolean checking;
        /** The watches changed since its last check began (guarded by this). */
        private final Set<Watch> pending = new LinkedHashSet<>();
        /** A check is queued or running (guarded by this): further changes only add to {@link #pending}. */
        private boolean scheduled;
        /** The last wait for its busy device, doubled each time; 50 while not busy (timer thread only). */
        private long busyDelay = 50;

        Parked(String deviceKey, List<Watch> watches, Function<List<Watch>, Set<String>> checker) {
            this.deviceKey = deviceKey;
            this.watches = watches;
            this.checker = checker;
        }

        void end(Set<String> folders) {
            if (result.complete(folders)) {
                parked.remove(deviceKey, this);
                ScheduledFuture<?> t = timeout;
                if (t != null) {
                    t.cancel(false);
                }
            }
        }
    }

    private final Map<String, Parked> parked = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;
    /** The engine is stopping: nothing parks or is checked any more, every parked request is answered. */
    private volatile boolean quiet;

    public PushHub() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hearth-push");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Parks a device's Ping. Completes with the folder ids that changed, an empty set at the end
     * of the heartbeat (or when a newer Ping of the device or shutdown ends it), or {@link #HIERARCHY}.
     * {@code checker} tells which of the watched folders have changes for this device (it is called
     * on the hub's thread after each relevant store event), or answers {@link #BUSY} instead of
     * waiting for the device: the same changes are then checked again a little later.
     */
    public CompletableFuture<Set<String>> park(String deviceKey, List<Watch> watches, Duration heartbeat,
            Function<List<Watch>, Set<String>> checker) {
        Parked p = new Parked(deviceKey, List.copyOf(watches), checker);
        Parked previous = parked.put(deviceKey, p);
        if (previous != null) {
            previous.end(Set.of()); // a newer Ping replaces it: status 1
        }
        if (closed || quiet) {
            p.end(Set.of());
            return p.result;
        }
        p.timeout = timer.schedule(() -> p.end(Set.of()), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        return p.result;
    }

    /**
     * Ends a device's parked request as at the end of its interval, if {@code result} (what {@link
     * #park} returned for it) is still the one parked.
     */
    public void release(String deviceKey, CompletableFuture<Set<String>> result) {
        Parked p = parked.get(deviceKey);
        if (p != null && p.result == result) {
            p.end(Set.of());
        }
    }

    public int parkedCount() {
        return parked.size();
    }

    /** The collections of a store the parked Pings wait on: a walk over the parked requests, no index to keep. */
    @Override
    public Set<String> watched(String storeName) {
        if (quiet || closed) {
            return Set.of();
        }
        return parked.values().stream().flatMap(p -> p.watches.stream()).filter(w -> w.storeName().equals(storeName))
                .map(Watch::collectionId).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public void handleEvent(Event event) {
        Object store = event.getProperty(StoreEvents.STORE);
        if (store == null) {
            return;
        }
        if (StoreEvents.TOPIC_HIERARCHY_CHANGED.equals(event.getTopic())) {
            hierarchyChanged(store.toString());
        } else if (StoreEvents.TOPIC_CHANGED.equals(event.getTopic())) {
            Object collection = event.getProperty(StoreEvents.COLLECTION);
            if (collection != null) {
                changed(store.toString(), collection.toString());
            }
        }
    }

    /**
     * A collection changed: the Pings watching it check whether their device has something new. Checks
     * are coalesced per parked Ping: at most one is queued or running for it, and the changes that
     * arrive meanwhile are checked together by exactly one more check, so a burst of N changes costs
     * each Ping a few checks rather than N while a single change still starts a check at once.
     */
    @Override
    public void changed(String storeName, String collectionId) {
        for (Parked p : parked.values()) {
            List<Watch> hits = p.watches.stream()
                    .filter(w -> w.storeName().equals(storeName) && w.collectionId().equals(collectionId)).toList();
            if (hits.isEmpty()) {
                continue;
            }
            if (quiet) {
                p.end(Set.of());
                continue;
            }
            boolean submit;
            synchronized (p) {
                p.pending.addAll(hits);
                submit = !p.scheduled;
                p.scheduled = true;
            }
            if (submit) {
                schedule(p, 0);
            }
        }
    }

    private void schedule(Parked p, long delayMillis) {
        try {
            timer.schedule(() -> check(p), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            p.end(Set.of());
        }
    }

    /** One check of a parked Ping for the changes pending on it; queues one more if changes came meanwhile. */
    private void check(Parked p) {
        List<Watch> hits;
        synchronized (p) {
            hits = List.copyOf(p.pending);
            p.pending.clear();
        }
        p.checking = true;
        boolean busy = false; // the checker did not look: the device is in a request
        try {
            if (quiet) {
                p.end(Set.of());
            } else if (!p.result.isDone()) {
                Set<String> changed = p.checker.apply(hits);
                busy = changed.contains(BUSY);
                if (!busy && !changed.isEmpty()) {
                    p.end(changed);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("checking a parked Ping failed: {}", e.toString());
        } finally {
            p.checking = false;
            if (quiet) {
                p.end(Set.of()); // the engine stopped while this one was checked
            }
        }
        boolean again;
        synchronized (p) {
            if (busy) {
                p.pending.addAll(hits); // not looked at: kept with what came meanwhile
            }
            // a change that came while it ran is checked once more (queued behind the other Pings' checks)
            again = !p.pending.isEmpty() && !p.result.isDone();
            p.scheduled = again;
        }
        p.busyDelay = busy ? Math.min(2 * p.busyDelay, BUSY_MAX_MILLIS) : 50;
        if (again) {
            // a busy device is asked again on the timer (no thread waits) until its request ends or the Ping does
            schedule(p, busy ? p.busyDelay : 0);
        }
    }

    public void hierarchyChanged(String storeName) {
        for (Parked p : parked.values()) {
            if (p.watches.stream().anyMatch(w -> w.storeName().equals(storeName))) {
                p.end(Set.of(HIERARCHY));
            }
        }
    }

    /**
     * The engine stops (its state closes after this): answers every parked request as at the end of
     * its interval, lets a check in progress (a woken Sync building its response) finish first, and
     * from then on answers new parks at once and checks nothing, until {@link #resume}. Waits at most
     * {@code timeoutMillis} for the check in progress; returns whether nothing is left running.
     */
    public boolean quiesce(long timeoutMillis) throws InterruptedException {
        quiet = true;
        int n = endIdle();
        boolean idle = true;
        try {
            // the checks run one at a time on the timer's thread: once this runs, none is running
            timer.submit(() -> { }).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.ExecutionException e) {
            // closed: nothing runs on it any more
        } catch (java.util.concurrent.TimeoutException e) {
            idle = false;
            LOG.warn("a parked request is still being checked after {} ms", timeoutMillis);
        }
        n += endIdle();
        LOG.debug("push hub quiet; {} parked requests answered", n);
        return idle;
    }

    /** The engine runs (again): requests park and wake as usual. */
    public void resume() {
        quiet = false;
    }

    private int endIdle() {
        int n = 0;
        for (Parked p : List.copyOf(parked.values())) {
            if (!p.checking) {
                p.end(Set.of());
                n++;
            }
        }
        return n;
    }

    /** Answers every parked Ping (no changes) so phones come back at once after a restart. */
    @Deactivate
    public void close() {
        closed = true;
        int n = parked.size();
        for (Parked p : List.copyOf(parked.values())) {
            p.end(Set.of());
        }
        timer.shutdownNow();
        LOG.debug("push hub closed; {} parked Pings answered", n);
    }
}
