package org.hearthsync.activesync.internal.sync;

import java.time.Duration;

/**
 * The safety nets' configuration ({@link SafetyConfig}) as values, read by the parts it tunes: the
 * {@link RecycleBin} (retention), the {@link DeleteGuard} (guard, percent, minimum) and the
 * {@link SyncJournal} (its length). {@link SafetyNet} holds the current one.
 */
public record SafetySettings(Duration retention, boolean guard, int percent, int minItems, int journalMax) {
    public static final SafetySettings DEFAULTS = new SafetySettings(Duration.ofDays(30), true, 50, 20, 5000);

    static SafetySettings of(SafetyConfig c) {
        return new SafetySettings(Duration.ofDays(Math.max(1, c.recycle_days())), c.mass_delete_guard(),
                Math.max(1, Math.min(100, c.mass_delete_percent())), Math.max(0, c.mass_delete_min_items()),
                Math.max(100, c.journal_max()));
    }
}
