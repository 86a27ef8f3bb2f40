package org.hearthsync.store.embedded.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.hearthsync.api.store.DataClass;

/**
 * How an {@link MvPimStore} behaves.
 *
 * @param defaultCollections  collections created when the store file is new, each marked default
 * @param tombstoneRetention  how long deletions stay listable by {@code changesSince}
 * @param maxTombstones       at most this many deletions kept per collection; older ones are dropped first
 * @param maxResourceChars    the largest resource accepted, in characters
 * @param clock               the time source for tombstone ages
 */
record StoreOptions(List<DefaultCollection> defaultCollections, Duration tombstoneRetention, int maxTombstones,
        int maxResourceChars, Clock clock) {

    /** A collection to create on first start. */
    record DefaultCollection(String displayName, DataClass dataClass) {
        DefaultCollection {
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(dataClass, "dataClass");
        }
    }

    static final List<DefaultCollection> STANDARD_COLLECTIONS = List.of(
            new DefaultCollection("Contacts", DataClass.CONTACTS),
            new DefaultCollection("Calendar", DataClass.CALENDAR),
            new DefaultCollection("Tasks", DataClass.TASKS),
            new DefaultCollection("Notes", DataClass.NOTES));

    StoreOptions {
        defaultCollections = List.copyOf(defaultCollections);
        Objects.requireNonNull(tombstoneRetention, "tombstoneRetention");
        Objects.requireNonNull(clock, "clock");
        if (maxTombstones < 1 || maxResourceChars < 1 || tombstoneRetention.isNegative()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    static StoreOptions defaults() {
        return new StoreOptions(STANDARD_COLLECTIONS, Duration.ofDays(90), 100_000, 16 * 1024 * 1024, Clock.systemUTC());
    }

    StoreOptions withDefaultCollections(List<DefaultCollection> collections) {
        return new StoreOptions(collections, tombstoneRetention, maxTombstones, maxResourceChars, clock);
    }

    StoreOptions withTombstones(Duration retention, int max) {
        return new StoreOptions(defaultCollections, retention, max, maxResourceChars, clock);
    }

    StoreOptions withClock(Clock newClock) {
        return new StoreOptions(defaultCollections, tombstoneRetention, maxTombstones, maxResourceChars, newClock);
    }

    StoreOptions withMaxResourceChars(int max) {
        return new StoreOptions(defaultCollections, tombstoneRetention, maxTombstones, max, clock);
    }
}
