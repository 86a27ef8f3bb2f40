package org.hearthsync.store.vdir.internal;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects what a store announces: "changed:ID" and "hierarchy". */
final class RecordingListener implements VdirStore.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void collectionChanged(String collectionId) {
        events.add("changed:" + collectionId);
    }

    @Override
    public void hierarchyChanged() {
        events.add("hierarchy");
    }

    /** Waits for {@code event}; returns how long it took, or null if it did not come in time. */
    Duration await(String event, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String e = events.poll(left, TimeUnit.NANOSECONDS);
            if (event.equals(e)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
    }
}
