package org.hearthsync.upnp.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock and scheduler that move only when the test says so. */
final class ManualScheduler extends Clock implements Scheduler {
    private Instant now = Instant.parse("2026-03-01T10:00:00Z");
    private final List<Job> jobs = new ArrayList<>();
    private long sequence;

    private final class Job implements Task {
        final Instant due;
        final long order = sequence++;
        final Runnable task;
        boolean cancelled;

        Job(Instant due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public synchronized Task schedule(Runnable task, Duration delay) {
        Job j = new Job(now.plus(delay), task);
        jobs.add(j);
        return j;
    }

    /** Runs every job due within {@code d}, in time order, moving the clock along. */
    void advance(Duration d) {
        Instant end = now.plus(d);
        while (true) {
            Job next;
            synchronized (this) {
                jobs.removeIf(j -> j.cancelled);
                next = jobs.stream().filter(j -> !j.due.isAfter(end))
                        .min(Comparator.comparing((Job j) -> j.due).thenComparingLong(j -> j.order)).orElse(null);
                if (next == null) {
                    now = end;
                    return;
                }
                jobs.remove(next);
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
            }
            next.task.run();
        }
    }

    void runDue() {
        advance(Duration.ZERO);
    }

    synchronized List<Instant> pending() {
        return jobs.stream().filter(j -> !j.cancelled).map(j -> j.due).sorted().toList();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
