package org.hearthsync.activesync.internal.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable sync state of every device's folders, {@code <hearth.data>/activesync/syncstate.mv.db}.
 *
 * <p><b>Layout (format 3).</b> {@code meta}: {@code format} = 3. Every value is a typed {@link SavedRecord}
 * ({@link SyncStateMigration} converts the positional strings of formats 1 and 2). {@code head}: folder key
 * (user, device, folder ServerId) → the folder's header ({@link FolderState}). {@code items}: folder key +
 * ServerId → {@link ItemEntry}; {@code names}: folder key + resource name → ServerId;
 * {@code queue}: folder key + sequence → resource name of a server change not sent yet;
 * {@code qidx}: folder key + name → sequence. {@code device}: user, device, kind → the device's
 * last Sync request and response ({@link CachedRequest}, {@link ResendRecord}). {@code journal}: losers
 * of conflicts. {@code activity}, {@code bin} and {@code held}: the {@link SafetyNet}'s journal of
 * syncs, recycle bin and held mass deletions (maps an older version of the engine simply ignores). A file of a newer format is refused, never overwritten; an older one is migrated.
 *
 * <p>A request's changes are buffered and written by {@link #save} in one MVStore commit, then
 * forced to disk, so the file always holds the state after some whole request.
 */
@Component(service = SyncStateStore.class)
public final class SyncStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(SyncStateStore.class);
    static final int FORMAT_VERSION = 3;
    static final int JOURNAL_MAX = 1000;
    private static final char SEP = '\u0000';

    private final MVStore mv;
    private final MVMap<String, String> meta;
    private final MVMap<String, String> head;
    private final MVMap<String, String> items;
    private final MVMap<String, String> names;
    private final MVMap<String, String> queue;
    private final MVMap<String, String> qidx;
    private final MVMap<String, String> device;
    private final MVMap<String, String> journal;
    final MVMap<String, String> activity;
    final MVMap<String, String> bin;
    final MVMap<String, String> held;
    private long journalSeq;

    @Activate
    public SyncStateStore(BundleContext context) throws IOException {
        this(dataFolder(context.getProperty("hearth.data")).resolve("activesync").resolve("syncstate.mv.db"));
    }

    /** The store in this file, outside OSGi (a factory: SCR must see one public constructor of one parameter). */
    public static SyncStateStore open(Path file) throws IOException {
        return new SyncStateStore(file);
    }

    private SyncStateStore(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.mv = new MVStore.Builder().fileName(file.toAbsolutePath().toString()).autoCommitDisabled().open();
        this.meta = open("meta");
        String format = meta.get("format");
        if (format == null) {
            meta.put("format", Integer.toString(FORMAT_VERSION));
        } else if (Integer.parseInt(format) > FORMAT_VERSION) {
            mv.closeImmediately();
            throw new IOException("sync state " + file + " has format " + format + ", newer than this version ("
                    + FORMAT_VERSION + "); refusing to touch it");
        } else if (Integer.parseInt(format) < FORMAT_VERSION) {
            // in this open's first transaction: a crash part way leaves the old format, migrated again next time
            LOG.info("migrating sync state from format {} to {}", format, FORMAT_VERSION);
            SyncStateMigration.migrate(Integer.parseInt(format), this::open);
            meta.put("format", Integer.toString(FORMAT_VERSION));
        }
        this.head = open("head");
        this.items = open("items");
        this.names = open("names");
        this.queue = open("queue");
        this.qidx = open("qidx");
        this.device = open("device");
        this.journal = open("journal");
        this.activity = open("activity");
        this.bin = open("bin");
        this.held = open("held");
        String last = journal.lastKey();
        journalSeq = last == null ? 0 : Long.parseLong(last);
        mv.commit();
        LOG.debug("sync state {} open with {} folders", file, head.size());
    }

    private MVMap<String, String> open(String name) {
        return mv.openMap(name, new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    }

    private static Path dataFolder(String property) {
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("The framework property hearth.data is not set: sync state needs the data folder");
        }
        return Paths.get(property.strip()).toAbsolutePath().normalize();
    }

    @Deactivate
    public synchronized void close() {
        if (!mv.isClosed()) {
            mv.close();
        }
    }

    /** For crash tests: drops the file handle without writing anything more. */
    public synchronized void abandon() {
        if (!mv.isClosed()) {
            mv.closeImmediately();
        }
    }

    static String folderKey(String user, String deviceId, String folderId) {
        return user.toLowerCase(Locale.ROOT) + SEP + deviceId + SEP + folderId;
    }

    /** The folder's state; a folder never synced comes back not {@link FolderState#primed() primed}. */
    public FolderState load(String user, String deviceId, String folderId) {
        String fk = folderKey(user, deviceId, folderId);
        String p = fk + SEP;
        FolderState s = new FolderState(user, deviceId, folderId, new ItemMap(new TxMap(items, p), new TxMap(names, p)),
                new ChangeQueue(new TxMap(queue, p), new TxMap(qidx, p)));
        String h = head.get(fk);
        if (h != null) {
            s.decodeHeader(h);
        }
        return s;
    }

    public Optional<String> deviceValue(String user, String deviceId, String kind) {
        return Optional.ofNullable(device.get(user.toLowerCase(Locale.ROOT) + SEP + deviceId + SEP + kind));
    }

    /**
     * Writes the folders' states and the device values ({@code null} value removes) in one commit
     * and forces it to disk.
     */
    public synchronized void save(Collection<FolderState> states, String user, String deviceId,
            Map<String, String> deviceValues) {
        for (FolderState s : states) {
            head.put(folderKey(s.user(), s.device(), s.folderId()), s.flush());
        }
        if (deviceValues != null) {
            deviceValues.forEach((kind, v) -> {
                String k = user.toLowerCase(Locale.ROOT) + SEP + deviceId + SEP + kind;
                if (v == null) {
                    device.remove(k);
                } else {
                    device.put(k, v);
                }
            });
        }
        mv.commit();
        mv.sync();
    }

    /**
     * Keeps the losing side of a conflict (a {@link ConflictRecord}; the newest {@value #JOURNAL_MAX} kept) with
     * where it lived, so it can be written back.
     */
    public synchronized void journal(String user, String deviceId, String folderId, String name, String winner,
            String loserText, long timeMillis, String storeName, String collectionId, String winnerSummary) {
        journal.put(String.format("%019d", ++journalSeq), new ConflictRecord(user, deviceId, folderId, name, winner,
                loserText == null ? "" : loserText, timeMillis, storeName, collectionId,
                winnerSummary == null ? "" : winnerSummary).encode());
        while (journal.size() > JOURNAL_MAX) {
            journal.remove(journal.firstKey());
        }
    }

    /** The key after the last of a map of the safety nets (zero-padded, so in time order). */
    static String nextKey(MVMap<String, String> m) {
        String last = m.lastKey();
        return String.format("%019d", last == null ? 1 : Long.parseLong(last) + 1);
    }

    public int journalSize() {
        return journal.size();
    }

    MVMap<String, String> journalMap() {
        return journal;
    }

    /** Commits what the safety nets wrote outside a request (not forced to disk: the next save is). */
    synchronized void commit() {
        if (!mv.isClosed()) {
            mv.commit();
        }
    }

    /**
     * Forgets every folder of a device and its cached Sync request and response (the partnership was
     * removed). The safety nets' journal, recycle bin and held deletions stay: they are about the
     * store's items, and the user may still restore or decide them.
     */
    public synchronized void forget(String user, String deviceId) {
        String p = user.toLowerCase(Locale.ROOT) + SEP + deviceId + SEP;
        int n = 0;
        for (MVMap<String, String> m : perDevice()) {
            java.util.List<String> ks = keysOf(m, p);
            ks.forEach(m::remove);
            n += ks.size();
        }
        mv.commit();
        mv.sync();
        LOG.debug("forgot {} sync state entries of device {}", n, deviceId);
    }

    /**
     * Forgets the state of every device {@code known} (lower-cased user name, device id) says the
     * registry does not have: left behind by removals before {@link #forget} existed, or by a crash
     * between a removal and its forget. Only unknown devices go; a known device keeps its state however
     * long ago it synced. Returns how many devices were swept.
     */
    public synchronized int sweep(java.util.function.BiPredicate<String, String> known) {
        java.util.Set<String> devices = new java.util.LinkedHashSet<>();
        for (MVMap<String, String> m : perDevice()) {
            // one step per device, not per entry: jump past the device's keys ("user\0device\0...")
            String k = m.firstKey();
            while (k != null) {
                int a = k.indexOf(SEP);
                int b = a < 0 ? -1 : k.indexOf(SEP, a + 1);
                if (b < 0) {
                    k = m.higherKey(k); // not a per-device key: nothing to take from it
                    continue;
                }
                String ud = k.substring(0, b);
                devices.add(ud);
                k = m.ceilingKey(ud + '\u0001');
            }
        }
        int swept = 0;
        for (String ud : devices) {
            int a = ud.indexOf(SEP);
            String user = ud.substring(0, a);
            String deviceId = ud.substring(a + 1);
            if (!known.test(user, deviceId)) {
                forget(user, deviceId);
                swept++;
            }
        }
        if (swept > 0) {
            LOG.info("swept the sync state of {} devices the registry no longer knows ({} kept)", swept,
                    devices.size() - swept);
        } else {
            LOG.debug("no sync state of unknown devices to sweep ({} devices)", devices.size());
        }
        return swept;
    }

    /** How many entries the device has in the per-device maps (for tests). */
    synchronized int entriesOf(String user, String deviceId) {
        String p = user.toLowerCase(Locale.ROOT) + SEP + deviceId + SEP;
        int n = 0;
        for (MVMap<String, String> m : perDevice()) {
            n += keysOf(m, p).size();
        }
        return n;
    }

    private java.util.List<MVMap<String, String>> perDevice() {
        return java.util.List.of(head, items, names, queue, qidx, device);
    }

    private static java.util.List<String> keysOf(MVMap<String, String> m, String prefix) {
        java.util.List<String> ks = new java.util.ArrayList<>();
        Cursor<String, String> c = m.cursor(prefix);
        while (c.hasNext()) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            ks.add(k);
        }
        return ks;
    }
}
