package org.hearthsync.activesync.internal.command.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.hearthsync.activesync.internal.command.ping.PushHub;
import org.hearthsync.activesync.internal.device.DeviceLocks;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quiet Sync requests with Wait or HeartbeatInterval, parked in the {@link PushHub} like a Ping: no
 * thread and no device lock are held. A change in one of the folders builds the response again
 * (under the device lock); the end of the interval, a newer Sync of the device or shutdown answers
 * with an empty response.
 */
final class ParkedSyncs {
    private static final Logger LOG = LoggerFactory.getLogger(ParkedSyncs.class);

    private final PushHub hub;
    private final DeviceLocks locks;
    /** How long one requested second lasts (shorter in tests). */
    private final Duration second;
    /** The parked Sync of each device (a newer Sync of the device ends it). */
    private final Map<String, CompletableFuture<Set<String>>> parked = new ConcurrentHashMap<>();

    ParkedSyncs(PushHub hub, DeviceLocks locks, Duration second) {
        this.hub = hub;
        this.locks = locks;
        this.second = second;
    }

    /** A newer Sync of the device ends its parked one (a parked Ping stays: a Sync does not replace it). */
    void endEarlier(CommandContext ctx) {
        String key = deviceKey(ctx);
        CompletableFuture<Set<String>> earlier = parked.remove(key);
        if (earlier != null) {
            hub.release(key, earlier);
        }
    }

    /** Parks a quiet request; {@code rebuild} builds its response again (called under the device lock). */
    CompletionStage<EasResponse> park(CommandContext ctx, List<Outcome> outcomes, int waitSeconds,
            Supplier<SyncHandler.Built> rebuild) {
        List<PushHub.Watch> watches = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.target() != null) { // a mail folder never changes: nothing to watch
                watches.add(new PushHub.Watch(o.target().storeName(), o.target().collectionId(), o.collectionId()));
            }
        }
        AtomicReference<EasResponse> woken = new AtomicReference<>();
        AtomicReference<CompletableFuture<Set<String>>> self = new AtomicReference<>();
        String user = ctx.userName();
        String device = ctx.deviceId();
        LOG.debug("Sync of device {} parked for {} s on {} folders", device, waitSeconds, watches.size());
        String key = deviceKey(ctx);
        CompletableFuture<Set<String>> mine = hub.park(key, watches, second.multipliedBy(waitSeconds), hits -> {
            ReentrantLock lock = locks.of(user, device);
            if (!lock.tryLock()) {
                // a request of the device runs: the hub asks again later, its thread never waits for one device
                return Set.of(PushHub.BUSY);
            }
            try {
                CompletableFuture<Set<String>> me = self.get();
                if (me == null || me.isDone()) {
                    return Set.of(); // ended by a newer request meanwhile: nothing is built for it
                }
                SyncHandler.Built b = rebuild.get();
                if (b.quiet()) {
                    return Set.of();
                }
                woken.set(b.response());
                Set<String> ids = new LinkedHashSet<>();
                hits.forEach(w -> ids.add(w.folderId()));
                return ids.isEmpty() ? Set.of(PushHub.HIERARCHY) : ids;
            } finally {
                lock.unlock();
            }
        });
        self.set(mine);
        parked.put(key, mine);
        mine.whenComplete((set, e) -> parked.remove(key, mine));
        return mine.thenApply(set -> {
            EasResponse r = woken.get();
            return r != null ? r : EasResponse.empty();
        });
    }

    private static String deviceKey(CommandContext ctx) {
        return ctx.userName().toLowerCase() + '\u0000' + ctx.deviceId();
    }
}
