package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.mvstore.MVMap;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.sync.ActivityJournal;
import org.hearthsync.api.sync.SyncProgress;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety nets of the sync engine and its live progress: a bounded journal of what every Sync
 * did per folder, the losers of conflicts (kept by {@link SyncStateStore#journal}) with one-step
 * restore, a recycle bin of items phones deleted (kept {@code recycle.days}, purged lazily), and
 * the mass-deletion guard: deletes of one Sync that would remove more than the configured share of
 * a folder are taken off the phone's state but not applied to the store until the user approves
 * (they then go through the recycle bin) or rejects (the phone gets them back as Adds). Everything
 * but the progress lives in the sync state file. Configuration PID {@value #PID}.
 */
@Component(service = { SafetyNet.class, ActivityJournal.class, SyncProgress.class }, configurationPid = SafetyNet.PID)
@Designate(ocd = SafetyConfig.class)
public final class SafetyNet implements ActivityJournal, SyncProgress {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyNet.class);
    public static final String PID = "org.hearthsync.activesync.safety";
    static final char F = '\u0001';
    static final String HELD = "held";
    static final String REJECTED = "rejected";

    /** The configuration as values. */
    public record Settings(Duration retention, boolean guard, int percent, int minItems, int journalMax) {
        public static final Settings DEFAULTS = new Settings(Duration.ofDays(30), true, 50, 20, 5000);

        static Settings of(SafetyConfig c) {
            return new Settings(Duration.ofDays(Math.max(1, c.recycle_days())), c.mass_delete_guard(),
                    Math.max(1, Math.min(100, c.mass_delete_percent())), Math.max(0, c.mass_delete_min_items()),
                    Math.max(100, c.journal_max()));
        }
    }

    /** One folder's progress in a running Sync; {@link CollectionSync} moves it. */
    public static final class Progress {
        final String folderName;
        final String dataClass;
        final Instant started;
        volatile int done;
        volatile int total = -1;

        /** One more client command or server change handled (only the running Sync's thread moves it). */
        public void step() {
            done++;
        }

        public void total(int total) {
            this.total = total;
        }

        Progress(String folderName, String dataClass, Instant started) {
            this.folderName = folderName;
            this.dataClass = dataClass;
            this.started = started;
        }
    }

    private final SyncStateStore states;
    private final StoreDirectory stores;
    private final Clock clock;
    /** Wakes the device's parked Ping or Sync when the user decides its held deletes; {@code null}: nothing parks. */
    private final FolderWaker hub;
    private volatile Settings settings;
    private final Map<String, Map<String, Progress>> running = new ConcurrentHashMap<>();

    @Activate
    public SafetyNet(@Reference SyncStateStore states, @Reference StoreDirectory stores, @Reference FolderWaker hub,
            SafetyConfig config) {
        this(states, stores, Clock.systemUTC(), Settings.of(config), hub);
    }

    /** A safety net outside the framework (tests, a handler built by hand); {@code hub} may be {@code null}. */
    public static SafetyNet of(SyncStateStore states, StoreDirectory stores, Clock clock, Settings settings, FolderWaker hub) {
        return new SafetyNet(states, stores, clock, settings, hub);
    }

    // private: SCR chooses the activation constructor among the public ones by parameter count alone, and a second
    // public constructor of four parameters made it try this one now and then (and log an error)
    private SafetyNet(SyncStateStore states, StoreDirectory stores, Clock clock, Settings settings, FolderWaker hub) {
        this.states = states;
        this.stores = stores;
        this.clock = clock;
        this.settings = settings;
        this.hub = hub;
    }

    @Modified
    void modified(SafetyConfig config) {
        settings = Settings.of(config);
    }

    public Settings settings() {
        return settings;
    }

    public void settings(Settings s) {
        settings = s;
    }

    // ------------------------------------------------------------------ progress

    private static String deviceKey(String user, String deviceId) {
        return user.toLowerCase(Locale.ROOT) + '\u0000' + deviceId;
    }

    /** A folder starts syncing. */
    public Progress start(String user, String deviceId, String folderId, String folderName, String dataClass) {
        Progress p = new Progress(folderName, dataClass, clock.instant());
        running.computeIfAbsent(deviceKey(user, deviceId), k -> Collections.synchronizedMap(new LinkedHashMap<>()))
                .put(folderId, p);
        return p;
    }

    /** The device's Sync is over: nothing of it is running any more. */
    public void finish(String user, String deviceId) {
        running.remove(deviceKey(user, deviceId));
    }

    @Override
    public List<FolderProgress> running(String userName, String deviceId) {
        Map<String, Progress> m = running.get(deviceKey(userName, deviceId));
        if (m == null) {
            return List.of();
        }
        List<FolderProgress> out = new ArrayList<>();
        synchronized (m) {
            for (Progress p : m.values()) {
                int total = p.total;
                out.add(new FolderProgress(p.folderName, p.dataClass, total >= 0 ? Math.min(p.done, total) : p.done,
                        total, p.started));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ journal of syncs

    /** Whether deletes of this many items of a folder the phone holds {@code folderSize} of are held. */
    public boolean shouldHold(int deletes, int folderSize) {
        Settings s = settings;
        return s.guard() && deletes > s.minItems() && deletes * 100L > (long) folderSize * s.percent();
    }

    /** Records one Sync of one folder (nothing when it moved nothing) and logs its counts at DEBUG. */
    public void record(String user, String deviceId, String folderId, String folderName, SyncCounts w) {
        append(user, deviceId, folderId, folderName, new int[] { w.clientAdds(), w.clientChanges(), w.clientDeletes(),
                w.serverAdds(), w.serverChanges(), w.serverDeletes(), w.conflicts(), w.heldDeletes() });
    }

    @Override
    public void recordChange(String source, String storeName, String collectionId, String collectionName, int adds,
            int changes, int deletes) {
        String f = String.valueOf(F); // the field separator never comes from outside
        append(storeName.replace(f, " "), source.replace(f, " "), collectionId.replace(f, " "), collectionName.replace(f, " "),
                new int[] { adds, changes, deletes, 0, 0, 0, 0, 0 });
    }

    private void append(String user, String deviceId, String folderId, String folderName, int[] c) {
        boolean any = false;
        for (int v : c) {
            any |= v != 0;
        }
        if (!any) {
            return;
        }
        LOG.debug("sync of folder {} of device {}: from phone +{} ~{} -{}, to phone +{} ~{} -{}, {} conflicts, {} deletes held",
                folderId, deviceId, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
        StringBuilder v = new StringBuilder();
        v.append(user).append(F).append(deviceId).append(F).append(folderId).append(F).append(folderName).append(F)
                .append(clock.millis());
        for (int x : c) {
            v.append(F).append(x);
        }
        synchronized (states) {
            MVMap<String, String> m = states.activity;
            m.put(nextKey(m), v.toString());
            int max = settings.journalMax();
            while (m.size() > max) {
                m.remove(m.firstKey());
            }
        }
    }

    private static String nextKey(MVMap<String, String> m) {
        String last = m.lastKey();
        return String.format("%019d", last == null ? 1 : Long.parseLong(last) + 1);
    }

    @Override
    public List<Activity> recent(int limit, String deviceId, String folder) {
        List<Activity> out = new ArrayList<>();
        MVMap<String, String> m = states.activity;
        String k = m.lastKey();
        while (k != null && out.size() < limit) {
            String[] f = m.get(k).split(String.valueOf(F), -1);
            if (matches(deviceId, f[1]) && (folder == null || folder.isBlank() || folder.equals(f[2]) || folder.equals(f[3]))) {
                out.add(new Activity(k, Instant.ofEpochMilli(Long.parseLong(f[4])), f[0], f[1], f[2], f[3], i(f[5]),
                        i(f[6]), i(f[7]), i(f[8]), i(f[9]), i(f[10]), i(f[11]), i(f[12])));
            }
            k = m.lowerKey(k);
        }
        return out;
    }

    private static boolean matches(String filter, String value) {
        return filter == null || filter.isBlank() || filter.equals(value);
    }

    private static int i(String s) {
        return Integer.parseInt(s);
    }

    /**
     * Collection names for one listing: each store is asked once (a DAV store answers over the network),
     * and a store that is away or a collection that is gone gives the fallback.
     */
    private final class CollectionNames {
        private final Map<String, Map<String, String>> byStore = new java.util.HashMap<>();

        String name(String storeName, String collectionId, String fallback) {
            if (storeName == null || storeName.isEmpty()) {
                return fallback;
            }
            Map<String, String> m = byStore.computeIfAbsent(storeName, n -> {
                Map<String, String> ids = new java.util.HashMap<>();
                stores.store(n).ifPresent(s -> {
                    try {
                        s.collections().forEach(c -> ids.put(c.id(), c.displayName()));
                    } catch (StoreException | RuntimeException e) {
                        LOG.debug("store {} did not list its collections for the journal: {}", n, e.getMessage());
                    }
                });
                return ids;
            });
            return m.getOrDefault(collectionId, fallback);
        }
    }

    // ------------------------------------------------------------------ conflicts

    @Override
    public List<Conflict> conflicts(int limit, String deviceId, String folder) {
        List<Conflict> out = new ArrayList<>();
        CollectionNames names = new CollectionNames();
        MVMap<String, String> m = states.journalMap();
        String k = m.lastKey();
        while (k != null && out.size() < limit) {
            String[] f = m.get(k).split(String.valueOf(F), -1);
            boolean full = f.length >= 10;
            String name = full ? names.name(f[7], f[8], f[2]) : f[2];
            if (matches(deviceId, f[1]) && (matches(folder, f[2]) || folder.equalsIgnoreCase(name))) {
                out.add(new Conflict(k, full ? Instant.ofEpochMilli(Long.parseLong(f[6])) : Instant.EPOCH, f[0], f[1], f[2],
                        f[3], f[4], full ? f[9] : "", Summary.of(f[5]), full && !f[5].isEmpty() && !f[7].isEmpty(), name));
            }
            k = m.lowerKey(k);
        }
        return out;
    }

    @Override
    public boolean restoreConflictLoser(String id) {
        String v = states.journalMap().get(id);
        if (v == null) {
            return false;
        }
        String[] f = v.split(String.valueOf(F), -1);
        if (f.length < 10 || f[5].isEmpty() || f[7].isEmpty()) {
            return false;
        }
        try {
            PimStore store = stores.store(f[7]).orElse(null);
            if (store == null) {
                return false;
            }
            Optional<Resource> cur = store.get(f[8], f[3]);
            store.put(f[8], f[3], f[5], cur.isPresent() ? WriteCondition.ifMatch(cur.get().etag()) : WriteCondition.create());
        } catch (StoreException e) {
            LOG.warn("could not restore the losing version of a conflict in collection {}: {}", f[8], e.getMessage());
            return false;
        }
        synchronized (states) {
            states.journalMap().remove(id);
        }
        states.commit();
        LOG.info("restored the losing version of a conflict of device {} in collection {}", f[1], f[8]);
        return true;
    }

    // ------------------------------------------------------------------ recycle bin

    /** Keeps an item a phone is about to delete; returns the bin entry's id (for {@link #unrecycle}). */
    public String recycle(String user, String deviceId, String storeName, String collectionId, String name, String content) {
        synchronized (states) {
            purge();
            MVMap<String, String> m = states.bin;
            String id = nextKey(m);
            m.put(id, String.join(String.valueOf(F), user, deviceId, storeName, collectionId, name,
                    Long.toString(clock.millis()), content));
            states.commit();
            return id;
        }
    }

    /** The delete did not happen after all. */
    public void unrecycle(String id) {
        if (id != null) {
            synchronized (states) {
                states.bin.remove(id);
            }
        }
    }

    /** Drops entries older than the retention time (entries are in time order). */
    private void purge() {
        MVMap<String, String> m = states.bin;
        long oldest = clock.millis() - settings.retention().toMillis();
        String k = m.firstKey();
        while (k != null) {
            String[] f = m.get(k).split(String.valueOf(F), 7);
            if (Long.parseLong(f[5]) >= oldest) {
                break;
            }
            m.remove(k);
            k = m.firstKey();
        }
    }

    @Override
    public List<Deleted> recycleBin(int limit) {
        synchronized (states) {
            purge();
        }
        List<Deleted> out = new ArrayList<>();
        CollectionNames names = new CollectionNames();
        MVMap<String, String> m = states.bin;
        String k = m.lastKey();
        Duration keep = settings.retention();
        while (k != null && out.size() < limit) {
            String[] f = m.get(k).split(String.valueOf(F), 7);
            Instant at = Instant.ofEpochMilli(Long.parseLong(f[5]));
            out.add(new Deleted(k, at, at.plus(keep), f[0], f[1], f[2], f[3], f[4], Summary.of(f[6]), names.name(f[2], f[3], f[3])));
            k = m.lowerKey(k);
        }
        return out;
    }

    @Override
    public boolean restoreDeleted(String id) {
        String v = states.bin.get(id);
        if (v == null) {
            return false;
        }
        String[] f = v.split(String.valueOf(F), 7);
        try {
            PimStore store = stores.store(f[2]).orElse(null);
            if (store == null) {
                return false;
            }
            String name = f[4];
            try {
                store.put(f[3], name, f[6], WriteCondition.create());
            } catch (StoreException.PreconditionFailed taken) {
                int dot = name.lastIndexOf('.');
                String ext = dot > 0 ? name.substring(dot) : "";
                name = "restored-" + UUID.randomUUID() + ext;
                store.put(f[3], name, f[6], WriteCondition.create());
            }
        } catch (StoreException e) {
            LOG.warn("could not restore a deleted item into collection {}: {}", f[3], e.getMessage());
            return false;
        }
        synchronized (states) {
            states.bin.remove(id);
        }
        states.commit();
        LOG.info("restored an item device {} deleted into collection {}", f[1], f[3]);
        return true;
    }

    // ------------------------------------------------------------------ held mass deletions

    /** One held delete: the ServerId the phone dropped, the resource and the etag the phone knew. */
    public record HeldItem(String sid, String name, String etag) {
    }

    /** Holds a batch of deletes of one Sync (the items are already off the phone's state). */
    public void hold(String user, String deviceId, String folderId, String folderName, String storeName,
            String collectionId, int folderSize, List<HeldItem> items) {
        if (items.isEmpty()) {
            return;
        }
        StringBuilder v = new StringBuilder(String.join(String.valueOf(F), HELD, user, deviceId, folderId, folderName,
                storeName, collectionId, Long.toString(clock.millis()), Integer.toString(folderSize)));
        for (HeldItem h : items) {
            v.append('\n').append(h.sid()).append(F).append(h.name()).append(F).append(h.etag());
        }
        synchronized (states) {
            states.held.put(nextKey(states.held), v.toString());
        }
        LOG.info("held {} of {} deletes device {} sent for folder {}: approve or reject them in the console",
                items.size(), folderSize, deviceId, folderId);
    }

    private record Batch(String id, String[] head, List<HeldItem> items) {
        String state() {
            return head[0];
        }
    }

    private static Batch batch(String id, String v) {
        String[] lines = v.split("\n");
        List<HeldItem> items = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(String.valueOf(F), -1);
            items.add(new HeldItem(f[0], f[1], f[2]));
        }
        return new Batch(id, lines[0].split(String.valueOf(F), -1), items);
    }

    private List<Batch> batches() {
        List<Batch> out = new ArrayList<>();
        for (Map.Entry<String, String> e : states.held.entrySet()) {
            out.add(batch(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static boolean ofFolder(Batch b, String user, String deviceId, String folderId) {
        return b.head[1].equalsIgnoreCase(user) && b.head[2].equals(deviceId) && b.head[3].equals(folderId);
    }

    /** Names (with the etag the phone knew) of items held for this folder: not sent back while held. */
    public Map<String, String> heldNames(String user, String deviceId, String folderId) {
        Map<String, String> out = new java.util.HashMap<>();
        for (Batch b : batches()) {
            if (HELD.equals(b.state()) && ofFolder(b, user, deviceId, folderId)) {
                b.items.forEach(h -> out.put(h.name(), h.etag()));
            }
        }
        return out;
    }

    /** Takes the rejected batches of this folder: their names go back to the phone. Committed with the request. */
    public List<String> takeRejected(String user, String deviceId, String folderId) {
        List<String> names = new ArrayList<>();
        synchronized (states) {
            for (Batch b : batches()) {
                if (REJECTED.equals(b.state()) && ofFolder(b, user, deviceId, folderId)) {
                    b.items.forEach(h -> names.add(h.name()));
                    states.held.remove(b.id);
                }
            }
        }
        return names;
    }

    /** Whether rejected deletes of this folder wait to go back to the phone (what wakes its Ping). */
    public boolean hasRejected(String user, String deviceId, String folderId) {
        for (Batch b : batches()) {
            if (REJECTED.equals(b.state()) && ofFolder(b, user, deviceId, folderId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A decision changes what the device's next Sync of the folder sends: its parked Ping or Sync
     * watching the collection checks again, as after a store change (an approval that deleted
     * items also sends store events, but a rejection changes nothing in the store).
     */
    private void wake(Batch b) {
        if (hub != null) {
            hub.changed(b.head[5], b.head[6]);
        }
    }

    @Override
    public List<HeldDeletion> held() {
        List<HeldDeletion> out = new ArrayList<>();
        for (Batch b : batches()) {
            if (!HELD.equals(b.state())) {
                continue;
            }
            List<String> summaries = new ArrayList<>();
            try {
                PimStore store = stores.store(b.head[5]).orElse(null);
                if (store != null) {
                    List<String> names = b.items.stream().limit(10).map(HeldItem::name).toList();
                    Map<String, Resource> found = store.getAll(b.head[6], names);
                    for (String n : names) {
                        Resource r = found.get(n);
                        if (r != null) {
                            summaries.add(Summary.of(r.content()));
                        }
                    }
                }
            } catch (StoreException e) {
                LOG.debug("no summaries for a held batch: {}", e.getMessage());
            }
            out.add(new HeldDeletion(b.id, Instant.ofEpochMilli(Long.parseLong(b.head[7])), b.head[1], b.head[2], b.head[3],
                    b.head[4], b.items.size(), Integer.parseInt(b.head[8]), summaries));
        }
        return out;
    }

    @Override
    public boolean approve(String id) {
        String v = states.held.get(id);
        if (v == null || !v.startsWith(HELD + F)) {
            return false;
        }
        Batch b = batch(id, v);
        PimStore store = stores.store(b.head[5]).orElse(null);
        if (store == null) {
            return false;
        }
        int deleted = 0;
        int kept = 0;
        for (HeldItem h : b.items) {
            try {
                Optional<Resource> cur = store.get(b.head[6], h.name());
                if (cur.isEmpty()) {
                    continue;
                }
                if (!cur.get().etag().equals(h.etag())) {
                    kept++; // changed on the server since: the newer version stays (and reaches the phone)
                    continue;
                }
                String binId = recycle(b.head[1], b.head[2], b.head[5], b.head[6], h.name(), cur.get().content());
                try {
                    store.delete(b.head[6], h.name(), WriteCondition.ifMatch(h.etag()));
                    deleted++;
                } catch (StoreException.NotFound gone) {
                    unrecycle(binId);
                } catch (StoreException.PreconditionFailed changed) {
                    unrecycle(binId);
                    kept++;
                }
            } catch (StoreException e) {
                LOG.warn("could not apply a held delete in collection {}: {}", b.head[6], e.getMessage());
                states.commit();
                return false;
            }
        }
        synchronized (states) {
            states.held.remove(id);
        }
        states.commit();
        LOG.info("approved held deletes of device {} in folder {}: {} deleted, {} changed since and kept", b.head[2],
                b.head[3], deleted, kept);
        wake(b);
        return true;
    }

    @Override
    public boolean reject(String id) {
        Batch b;
        synchronized (states) {
            String v = states.held.get(id);
            if (v == null || !v.startsWith(HELD + F)) {
                return false;
            }
            states.held.put(id, REJECTED + v.substring(HELD.length()));
            b = batch(id, v);
        }
        states.commit();
        LOG.info("rejected held deletes {}: the phone gets the items back on its next sync", id);
        wake(b);
        return true;
    }
}
