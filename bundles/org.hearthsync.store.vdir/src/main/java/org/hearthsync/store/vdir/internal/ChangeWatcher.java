package org.hearthsync.store.vdir.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices edits other programs make: a {@link WatchService} on the root and on every collection folder
 * (inotify on Linux, so events arrive within milliseconds), debounced into per-file refreshes on one
 * scheduler thread, plus a periodic full rescan for what the watch service misses (overflow, network
 * file systems, the JDK's 10-second polling watcher on macOS). Both threads are daemons and end in
 * {@link #close()}.
 */
final class ChangeWatcher implements AutoCloseable {

    /** What the watcher asks the store to do; called on the scheduler thread only. */
    interface Target {
        /** Re-reads these files of a folder ({@code null}: the whole folder). */
        void refresh(String folder, Set<String> files);

        /** Folders came or went. */
        void rescanHierarchy();

        /** The periodic full rescan. */
        void rescanAll();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);
    /** Past this many files pending in one folder, the whole folder is rescanned instead. */
    private static final int MAX_PENDING_FILES = 256;
    private static final String WHOLE_FOLDER = "\u0000";

    private final Path root;
    private final Target target;
    private final Duration debounce;
    private final ScheduledExecutorService scheduler;
    private final WatchService watchService;
    private final Thread watchThread;
    private final Map<String, WatchKey> keys = new ConcurrentHashMap<>();
    private final Object pendingLock = new Object();
    private final Map<String, Set<String>> pending = new HashMap<>(); // guarded by pendingLock
    private boolean hierarchyPending; // guarded by pendingLock
    private boolean drainScheduled; // guarded by pendingLock
    private volatile boolean closed;

    ChangeWatcher(Path root, String storeName, Duration rescanInterval, Duration debounce, Target target) {
        this.root = root;
        this.target = target;
        this.debounce = debounce;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hearth-vdir-scan-" + storeName);
            t.setDaemon(true);
            return t;
        });
        WatchService ws = null;
        try {
            ws = FileSystems.getDefault().newWatchService();
            root.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot watch {} for changes ({}); relying on the rescan every {} s", root, e.getMessage(),
                    rescanInterval.toSeconds());
            ws = null;
        }
        this.watchService = ws;
        this.watchThread = ws == null ? null : new Thread(this::watchLoop, "hearth-vdir-watch-" + storeName);
        long period = Math.max(1, rescanInterval.toMillis());
        scheduler.scheduleWithFixedDelay(() -> run(target::rescanAll), period, period, TimeUnit.MILLISECONDS);
        if (watchThread != null) {
            watchThread.setDaemon(true);
            watchThread.start();
        }
    }

    /** Starts watching a collection folder. */
    void register(String folder) {
        if (watchService == null || closed) {
            return;
        }
        try {
            WatchKey key = root.resolve(folder).register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            WatchKey old = keys.put(folder, key);
            if (old != null && old != key) {
                old.cancel();
            }
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debug("Cannot watch folder {}: {}", folder, e.getMessage());
        }
    }

    void cancel(String folder) {
        WatchKey key = keys.remove(folder);
        if (key != null) {
            key.cancel();
        }
    }

    /** Runs a task on the scheduler thread after {@code delay}. */
    void schedule(Runnable task, Duration delay) {
        if (!closed) {
            scheduler.schedule(() -> run(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void watchLoop() {
        while (!closed) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            boolean isRoot = dir.equals(root);
            String folder = isRoot ? null : dir.getFileName().toString();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    note(null, null, true);
                } else if (isRoot) {
                    note(null, null, true);
                } else {
                    note(folder, event.context().toString(), false);
                }
            }
            if (!key.reset() && !isRoot) {
                keys.remove(folder, key);
                note(null, null, true); // the folder went away
            }
        }
    }

    private void note(String folder, String file, boolean hierarchy) {
        if (file != null && file.startsWith(ItemFiles.TEMP_PREFIX)) {
            return;
        }
        synchronized (pendingLock) {
            if (hierarchy) {
                hierarchyPending = true;
            } else {
                Set<String> files = pending.computeIfAbsent(folder, f -> new HashSet<>());
                if (!files.contains(WHOLE_FOLDER)) {
                    if (files.size() >= MAX_PENDING_FILES) {
                        files.clear();
                        files.add(WHOLE_FOLDER);
                    } else {
                        files.add(file);
                    }
                }
            }
            if (!drainScheduled && !closed) {
                drainScheduled = true;
                scheduler.schedule(() -> run(this::drain), debounce.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void drain() {
        Map<String, Set<String>> work;
        boolean hierarchy;
        synchronized (pendingLock) {
            drainScheduled = false;
            work = new HashMap<>(pending);
            pending.clear();
            hierarchy = hierarchyPending;
            hierarchyPending = false;
        }
        if (hierarchy) {
            target.rescanHierarchy();
        }
        work.forEach((folder, files) -> target.refresh(folder, files.contains(WHOLE_FOLDER) ? null : files));
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Checking the vdir {} for changes failed; will try again", root, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.debug("Closing the watch service failed", e);
            }
        }
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            if (watchThread != null) {
                watchThread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
