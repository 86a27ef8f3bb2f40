package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.sync.ActivityJournal;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The safety nets of the sync engine, as the engine and the console see them: one entry point over
 * the parts that each own one rule, the {@link SyncJournal journal of syncs}, the {@link ConflictLog
 * losers of conflicts}, the {@link RecycleBin recycle bin} and the {@link DeleteGuard mass-deletion
 * guard}, all kept in the sync state file, plus the live {@link ProgressBoard progress} (its own
 * component, the {@code SyncProgress} service). This class only wires them and holds the
 * configuration (PID {@value #PID}), so the console keeps one {@link ActivityJournal} service.
 */
@Component(service = { SafetyNet.class, ActivityJournal.class }, configurationPid = SafetyNet.PID)
@Designate(ocd = SafetyConfig.class)
public final class SafetyNet implements ActivityJournal {
    public static final String PID = "org.hearthsync.activesync.safety";

    private volatile SafetySettings settings;
    private final ProgressBoard progress;
    private final SyncJournal journal;
    private final ConflictLog conflicts;
    private final RecycleBin bin;
    private final DeleteGuard guard;

    /** {@code hub} wakes the device's parked Ping or Sync when the user decides its held deletes. */
    @Activate
    public SafetyNet(@Reference SyncStateStore states, @Reference StoreDirectory stores, @Reference FolderWaker hub,
            @Reference ProgressBoard progress, SafetyConfig config) {
        this(states, stores, Clock.systemUTC(), SafetySettings.of(config), hub, progress);
    }

    /** A safety net outside the framework (tests, a handler built by hand); {@code hub} may be {@code null}. */
    public static SafetyNet of(SyncStateStore states, StoreDirectory stores, Clock clock, SafetySettings settings, FolderWaker hub) {
        return new SafetyNet(states, stores, clock, settings, hub, ProgressBoard.of(clock));
    }

    // private: SCR chooses the activation constructor among the public ones by parameter count alone
    private SafetyNet(SyncStateStore states, StoreDirectory stores, Clock clock, SafetySettings settings, FolderWaker hub,
            ProgressBoard progress) {
        this.settings = settings;
        this.progress = progress;
        this.journal = new SyncJournal(states, clock, () -> this.settings.journalMax());
        this.conflicts = new ConflictLog(states, stores);
        this.bin = new RecycleBin(states, stores, clock, () -> this.settings.retention());
        this.guard = new DeleteGuard(states, stores, clock, () -> this.settings, bin, hub);
    }

    @Modified
    void modified(SafetyConfig config) {
        settings = SafetySettings.of(config);
    }

    public SafetySettings settings() {
        return settings;
    }

    public void settings(SafetySettings s) {
        settings = s;
    }

    /** The live progress these safety nets report to. */
    public ProgressBoard progress() {
        return progress;
    }

    // ------------------------------------------------------------------ for the engine

    /** A folder starts syncing. */
    public ProgressBoard.Progress start(String user, String deviceId, String folderId, String folderName, String dataClass) {
        return progress.start(user, deviceId, folderId, folderName, dataClass);
    }

    /** The device's Sync is over: nothing of it is running any more. */
    public void finish(String user, String deviceId) {
        progress.finish(user, deviceId);
    }

    /** Records one Sync of one folder in the journal (nothing when it moved nothing). */
    public void record(String user, String deviceId, String folderId, String folderName, SyncCounts w) {
        journal.record(user, deviceId, folderId, folderName, w);
    }

    /** Whether deletes of this many items of a folder the phone holds {@code folderSize} of are held. */
    public boolean shouldHold(int deletes, int folderSize) {
        return guard.shouldHold(deletes, folderSize);
    }

    /** Holds a batch of deletes of one Sync (the items are already off the phone's state). */
    void hold(String user, String deviceId, String folderId, String folderName, String storeName,
            String collectionId, int folderSize, List<DeleteGuard.HeldItem> items) {
        guard.hold(user, deviceId, folderId, folderName, storeName, collectionId, folderSize, items);
    }

    /** Names (with the etag the phone knew) of items held for this folder: not sent back while held. */
    public Map<String, String> heldNames(String user, String deviceId, String folderId) {
        return guard.heldNames(user, deviceId, folderId);
    }

    /** Takes the rejected batches of this folder: their names go back to the phone. Committed with the request. */
    public List<String> takeRejected(String user, String deviceId, String folderId) {
        return guard.takeRejected(user, deviceId, folderId);
    }

    /** Whether rejected deletes of this folder wait to go back to the phone (what wakes its Ping). */
    public boolean hasRejected(String user, String deviceId, String folderId) {
        return guard.hasRejected(user, deviceId, folderId);
    }

    /** Keeps an item a phone is about to delete; returns the bin entry's id (for {@link #unrecycle}). */
    public String recycle(String user, String deviceId, String storeName, String collectionId, String name, String content) {
        return bin.recycle(user, deviceId, storeName, collectionId, name, content);
    }

    /** The delete did not happen after all. */
    public void unrecycle(String id) {
        bin.unrecycle(id);
    }

    // ------------------------------------------------------------------ for the console

    @Override
    public List<Activity> recent(int limit, String deviceId, String folder) {
        return journal.recent(limit, deviceId, folder);
    }

    @Override
    public void recordChange(String source, String storeName, String collectionId, String collectionName, int adds,
            int changes, int deletes) {
        journal.recordChange(source, storeName, collectionId, collectionName, adds, changes, deletes);
    }

    @Override
    public List<Conflict> conflicts(int limit, String deviceId, String folder) {
        return conflicts.conflicts(limit, deviceId, folder);
    }

    @Override
    public boolean restoreConflictLoser(String id) {
        return conflicts.restore(id);
    }

    @Override
    public List<Deleted> recycleBin(int limit) {
        return bin.list(limit);
    }

    @Override
    public boolean restoreDeleted(String id) {
        return bin.restore(id);
    }

    @Override
    public List<HeldDeletion> held() {
        return guard.held();
    }

    @Override
    public boolean approve(String id) {
        return guard.approve(id);
    }

    @Override
    public boolean reject(String id) {
        return guard.reject(id);
    }
}
