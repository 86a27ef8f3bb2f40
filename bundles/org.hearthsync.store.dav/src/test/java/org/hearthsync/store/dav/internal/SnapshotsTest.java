package org.hearthsync.store.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fallback tokens' snapshots: kept across a restart, bounded per view, tied to one server. */
class SnapshotsTest {
    @TempDir
    Path dir;

    private static Snapshots.Snapshot snap(int i) {
        return new Snapshots.Snapshot(i % 2 == 0 ? "ctag-" + i : null, Map.of("a" + i + ".vcf", "\"e" + i + "\"",
                "b.vcf", "\"b\"", "ü ö.vcf", "\"x\""));
    }

    @Test
    void snapshotsSurviveAReopenAndTheOldestGoBeyondTheBound() {
        Path file = dir.resolve("t.mv.db");
        int n = Snapshots.PER_VIEW + 8;
        try (Snapshots s = Snapshots.open(file, "http://dav/ alice")) {
            assertTrue(s.durable());
            for (int i = 0; i < n; i++) {
                s.put("view", "id" + i, snap(i));
            }
            s.put("other", "id0", snap(100));
        }
        try (Snapshots s = Snapshots.open(file, "http://dav/ alice")) {
            for (int i = 0; i < n - Snapshots.PER_VIEW; i++) {
                assertNull(s.get("view", "id" + i), "evicted: id" + i);
            }
            for (int i = n - Snapshots.PER_VIEW; i < n; i++) {
                assertEquals(snap(i), s.get("view", "id" + i));
            }
            assertEquals(snap(100), s.get("other", "id0"), "views are bounded separately");
        }
    }

    @Test
    void aFileOfAnotherServerOrUserStartsEmpty() {
        Path file = dir.resolve("t.mv.db");
        try (Snapshots s = Snapshots.open(file, "http://dav/ alice")) {
            s.put("view", "id", snap(1));
        }
        try (Snapshots s = Snapshots.open(file, "http://other/ alice")) {
            assertNull(s.get("view", "id"));
        }
        try (Snapshots s = Snapshots.open(file, "http://dav/ alice")) {
            assertNull(s.get("view", "id"), "emptied for the other owner");
        }
    }

    @Test
    void anUnusableFileFallsBackToMemory() throws Exception {
        Path file = dir.resolve("not-a-store.mv.db");
        Files.writeString(file, "this is not an MVStore file, and it is long enough to be read as one".repeat(100));
        try (Snapshots s = Snapshots.open(file, "owner")) {
            assertFalse(s.durable());
            s.put("view", "id", snap(2));
            assertNotNull(s.get("view", "id"));
        }
    }

    @Test
    void aNameWithANulStaysInMemoryOnly() {
        Path file = dir.resolve("t.mv.db");
        Snapshots.Snapshot odd = new Snapshots.Snapshot("c", Map.of("a\u0000b.vcf", "\"1\""));
        assertNull(Snapshots.encode(odd));
        try (Snapshots s = Snapshots.open(file, "o")) {
            s.put("view", "odd", odd);
            assertEquals(odd, s.get("view", "odd"));
        }
        try (Snapshots s = Snapshots.open(file, "o")) {
            assertNull(s.get("view", "odd"));
        }
    }
}
