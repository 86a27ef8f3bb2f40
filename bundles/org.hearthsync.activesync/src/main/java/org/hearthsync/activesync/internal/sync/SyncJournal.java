package org.hearthsync.activesync.internal.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.h2.mvstore.MVMap;
import org.hearthsync.api.sync.ActivityJournal.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity journal: one {@link ActivityRecord} per Sync of a folder that moved anything (and per
 * console import), the newest {@code journal.max} kept, in the sync state's {@code activity} map.
 */
final class SyncJournal {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJournal.class);
    private final SyncStateStore states;
    private final Clock clock;
    private final IntSupplier max;

    SyncJournal(SyncStateStore states, Clock clock, IntSupplier max) {
        this.states = states;
        this.clock = clock;
        this.max = max;
    }

    /** Records one Sync of one folder (nothing when it moved nothing) and logs its counts at DEBUG. */
    void record(String user, String deviceId, String folderId, String folderName, SyncCounts w) {
        append(user, deviceId, folderId, folderName, new int[] { w.clientAdds(), w.clientChanges(), w.clientDeletes(),
                w.serverAdds(), w.serverChanges(), w.serverDeletes(), w.conflicts(), w.heldDeletes() });
    }

    /** A change made outside a phone's Sync: the source stands for the device, the store for the user. */
    void recordChange(String source, String storeName, String collectionId, String collectionName, int adds, int changes,
            int deletes) {
        append(storeName, source, collectionId, collectionName, new int[] { adds, changes, deletes, 0, 0, 0, 0, 0 });
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
        String v = new ActivityRecord(user, deviceId, folderId, folderName, clock.millis(), c).encode();
        synchronized (states) {
            MVMap<String, String> m = states.activity;
            m.put(SyncStateStore.nextKey(m), v);
            int keep = max.getAsInt();
            while (m.size() > keep) {
                m.remove(m.firstKey());
            }
        }
    }

    List<Activity> recent(int limit, String deviceId, String folder) {
        List<Activity> out = new ArrayList<>();
        MVMap<String, String> m = states.activity;
        String k = m.lastKey();
        while (k != null && out.size() < limit) {
            ActivityRecord a = SavedRecord.readOrSkip(ActivityRecord::decode, "activity", k, m.get(k));
            if (a != null && Listing.matches(deviceId, a.deviceId())
                    && (Listing.matches(folder, a.folderId()) || folder.equals(a.folderName()))) {
                int[] c = a.counts();
                out.add(new Activity(k, Instant.ofEpochMilli(a.timeMillis()), a.user(), a.deviceId(), a.folderId(),
                        a.folderName(), c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]));
            }
            k = m.lowerKey(k);
        }
        return out;
    }
}
