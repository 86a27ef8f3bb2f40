package org.hearthsync.upnp.internal;

import java.time.Duration;

/** Runs tasks later, one at a time; a seam so tests drive time themselves. */
interface Scheduler {

    /** A scheduled task; cancelling one that ran or was cancelled does nothing. */
    interface Task {
        void cancel();
    }

    Task schedule(Runnable task, Duration delay);
}
