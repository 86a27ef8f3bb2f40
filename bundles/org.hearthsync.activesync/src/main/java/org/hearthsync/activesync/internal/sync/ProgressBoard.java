package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hearthsync.api.sync.SyncProgress;
import org.osgi.service.component.annotations.Component;

/**
 * Live progress of the Syncs running now, per device and folder, in memory only: the handler starts
 * and finishes a device's entries, {@link CollectionSync} moves the counts, the console reads them.
 */
@Component(service = { ProgressBoard.class, SyncProgress.class })
public final class ProgressBoard implements SyncProgress {
    /** One folder's progress in a running Sync; {@link CollectionSync} moves it, the board reads it. */
    public static final class Progress {
        private final String folderName;
        private final String dataClass;
        private final Instant started;
        private volatile int done;
        private volatile int total = -1;

        private Progress(String folderName, String dataClass, Instant started) {
            this.folderName = folderName;
            this.dataClass = dataClass;
            this.started = started;
        }

        /** One more client command or server change handled (only the running Sync's thread moves it). */
        public void step() {
            done++;
        }

        public void total(int total) {
            this.total = total;
        }
    }

    private final Clock clock;
    private final Map<String, Map<String, Progress>> running = new ConcurrentHashMap<>();

    public ProgressBoard() {
        this(Clock.systemUTC());
    }

    private ProgressBoard(Clock clock) {
        this.clock = clock;
    }

    /** A board outside the framework, on the given clock. */
    public static ProgressBoard of(Clock clock) {
        return new ProgressBoard(clock);
    }

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
                out.add(new FolderProgress(p.folderName, p.dataClass, total >= 0 ? Math.min(p.done, total) : p.done, total,
                        p.started));
            }
        }
        return out;
    }
}
