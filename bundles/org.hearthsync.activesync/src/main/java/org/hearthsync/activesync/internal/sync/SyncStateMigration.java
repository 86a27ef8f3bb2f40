package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a sync state file of an older format to the current one, step by step: format 1 (positional
 * strings: {@code ss1} headers, U+0001-joined safety records, the line-based resend record) to 2, where
 * those are typed {@link SavedRecord}s; format 2 (item entries still {@code etag U+0001 name}, the cached
 * request still {@code sr1} lines) to 3, where every value is typed. It runs inside the store's first, uncommitted transaction, so a crash part way leaves format 1 and
 * the next start migrates again. A value it cannot read is left as it was and counted: nothing is
 * dropped, and the readers skip what they cannot read.
 */
final class SyncStateMigration {
    private static final Logger LOG = LoggerFactory.getLogger(SyncStateMigration.class);

    private SyncStateMigration() {
    }

    /** Converts every legacy value of a file of format {@code from} in the maps {@code maps} opens; returns how many could not be read. */
    static int migrate(int from, Function<String, MVMap<String, String>> maps) {
        int bad = from < 2 ? fromFormat1(maps) : 0;
        bad += from < 3 ? fromFormat2(maps) : 0;
        if (bad > 0) {
            LOG.warn("{} saved sync records could not be read while migrating; they were left as they were", bad);
        }
        return bad;
    }

    private static int fromFormat1(Function<String, MVMap<String, String>> maps) {
        int bad = convert(maps.apply("head"), k -> true, v -> FolderHeader.legacy(v).encode());
        bad += convert(maps.apply("journal"), k -> true, v -> ConflictRecord.legacy(v).encode());
        bad += convert(maps.apply("activity"), k -> true, v -> ActivityRecord.legacy(v).encode());
        bad += convert(maps.apply("bin"), k -> true, v -> BinRecord.legacy(v).encode());
        bad += convert(maps.apply("held"), k -> true, v -> HeldRecord.legacy(v).encode());
        bad += convert(maps.apply("device"), k -> k.endsWith('\u0000' + ResendRecord.DEVICE_KIND),
                v -> ResendRecord.legacy(v).encode());
        return bad;
    }

    private static int fromFormat2(Function<String, MVMap<String, String>> maps) {
        int bad = convert(maps.apply("items"), k -> true, v -> ItemEntry.legacy(v).encode());
        return bad + convert(maps.apply("device"), k -> k.endsWith('\u0000' + CachedRequest.DEVICE_KIND),
                v -> CachedRequest.legacy(v).encode());
    }

    private static int convert(MVMap<String, String> m, Predicate<String> which, UnaryOperator<String> legacyToTyped) {
        List<String> keys = new ArrayList<>();
        m.keySet().forEach(k -> {
            if (which.test(k)) {
                keys.add(k);
            }
        });
        int bad = 0;
        for (String k : keys) {
            String v = m.get(k);
            if (v == null || SavedRecord.typed(v)) {
                continue;
            }
            try {
                m.put(k, legacyToTyped.apply(v));
            } catch (SavedRecord.BadRecord e) {
                LOG.debug("saved record {} of map {} not migrated: {}", k.replace('\u0000', '/'), m.getName(), e.getMessage());
                bad++;
            }
        }
        return bad;
    }
}
