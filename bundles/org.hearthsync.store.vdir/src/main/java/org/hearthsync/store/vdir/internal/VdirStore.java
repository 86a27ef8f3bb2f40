package org.hearthsync.store.vdir.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.StoreException.InvalidSyncToken;
import org.hearthsync.api.store.StoreException.NotFound;
import org.hearthsync.api.store.StoreException.PreconditionFailed;
import org.hearthsync.pim.files.PimText;
import org.hearthsync.api.store.StoreException.Unavailable;
import org.hearthsync.api.store.StoreException.Unsupported;
import org.hearthsync.api.store.Write;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.api.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store on a vdir: one folder per collection under a root, one {@code .vcf} or {@code .ics} file per
 * item, {@code displayname} and {@code color} files in each folder (the layout of vdirsyncer, khal,
 * khard and todoman). Usable without OSGi.
 *
 * <p><b>Collections.</b> A folder holding {@code .vcf} files is an address book; any other folder is
 * an iCalendar folder whose main class comes from a {@code hearth-dataclass} file (written when Hearth
 * creates the folder), else from the majority of its items (settled then, and remembered), else
 * Calendar while it is empty. Its main view has the folder's name as id. Items of another
 * iCalendar kind in the same folder (the VTODOs khal and todoman keep beside VEVENTs) form an extra
 * view with id {@code folder#tasks} ({@code #calendar}, {@code #notes}) while there are any: nothing
 * in a folder is ever hidden, and a phone sees a khal calendar's tasks in its task list.
 *
 * <p><b>vNotes.</b> A {@code .vnt} file in an iCalendar folder is a note ({@link VNotes}): served as a VJOURNAL,
 * written back as a vNote changed only where the edit changed it. A file the store does not take (another
 * kind of file, a vCard among events, a file holding no event, task or note, a .vnt holding several notes) is
 * named with the reason by {@link #notTaken()} and logged once.
 *
 * <p><b>Etags</b> are 128 bits of the SHA-256 of the file's bytes: they change with every content
 * change, whoever makes it, and {@link #get} recomputes them from the bytes it returns.
 *
 * <p><b>Tokens and change listing.</b> An in-memory index per folder holds each item's etag, kind and
 * file attributes (size, mtime, inode), and a log of one entry per name (its latest change, with a
 * folder revision). A token is {@code storeEpoch.folderEpoch.<kind letter><revision>}; listing changes
 * reads the log after the revision. The index is persisted to a state file (atomically; in the
 * background and at close), and a token is only handed out once the state file holds its revision, so
 * tokens stay valid across restarts and crashes. At start the state is loaded and every folder is
 * compared with it (attributes first, content hash where they differ or are too recent to vouch for the content:
 * {@link FolderIndex.Item#RACY_MILLIS}): what changed while Hearth was
 * not running gets new revisions. A damaged or missing state file gives a new store epoch: every old
 * token is invalid and devices resync.
 *
 * <p><b>Writes</b> go to a hidden temporary file that is forced to disk and renamed over the item
 * (link(2) for creates, so an item another program created meanwhile is never overwritten), then the
 * folder is forced. Conditions are checked under the folder's lock against a fresh look at the file.
 *
 * <p><b>Other programs' edits</b> are noticed by {@link ChangeWatcher} and announced through the
 * {@link Listener}, as are this store's own changes.
 */
public final class VdirStore implements PimStore, AutoCloseable {

    /** Told after a change is on disk. */
    public interface Listener {
        Listener NONE = new Listener() {
            @Override
            public void collectionChanged(String collectionId) {
            }

            @Override
            public void hierarchyChanged() {
            }
        };

        void collectionChanged(String collectionId);

        void hierarchyChanged();
    }

    /**
     * How the store behaves.
     *
     * @param rescanInterval     full rescan for changes the watch service missed
     * @param maxItemBytes       larger item files are ignored and larger writes refused
     * @param createDefaults     create contacts, calendar, tasks and notes folders in an empty root
     * @param maxTombstones      deletions remembered per folder
     * @param tombstoneRetention how long deletions are remembered
     * @param storeName          names the threads
     */
    public record Options(Duration rescanInterval, int maxItemBytes, boolean createDefaults, int maxTombstones,
            Duration tombstoneRetention, String storeName) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(60), 16 * 1024 * 1024, true, 100_000, Duration.ofDays(90), "vdir");
        }

        public Options withRescanInterval(Duration interval) {
            return new Options(interval, maxItemBytes, createDefaults, maxTombstones, tombstoneRetention, storeName);
        }

        public Options withCreateDefaults(boolean create) {
            return new Options(rescanInterval, maxItemBytes, create, maxTombstones, tombstoneRetention, storeName);
        }
    }

    /** Metadata file naming a folder's class (contacts, calendar, tasks, notes). */
    static final String CLASS_FILE = "hearth-dataclass";
    static final String DISPLAYNAME_FILE = "displayname";
    static final String COLOR_FILE = "color";
    private static final Set<String> METADATA = Set.of(CLASS_FILE, DISPLAYNAME_FILE, COLOR_FILE);
    private static final Duration DEBOUNCE = Duration.ofMillis(100);
    private static final Duration PERSIST_DELAY = Duration.ofSeconds(2);
    private static final int MAX_NAME_BYTES = 255;
    private static final int MAX_DISPLAY_NAME = 256;
    private static final Map<DataClass, String> SUFFIX = new EnumMap<>(Map.of(DataClass.CONTACTS, "contacts",
            DataClass.CALENDAR, "calendar", DataClass.TASKS, "tasks", DataClass.NOTES, "notes"));
    private static final Map<DataClass, Character> LETTER = new EnumMap<>(Map.of(DataClass.CONTACTS, 'C',
            DataClass.CALENDAR, 'E', DataClass.TASKS, 'T', DataClass.NOTES, 'J'));

    private static final Logger LOG = LoggerFactory.getLogger(VdirStore.class);

    private final Path root;
    private final Path stateFile;
    private final Options options;
    private final Listener listener;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, FolderIndex> folders = new ConcurrentHashMap<>();
    private final Object hierarchyLock = new Object();
    private final Object persistLock = new Object();
    private final AtomicBoolean persistScheduled = new AtomicBoolean();
    private String storeEpoch;
    private ChangeWatcher watcher;
    private volatile boolean closed;

    private record View(FolderIndex folder, DataClass kind) {
    }

    /** What a folder operation changed, to announce once its lock is released. */
    private record Outcome(FolderIndex folder, int kinds, boolean hierarchy) {
        static final Outcome NONE = new Outcome(null, 0, false);

        Outcome plus(Outcome other) {
            if (other == null || other.folder == null) {
                return this;
            }
            return new Outcome(other.folder, kinds | other.kinds, hierarchy || other.hierarchy);
        }
    }

    private VdirStore(Path root, Path stateFile, Options options, Listener listener) {
        this.root = root;
        this.stateFile = stateFile;
        this.options = options;
        this.listener = listener == null ? Listener.NONE : listener;
    }

    /**
     * Opens the vdir at {@code root} (creating it, with the standard folders if it is empty and
     * {@link Options#createDefaults}), with its index persisted in {@code stateFile}.
     */
    public static VdirStore open(Path root, Path stateFile, Options options, Listener listener) throws StoreException {
        Path absRoot = root.toAbsolutePath().normalize();
        VdirStore store = new VdirStore(absRoot, stateFile.toAbsolutePath().normalize(), options, listener);
        try {
            Files.createDirectories(absRoot);
            store.start();
        } catch (IOException e) {
            throw new Unavailable("Cannot open the vdir " + absRoot + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void start() throws IOException {
        if (options.createDefaults() && subfolders().isEmpty()) {
            for (DataClass dc : DataClass.values()) {
                Path dir = root.resolve(SUFFIX.get(dc));
                Files.createDirectories(dir);
                ItemFiles.writeMetadata(dir.resolve(CLASS_FILE), SUFFIX.get(dc));
                ItemFiles.writeMetadata(dir.resolve(DISPLAYNAME_FILE), dc.easName());
            }
            LOG.debug("Created the standard folders in the empty vdir {}", root);
        }
        StateFile.State state = null;
        try {
            state = StateFile.read(stateFile);
        } catch (IOException e) {
            LOG.warn("The vdir state file {} is unreadable ({}); starting afresh, devices will resync", stateFile,
                    e.getMessage());
        }
        storeEpoch = state == null ? ItemFiles.randomHex(4) : state.storeEpoch();
        if (state != null) {
            for (StateFile.FolderState fs : state.folders()) {
                FolderIndex f = new FolderIndex(fs.name(), fs.epoch());
                f.primary = fs.primary();
                f.settled = fs.settled();
                f.revision = fs.revision();
                f.minRevision = fs.minRevision();
                f.restore(fs.items(), fs.entries());
                f.persistedRevision = fs.revision();
                folders.put(fs.name(), f);
            }
        }
        scanHierarchy(false);
        persist();
        watcher = new ChangeWatcher(root, options.storeName(), options.rescanInterval(), DEBOUNCE,
                new ChangeWatcher.Target() {
                    @Override
                    public void refresh(String folder, Set<String> files) {
                        refreshFromWatcher(folder, files);
                    }

                    @Override
                    public void rescanHierarchy() {
                        scanHierarchy(true);
                    }

                    @Override
                    public void rescanAll() {
                        scanHierarchy(true);
                        for (FolderIndex f : folders.values()) {
                            announce(withLock(f, () -> scanFolder(f)));
                        }
                    }
                });
        folders.keySet().forEach(watcher::register);
        LOG.debug("Opened vdir {} ({} folders, state {})", root, folders.size(), stateFile);
    }

    Path root() {
        return root;
    }

    // ------------------------------------------------------------------ scanning

    private List<String> subfolders() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isDirectory(p)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Adds folders that appeared, drops those that went, scans the new ones. */
    private void scanHierarchy(boolean notify) {
        boolean changed = false;
        List<FolderIndex> added = new ArrayList<>();
        synchronized (hierarchyLock) {
            List<String> present;
            try {
                present = subfolders();
            } catch (IOException e) {
                LOG.warn("Cannot list the vdir {}: {}", root, e.getMessage());
                return;
            }
            for (String name : present) {
                if (!folders.containsKey(name)) {
                    FolderIndex f = new FolderIndex(name, ItemFiles.randomHex(4));
                    folders.put(name, f);
                    added.add(f);
                    changed = true;
                }
            }
            for (String name : new ArrayList<>(folders.keySet())) {
                if (!present.contains(name)) {
                    folders.remove(name);
                    if (watcher != null) {
                        watcher.cancel(name);
                    }
                    changed = true;
                }
            }
        }
        if (!notify) {
            // first start: scan everything quietly
            for (FolderIndex f : folders.values()) {
                withLock(f, () -> scanFolder(f));
            }
            return;
        }
        for (FolderIndex f : added) {
            if (watcher != null) {
                watcher.register(f.name);
            }
            withLock(f, () -> scanFolder(f));
        }
        if (changed) {
            LOG.debug("Folders of vdir {} changed", root);
            schedulePersist();
            listener.hierarchyChanged();
        }
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T withLock(FolderIndex f, Locked<T> action) {
        f.lock.lock();
        try {
            return action.run();
        } catch (IOException e) {
            LOG.debug("Scanning folder {} failed: {}", f.name, e.getMessage());
            return null;
        } finally {
            f.lock.unlock();
        }
    }

    /** Compares a whole folder with the index; call with its lock held. */
    private Outcome scanFolder(FolderIndex f) throws IOException {
        long lookedAt = clock.millis(); // before any attribute or byte is read: see FolderIndex.Item.RACY_MILLIS
        Path dir = root.resolve(f.name);
        if (!Files.isDirectory(dir)) {
            return Outcome.NONE;
        }
        boolean hierarchy = readMetadata(f, dir);
        Map<String, BasicFileAttributes> vcf = new HashMap<>();
        Map<String, BasicFileAttributes> ics = new HashMap<>();
        Map<String, String> notTaken = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(".") || METADATA.contains(name)) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (!attrs.isRegularFile()) {
                    continue;
                }
                if (lower.endsWith(".vcf")) {
                    vcf.put(name, attrs);
                } else if (lower.endsWith(".ics") || VNotes.isVnt(name)) {
                    ics.put(name, attrs); // a vNote is a note, kept in iCalendar folders
                } else {
                    notTaken.put(name, "not a .vcf, .ics or .vnt file");
                }
            }
        }
        DataClass before = f.primary;
        int extraBefore = f.extraKinds();
        if (!f.settled) {
            if (!vcf.isEmpty() && vcf.size() >= ics.size()) {
                f.primary = DataClass.CONTACTS;
                f.settled = true;
            } else if (f.primary == null || f.primary == DataClass.CONTACTS) {
                f.primary = DataClass.CALENDAR;
            }
        }
        boolean contacts = f.primary == DataClass.CONTACTS;
        Map<String, BasicFileAttributes> files = contacts ? vcf : ics;
        (contacts ? ics : vcf).keySet().forEach(n -> notTaken.put(n,
                contacts ? "an iCalendar or vNote file in an address book" : "a vCard in a calendar folder"));
        Map<String, byte[]> changedContent = new TreeMap<>();
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, BasicFileAttributes> e : files.entrySet()) {
            BasicFileAttributes a = e.getValue();
            FolderIndex.Item item = f.items.get(e.getKey());
            if (item != null && item.sameFile(a.size(), a.lastModifiedTime().toMillis(), ItemFiles.fileKey(a))) {
                continue;
            }
            FolderIndex.Item refused = f.refusedFiles.get(e.getKey());
            if (item == null && refused != null && refused.sameFile(a.size(), a.lastModifiedTime().toMillis(), ItemFiles.fileKey(a))) {
                continue; // left out for its content, unchanged since
            }
            if (a.size() > options.maxItemBytes()) {
                LOG.debug("Ignoring {} in {}: larger than {} bytes", e.getKey(), f.name, options.maxItemBytes());
                notTaken.put(e.getKey(), "larger than " + options.maxItemBytes() + " bytes");
                continue;
            }
            try {
                changedContent.put(e.getKey(), Files.readAllBytes(dir.resolve(e.getKey())));
            } catch (NoSuchFileException e2) {
                gone.add(e.getKey());
            }
        }
        gone.forEach(files::remove);
        if (!f.settled && f.primary != DataClass.CONTACTS && (!changedContent.isEmpty() || !f.items.isEmpty())) {
            settleByMajority(f, changedContent);
        }
        int kinds = 0;
        long now = clock.millis();
        for (Map.Entry<String, byte[]> e : changedContent.entrySet()) {
            BasicFileAttributes a = files.get(e.getKey());
            kinds |= apply(f, e.getKey(), e.getValue(), a, lookedAt);
        }
        for (String name : new ArrayList<>(f.items.keySet())) {
            if (!files.containsKey(name)) {
                kinds |= f.record(name, null, now);
            }
        }
        if (kinds != 0) {
            f.pruneTombstones(options.maxTombstones(), now - options.tombstoneRetention().toMillis());
        }
        f.refusedFiles.keySet().removeIf(n -> !files.containsKey(n) || f.items.containsKey(n));
        f.refusedReasons.keySet().retainAll(f.refusedFiles.keySet());
        notTaken.putAll(f.refusedReasons);
        noteNotTaken(f, notTaken);
        hierarchy |= before != f.primary || extraBefore != f.extraKinds();
        return new Outcome(f, kinds, hierarchy);
    }

    /** Replaces the folder's list of files it does not take, telling once about each new one. */
    private void noteNotTaken(FolderIndex f, Map<String, String> notTaken) {
        notTaken.forEach((name, reason) -> {
            if (!reason.equals(f.notTaken.get(name))) {
                LOG.info("The vdir file {}/{} is not taken: {}", f.name, name, reason);
            }
        });
        f.notTaken = notTaken;
    }

    /**
     * The files of the vdir that are not items, by folder (the id of the folder's collection), each file with the reason
     * (another kind of file, a vCard in a calendar folder, a file holding no event, task or note, a .vnt holding several
     * notes, a file over the size limit). Sorted, so the console lists them in a stable order.
     */
    @Override
    public Map<String, Map<String, String>> notTaken() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (FolderIndex f : folders.values()) {
            f.lock.lock();
            try {
                if (!f.notTaken.isEmpty()) {
                    out.put(f.name, Collections.unmodifiableMap(new TreeMap<>(f.notTaken)));
                }
            } finally {
                f.lock.unlock();
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Records one file's new content (or only its new attributes if the content is the same), read with attributes
     * {@code a} after {@code lookedAt}.
     */
    private int apply(FolderIndex f, String name, byte[] content, BasicFileAttributes a, long lookedAt) {
        String etag = ItemFiles.etag(content);
        FolderIndex.Item old = f.items.get(name);
        DataClass kind = kindOf(f, content);
        FolderIndex.Item item = FolderIndex.Item.seen(etag, kind, a, lookedAt);
        String refused = f.primary == DataClass.CONTACTS ? null
                : VNotes.isVnt(name) ? VNotes.notTaken(PimText.decode(content)) : ItemFiles.notAnItem(PimText.decode(content));
        if (refused != null) {
            f.refusedFiles.put(name, item);
            f.refusedReasons.put(name, refused);
            if (!refused.equals(f.notTaken.get(name))) {
                LOG.info("The vdir file {}/{} is not taken: {}", f.name, name, refused);
                f.notTaken.put(name, refused);
            }
            return old == null ? 0 : f.record(name, null, clock.millis());
        }
        f.refusedFiles.remove(name);
        f.refusedReasons.remove(name);
        f.notTaken.remove(name);
        if (old != null && old.etag().equals(etag) && old.kind() == kind) {
            f.refreshAttributes(name, item);
            return 0;
        }
        return f.record(name, item, clock.millis());
    }

    private static DataClass kindOf(FolderIndex f, byte[] content) {
        if (f.primary == DataClass.CONTACTS) {
            return DataClass.CONTACTS;
        }
        DataClass kind = ItemFiles.kindOf(PimText.decode(content), f.primary);
        return kind == DataClass.CONTACTS ? f.primary : kind;
    }

    /** Settles an iCalendar folder's main class by the kinds most of its items have. */
    private static void settleByMajority(FolderIndex f, Map<String, byte[]> changedContent) {
        int[] counts = new int[DataClass.values().length];
        f.items.forEach((name, item) -> {
            if (!changedContent.containsKey(name)) {
                counts[item.kind().ordinal()]++;
            }
        });
        changedContent.values().forEach(c -> counts[ItemFiles.kindOf(PimText.decode(c),
                DataClass.CALENDAR).ordinal()]++);
        counts[DataClass.CONTACTS.ordinal()] = 0;
        DataClass best = DataClass.CALENDAR;
        for (DataClass dc : DataClass.values()) {
            if (counts[dc.ordinal()] > counts[best.ordinal()]) {
                best = dc;
            }
        }
        f.primary = best;
        f.settled = true;
    }

    /** Reads displayname, color and the class file; true if what the phone sees of the folder changed. */
    private static boolean readMetadata(FolderIndex f, Path dir) {
        String displayName = ItemFiles.readMetadata(dir.resolve(DISPLAYNAME_FILE));
        if (displayName != null && displayName.length() > MAX_DISPLAY_NAME) {
            displayName = displayName.substring(0, MAX_DISPLAY_NAME);
        }
        String color = ItemFiles.readMetadata(dir.resolve(COLOR_FILE));
        DataClass marked = classOf(ItemFiles.readMetadata(dir.resolve(CLASS_FILE)));
        boolean changed = !Objects.equals(displayName, f.displayName) || !Objects.equals(color, f.color)
                || f.marked != (marked != null);
        f.marked = marked != null;
        f.displayName = displayName;
        f.color = color;
        if (marked != null && (marked != f.primary || !f.settled)) {
            changed |= marked != f.primary;
            f.primary = marked;
            f.settled = true;
        }
        return changed;
    }

    private static DataClass classOf(String value) {
        if (value == null) {
            return null;
        }
        String v = value.toLowerCase(Locale.ROOT);
        for (Map.Entry<DataClass, String> e : SUFFIX.entrySet()) {
            if (e.getValue().equals(v) || e.getKey().name().equalsIgnoreCase(v)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Re-reads one item file; call with the folder's lock held. */
    private Outcome refreshOne(FolderIndex f, String name) throws IOException {
        long lookedAt = clock.millis(); // before the attributes and bytes are read: see FolderIndex.Item.RACY_MILLIS
        Path file = root.resolve(f.name).resolve(name);
        FolderIndex.Item item = f.items.get(name);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() && !a.isSymbolicLink()) {
                a = null;
            } else if (a.isSymbolicLink()) {
                a = Files.readAttributes(file, BasicFileAttributes.class);
            }
        } catch (NoSuchFileException e) {
            a = null;
        }
        int extraBefore = f.extraKinds();
        int kinds;
        if (a == null || a.size() > options.maxItemBytes()) {
            kinds = item == null ? 0 : f.record(name, null, clock.millis());
        } else if (item != null && item.sameFile(a.size(), a.lastModifiedTime().toMillis(), ItemFiles.fileKey(a))) {
            kinds = 0;
        } else {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return refreshOne(f, name);
            }
            kinds = apply(f, name, content, a, lookedAt);
        }
        return new Outcome(f, kinds, extraBefore != f.extraKinds());
    }

    private void refreshFromWatcher(String folder, Set<String> files) {
        FolderIndex f = folders.get(folder);
        if (f == null) {
            scanHierarchy(true);
            return;
        }
        Outcome outcome = withLock(f, () -> {
            if (files == null || files.contains(DISPLAYNAME_FILE) || files.contains(COLOR_FILE)
                    || files.contains(CLASS_FILE) || !f.settled) {
                return scanFolder(f);
            }
            Outcome o = Outcome.NONE;
            for (String name : files) {
                if (isItemName(f, name)) {
                    o = o.plus(refreshOne(f, name));
                }
            }
            return o;
        });
        announce(outcome);
    }

    private static boolean isItemName(FolderIndex f, String name) {
        return !name.startsWith(".") && (name.toLowerCase(Locale.ROOT).endsWith(extension(f.primary))
                || (f.primary != DataClass.CONTACTS && VNotes.isVnt(name)));
    }

    private static String extension(DataClass primary) {
        return primary == DataClass.CONTACTS ? ".vcf" : ".ics";
    }

    /** Tells the listener, after the lock is released; schedules persisting the index. */
    private void announce(Outcome o) {
        if (o == null || o.folder == null || (o.kinds == 0 && !o.hierarchy)) {
            return;
        }
        schedulePersist();
        if (o.hierarchy) {
            listener.hierarchyChanged();
        }
        for (DataClass kind : DataClass.values()) {
            if ((o.kinds & FolderIndex.bit(kind)) != 0) {
                listener.collectionChanged(viewId(o.folder, kind));
            }
        }
    }

    // ------------------------------------------------------------------ persistence

    private void schedulePersist() {
        ChangeWatcher w = watcher;
        if (w != null && persistScheduled.compareAndSet(false, true)) {
            w.schedule(() -> {
                persistScheduled.set(false);
                try {
                    persist();
                } catch (IOException e) {
                    LOG.warn("Cannot write the vdir state file {}: {}", stateFile, e.getMessage());
                }
            }, PERSIST_DELAY);
        }
    }

    /** Writes the index of every folder to the state file. */
    private void persist() throws IOException {
        synchronized (persistLock) {
            List<StateFile.FolderState> states = new ArrayList<>();
            Map<FolderIndex, Long> revisions = new HashMap<>();
            for (FolderIndex f : folders.values()) {
                f.lock.lock();
                try {
                    states.add(new StateFile.FolderState(f.name, f.epoch, f.primary, f.settled, f.revision,
                            f.minRevision, f.itemsCopy(), f.entriesCopy()));
                    revisions.put(f, f.revision);
                } finally {
                    f.lock.unlock();
                }
            }
            StateFile.write(stateFile, new StateFile.State(storeEpoch, states));
            revisions.forEach((f, rev) -> {
                f.lock.lock();
                try {
                    f.persistedRevision = Math.max(f.persistedRevision, rev);
                } finally {
                    f.lock.unlock();
                }
            });
        }
    }

    /** Makes sure the state file holds revision {@code revision} of {@code f} before a token naming it leaves. */
    private void ensurePersisted(FolderIndex f, long revision) throws Unavailable {
        f.lock.lock();
        boolean needed;
        try {
            needed = f.persistedRevision < revision;
        } finally {
            f.lock.unlock();
        }
        if (needed) {
            try {
                persist();
            } catch (IOException e) {
                throw unavailable("Cannot write the vdir state file", e);
            }
        }
    }

    // ------------------------------------------------------------------ views

    private static String viewId(FolderIndex f, DataClass kind) {
        return kind == f.primary ? f.name : f.name + "#" + SUFFIX.get(kind);
    }

    private View view(String collectionId) throws StoreException {
        Objects.requireNonNull(collectionId, "collectionId");
        checkOpen();
        FolderIndex f = folders.get(collectionId);
        if (f != null) {
            return new View(f, primary(f));
        }
        int hash = collectionId.lastIndexOf('#');
        if (hash > 0) {
            DataClass kind = classOf(collectionId.substring(hash + 1));
            f = folders.get(collectionId.substring(0, hash));
            if (kind != null && f != null) {
                f.lock.lock();
                try {
                    if (kind != DataClass.CONTACTS && f.primary != DataClass.CONTACTS
                            && (f.extraKinds() & FolderIndex.bit(kind)) != 0) {
                        return new View(f, kind);
                    }
                } finally {
                    f.lock.unlock();
                }
            }
        }
        throw new NotFound("No collection " + collectionId);
    }

    private static DataClass primary(FolderIndex f) {
        f.lock.lock();
        try {
            return f.primary == null ? DataClass.CALENDAR : f.primary;
        } finally {
            f.lock.unlock();
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public List<CollectionInfo> collections() throws StoreException {
        checkOpen();
        List<FolderIndex> sorted = new ArrayList<>(folders.values());
        sorted.sort(Comparator.comparing(f -> f.name));
        record Entry(String id, String displayName, DataClass dataClass, String color) {
        }
        List<Entry> entries = new ArrayList<>();
        for (FolderIndex f : sorted) {
            f.lock.lock();
            try {
                DataClass primary = f.primary == null ? DataClass.CALENDAR : f.primary;
                String name = f.displayName == null ? f.name : f.displayName;
                entries.add(new Entry(f.name, name, primary, f.color));
                int extra = f.extraKinds();
                for (DataClass kind : DataClass.values()) {
                    if ((extra & FolderIndex.bit(kind)) != 0 && kind != DataClass.CONTACTS && primary != DataClass.CONTACTS) {
                        entries.add(new Entry(viewId(f, kind), name, kind, f.color));
                    }
                }
            } finally {
                f.lock.unlock();
            }
        }
        Map<DataClass, String> defaults = new EnumMap<>(DataClass.class);
        for (Entry e : entries) {
            if (e.id().equals(SUFFIX.get(e.dataClass()))) {
                defaults.put(e.dataClass(), e.id());
            }
        }
        for (Entry e : entries) {
            defaults.putIfAbsent(e.dataClass(), e.id());
        }
        List<CollectionInfo> result = new ArrayList<>();
        for (Entry e : entries) {
            result.add(new CollectionInfo(e.id(), e.displayName(), e.dataClass(), e.color(),
                    e.id().equals(defaults.get(e.dataClass()))));
        }
        return result;
    }

    @Override
    public List<ResourceRef> list(String collectionId) throws StoreException {
        View v = view(collectionId);
        v.folder.lock.lock();
        try {
            return v.folder.refs(v.kind);
        } finally {
            v.folder.lock.unlock();
        }
    }

    @Override
    public Optional<Resource> get(String collectionId, String name) throws StoreException {
        Objects.requireNonNull(name, "name");
        View v = view(collectionId);
        return Optional.ofNullable(read(v, name));
    }

    @Override
    public Map<String, Resource> getAll(String collectionId, Collection<String> names) throws StoreException {
        Objects.requireNonNull(names, "names");
        View v = view(collectionId);
        Map<String, Resource> result = new LinkedHashMap<>();
        for (String name : names) {
            Resource r = read(v, name);
            if (r != null) {
                result.put(name, r);
            }
        }
        return result;
    }

    /** Reads an item from disk; if it differs from the index (another program's edit not seen yet), records that. */
    private Resource read(View v, String name) throws StoreException {
        if (!validName(name)) {
            return null;
        }
        FolderIndex f = v.folder;
        Path file = root.resolve(f.name).resolve(name);
        for (int attempt = 0; attempt < 5; attempt++) {
            byte[] content = null;
            try {
                if (Files.size(file) <= options.maxItemBytes()) {
                    content = Files.readAllBytes(file);
                }
            } catch (NoSuchFileException e) {
                content = null;
            } catch (IOException e) {
                throw unavailable("Cannot read an item of " + f.name, e);
            }
            String etag = content == null ? null : ItemFiles.etag(content);
            FolderIndex.Item item = indexed(f, name);
            if (item == null && content == null) {
                return null;
            }
            if (item == null || content == null || !item.etag().equals(etag)) {
                announce(withLock(f, () -> refreshOne(f, name)));
                item = indexed(f, name);
                if (item == null && content == null) {
                    return null;
                }
                if (item == null || content == null || !item.etag().equals(etag)) {
                    continue; // changed again meanwhile: read again
                }
            }
            if (item.kind() != v.kind) {
                return null;
            }
            if (VNotes.isVnt(name)) {
                return new Resource(name, etag, VNotes.asCalendar(content, VNotes.uid(f.name, name)));
            }
            return new Resource(name, etag, PimText.decode(content));
        }
        throw new Unavailable("An item of " + f.name + " keeps changing while being read", null);
    }

    private static FolderIndex.Item indexed(FolderIndex f, String name) {
        f.lock.lock();
        try {
            return f.items.get(name);
        } finally {
            f.lock.unlock();
        }
    }

    @Override
    public String syncToken(String collectionId) throws StoreException {
        View v = view(collectionId);
        long revision;
        v.folder.lock.lock();
        try {
            revision = v.folder.revision;
        } finally {
            v.folder.lock.unlock();
        }
        ensurePersisted(v.folder, revision);
        return token(v, revision);
    }

    @Override
    public ChangeSet changesSince(String collectionId, String token) throws StoreException {
        View v = view(collectionId);
        FolderIndex f = v.folder;
        List<ResourceRef> changed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        long revision;
        f.lock.lock();
        try {
            if (token == null) {
                changed.addAll(f.refs(v.kind));
            } else {
                f.changesSince(v.kind, parseToken(v, token), changed, deleted);
            }
            revision = f.revision;
        } finally {
            f.lock.unlock();
        }
        ensurePersisted(f, revision);
        return new ChangeSet(token(v, revision), changed, deleted);
    }

    private String token(View v, long revision) {
        return storeEpoch + "." + v.folder.epoch + "." + LETTER.get(v.kind) + revision;
    }

    /** The revision a token names; call with the folder's lock held. */
    private long parseToken(View v, String token) throws InvalidSyncToken {
        String prefix = storeEpoch + "." + v.folder.epoch + "." + LETTER.get(v.kind);
        if (!token.startsWith(prefix) || token.length() > prefix.length() + 18 || token.length() == prefix.length()) {
            throw new InvalidSyncToken("Sync token is not from this collection of this store");
        }
        long revision = 0;
        for (int i = prefix.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidSyncToken("Malformed sync token");
            }
            revision = revision * 10 + (c - '0');
        }
        if (revision > v.folder.revision) {
            throw new InvalidSyncToken("Sync token names a revision this collection never had");
        }
        if (revision < v.folder.minRevision) {
            throw new InvalidSyncToken("Sync token has expired: deletions since then were forgotten");
        }
        return revision;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public String put(String collectionId, String name, String content, WriteCondition condition) throws StoreException {
        return putAll(collectionId, List.of(new Write(name, content, condition))).get(0).etagOrThrow();
    }

    /**
     * Each item as {@link #put} writes it (a temporary file forced to disk, then renamed or linked into
     * place, so a crash leaves the old or the new file), but the folder is forced once for the batch,
     * before the lock is released and anyone is told.
     */
    @Override
    public List<WriteResult> putAll(String collectionId, List<Write> writes) throws StoreException {
        Objects.requireNonNull(writes, "writes");
        View v = view(collectionId);
        for (Write w : writes) {
            checkItemName(v, w.name());
        }
        FolderIndex f = v.folder;
        Path dir = root.resolve(f.name);
        List<WriteResult> results = new ArrayList<>(writes.size());
        Outcome outcome = Outcome.NONE;
        boolean moved = false;
        f.lock.lock();
        try {
            checkOpen();
            if (folders.get(f.name) != f) {
                throw new NotFound("No collection " + collectionId);
            }
            for (Write w : writes) {
                outcome = outcome.plus(refreshOne(f, w.name()));
                byte[] bytes = ItemFiles.utf8(w.content());
                if (VNotes.isVnt(w.name())) {
                    Path file = dir.resolve(w.name());
                    byte[] original = f.items.containsKey(w.name()) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
                    VNotes.Written note = VNotes.write(original, w.content(), VNotes.uid(f.name, w.name()));
                    if (note.bytes() == null) {
                        StoreException failure = checkWrite(f, dir, w, bytes.length);
                        if (failure == null) {
                            Write beside = new Write(besideName(f, dir, w.name()), w.content(), WriteCondition.create());
                            BasicFileAttributes a = writeFile(dir, beside, bytes);
                            moved = true;
                            outcome = outcome.plus(recordWrite(f, beside.name(), bytes, a));
                            failure = new Unsupported(w.name() + " is kept as it was: a vNote has no place for "
                                    + String.join(", ", note.lost()) + "; the edit is stored beside it as " + beside.name());
                            LOG.info("In the vdir folder {}: {}", f.name, failure.getMessage());
                        }
                        results.add(WriteResult.failed(w.name(), failure));
                        continue;
                    }
                    bytes = note.bytes(); // the file in its own form, changed where the edit changed it
                }
                String etag = ItemFiles.etag(bytes);
                StoreException failure = checkWrite(f, dir, w, bytes.length);
                FolderIndex.Item current = f.items.get(w.name());
                if (failure == null && (current == null || !current.etag().equals(etag))) {
                    BasicFileAttributes a = null;
                    try {
                        a = writeFile(dir, w, bytes);
                    } catch (PreconditionFailed e) {
                        failure = e;
                    }
                    if (a != null) {
                        moved = true;
                        outcome = outcome.plus(recordWrite(f, w.name(), bytes, a));
                    }
                } // else the same content: nothing to write or announce
                results.add(failure == null ? WriteResult.written(w.name(), etag) : WriteResult.failed(w.name(), failure));
            }
        } catch (IOException e) {
            throw unavailable("Cannot write an item of " + f.name, e);
        } finally {
            if (moved) {
                ItemFiles.syncDirectory(dir); // also after a failure: what was renamed is in the index
            }
            f.lock.unlock();
            announce(outcome);
        }
        return results;
    }

    /** Records an item this store wrote; call with the folder's lock held. */
    private Outcome recordWrite(FolderIndex f, String name, byte[] bytes, BasicFileAttributes a) {
        int extraBefore = f.extraKinds();
        // the bytes are known since they were written, so as of the file's own mtime: another program's edit in the
        // same timestamp step must not pass for this content (the next look reads the file again)
        int kinds = f.record(name, FolderIndex.Item.seen(ItemFiles.etag(bytes), kindOf(f, bytes), a,
                a.lastModifiedTime().toMillis()), clock.millis());
        f.pruneTombstones(options.maxTombstones(), clock.millis() - options.tombstoneRetention().toMillis());
        return new Outcome(f, kinds, extraBefore != f.extraKinds());
    }

    /** A free name beside {@code x.vnt} for an edit a vNote cannot hold: {@code x.ics}, else {@code x-2.ics} ... */
    private static String besideName(FolderIndex f, Path dir, String vnt) {
        String base = vnt.substring(0, vnt.length() - 4);
        String name = base + ".ics";
        for (int n = 2; f.items.containsKey(name) || Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS); n++) {
            name = base + "-" + n + ".ics";
        }
        return name;
    }

    /** Why {@code w} may not be written now, or {@code null}; call with the folder's lock held, after refreshOne. */
    private StoreException checkWrite(FolderIndex f, Path dir, Write w, int size) {
        if (size > options.maxItemBytes()) {
            return new StoreException.TooLarge(
                    "Item too large: " + size + " bytes, at most " + options.maxItemBytes() + " accepted");
        }
        FolderIndex.Item current = f.items.get(w.name());
        boolean exists = current != null || Files.exists(dir.resolve(w.name()), LinkOption.NOFOLLOW_LINKS);
        if (w.condition() instanceof WriteCondition.Create && exists) {
            return new PreconditionFailed("Item exists already");
        }
        if (w.condition() instanceof WriteCondition.IfMatch ifMatch
                && (current == null || !current.etag().equals(ifMatch.etag()))) {
            return new PreconditionFailed(current == null ? "Item does not exist" : "Item has changed");
        }
        return null;
    }

    /**
     * Writes one item's file into place, not yet its folder entry durable; returns the file's attributes.
     *
     * @throws PreconditionFailed if the item must be new and another program created it meanwhile
     */
    private static BasicFileAttributes writeFile(Path dir, Write w, byte[] bytes) throws IOException, PreconditionFailed {
        Path temp = ItemFiles.writeTemp(dir, bytes);
        BasicFileAttributes a = Files.readAttributes(temp, BasicFileAttributes.class);
        try {
            ItemFiles.moveIntoPlace(temp, dir.resolve(w.name()), w.condition() instanceof WriteCondition.Create);
        } catch (FileAlreadyExistsException e) {
            throw new PreconditionFailed("Item was created by another program meanwhile");
        }
        return a;
    }

    @Override
    public void delete(String collectionId, String name, WriteCondition condition) throws StoreException {
        Objects.requireNonNull(condition, "condition");
        if (condition instanceof WriteCondition.Create) {
            throw new IllegalArgumentException("create() is not a condition for delete");
        }
        View v = view(collectionId);
        checkItemName(v, name);
        FolderIndex f = v.folder;
        Path dir = root.resolve(f.name);
        Outcome outcome = Outcome.NONE;
        f.lock.lock();
        try {
            checkOpen();
            outcome = outcome.plus(refreshOne(f, name));
            FolderIndex.Item current = f.items.get(name);
            if (current == null || current.kind() != v.kind) {
                throw new NotFound("No item of that name");
            }
            if (condition instanceof WriteCondition.IfMatch ifMatch && !current.etag().equals(ifMatch.etag())) {
                throw new PreconditionFailed("Item has changed");
            }
            Files.deleteIfExists(dir.resolve(name));
            ItemFiles.syncDirectory(dir);
            int extraBefore = f.extraKinds();
            int kinds = f.record(name, null, clock.millis());
            f.pruneTombstones(options.maxTombstones(), clock.millis() - options.tombstoneRetention().toMillis());
            outcome = outcome.plus(new Outcome(f, kinds, extraBefore != f.extraKinds()));
        } catch (IOException e) {
            throw unavailable("Cannot delete an item of " + f.name, e);
        } finally {
            f.lock.unlock();
            announce(outcome);
        }
    }

    @Override
    public CollectionInfo createCollection(String displayName, DataClass dataClass) throws StoreException {
        String name = checkDisplayName(displayName);
        Objects.requireNonNull(dataClass, "dataClass");
        checkOpen();
        String id;
        synchronized (hierarchyLock) {
            do {
                id = slug(name) + "-" + ItemFiles.randomHex(3);
            } while (folders.containsKey(id) || Files.exists(root.resolve(id)));
            Path dir = root.resolve(id);
            try {
                Files.createDirectory(dir);
                ItemFiles.writeMetadata(dir.resolve(CLASS_FILE), SUFFIX.get(dataClass));
                ItemFiles.writeMetadata(dir.resolve(DISPLAYNAME_FILE), name);
                ItemFiles.syncDirectory(root);
            } catch (IOException e) {
                throw unavailable("Cannot create a collection folder", e);
            }
            FolderIndex f = new FolderIndex(id, ItemFiles.randomHex(4));
            f.primary = dataClass;
            f.settled = true;
            f.marked = true;
            f.displayName = name;
            folders.put(id, f);
            if (watcher != null) {
                watcher.register(id);
            }
        }
        LOG.debug("Created collection {} ({})", id, dataClass);
        schedulePersist();
        listener.hierarchyChanged();
        return new CollectionInfo(id, name, dataClass, null, false);
    }

    @Override
    public void renameCollection(String collectionId, String displayName) throws StoreException {
        String name = checkDisplayName(displayName);
        View v = view(collectionId);
        FolderIndex f = v.folder;
        f.lock.lock();
        try {
            if (name.equals(f.displayName)) {
                return;
            }
            ItemFiles.writeMetadata(root.resolve(f.name).resolve(DISPLAYNAME_FILE), name);
            f.displayName = name;
        } catch (IOException e) {
            throw unavailable("Cannot rename a collection", e);
        } finally {
            f.lock.unlock();
        }
        LOG.debug("Renamed collection {}", collectionId);
        listener.hierarchyChanged();
    }

    /** Writes the folder's {@code color} file (khal's and vdirsyncer's metadata), or removes it for none. */
    @Override
    public void recolorCollection(String collectionId, String color) throws StoreException {
        View v = view(collectionId);
        FolderIndex f = v.folder;
        f.lock.lock();
        try {
            Path file = root.resolve(f.name).resolve(COLOR_FILE);
            if (color == null) {
                Files.deleteIfExists(file);
            } else {
                ItemFiles.writeMetadata(file, color);
            }
            f.color = color;
        } catch (IOException e) {
            throw unavailable("Cannot set the colour of a collection", e);
        } finally {
            f.lock.unlock();
        }
        LOG.debug("Set the colour of collection {}", collectionId);
    }

    @Override
    public void deleteCollection(String collectionId) throws StoreException {
        View v = view(collectionId);
        FolderIndex f = v.folder;
        if (v.kind != primary(f)) {
            throw new Unsupported("The tasks (or events) kept in another collection's folder are deleted one by one");
        }
        synchronized (hierarchyLock) {
            f.lock.lock();
            try {
                if (folders.get(f.name) != f) {
                    throw new NotFound("No collection " + collectionId);
                }
                if (watcher != null) {
                    watcher.cancel(f.name);
                }
                deleteTree(root.resolve(f.name));
                ItemFiles.syncDirectory(root);
                folders.remove(f.name);
            } catch (IOException e) {
                throw unavailable("Cannot delete a collection folder", e);
            } finally {
                f.lock.unlock();
            }
        }
        LOG.debug("Deleted collection {}", collectionId);
        schedulePersist();
        listener.hierarchyChanged();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A folder name from a display name: lower-case letters, digits and dashes, at most 40. */
    static String slug(String displayName) {
        StringBuilder s = new StringBuilder();
        for (char c : displayName.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                s.append(c);
            } else if (s.length() > 0 && s.charAt(s.length() - 1) != '-') {
                s.append('-');
            }
            if (s.length() >= 40) {
                break;
            }
        }
        while (s.length() > 0 && s.charAt(s.length() - 1) == '-') {
            s.setLength(s.length() - 1);
        }
        return s.length() == 0 ? "collection" : s.toString();
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static void checkItemName(View v, String name) {
        Objects.requireNonNull(name, "name");
        if (!validName(name)) {
            throw new IllegalArgumentException("An item name is a file name: 1 to " + MAX_NAME_BYTES
                    + " bytes, no '/', '\\' or control characters, not starting with '.'");
        }
        String ext = extension(v.kind);
        if (!name.toLowerCase(Locale.ROOT).endsWith(ext) && !(v.kind == DataClass.NOTES && VNotes.isVnt(name))) {
            throw new IllegalArgumentException("Items of this collection are " + ext + " files");
        }
    }

    private static String checkDisplayName(String displayName) {
        Objects.requireNonNull(displayName, "displayName");
        String name = displayName.strip();
        if (name.isEmpty() || name.length() > MAX_DISPLAY_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Display name must have 1 to " + MAX_DISPLAY_NAME
                    + " characters and no control characters");
        }
        return name;
    }

    private void checkOpen() throws Unavailable {
        if (closed) {
            throw new Unavailable("The vdir store " + options.storeName() + " is closed", null);
        }
    }

    private Unavailable unavailable(String what, IOException e) {
        LOG.warn("{} in the vdir {}: {}", what, root, e.toString());
        return new Unavailable(what + ": " + e.getMessage(), e);
    }

    /** Stops watching and writes the index. Operations afterwards throw {@link Unavailable}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
        try {
            persist();
        } catch (IOException e) {
            LOG.warn("Cannot write the vdir state file {}: {}", stateFile, e.getMessage());
        }
        LOG.debug("Closed vdir {}", root);
    }
}
