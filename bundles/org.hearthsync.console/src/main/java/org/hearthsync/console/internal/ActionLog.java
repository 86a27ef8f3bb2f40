package org.hearthsync.console.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was done from the console since Hearth started: each action is logged at INFO
 * ({@code console: blocked device X of user Y}) and kept in memory, newest first, for the pages.
 * Never holds a secret.
 */
@Component(service = ActionLog.class)
public final class ActionLog {
    static final int CAPACITY = 50;
    private static final Logger LOG = LoggerFactory.getLogger("org.hearthsync.console");

    /** One action: when, and what, in plain words. */
    public record Action(Instant time, String text) {
    }

    private final Deque<Action> recent = new ArrayDeque<>();
    private final Clock clock;

    public ActionLog() {
        this(Clock.systemUTC());
    }

    ActionLog(Clock clock) {
        this.clock = clock;
    }

    public void record(String text) {
        LOG.info("console: {}", text);
        synchronized (recent) {
            recent.addFirst(new Action(clock.instant(), text));
            while (recent.size() > CAPACITY) {
                recent.removeLast();
            }
        }
    }

    public List<Action> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }
}
