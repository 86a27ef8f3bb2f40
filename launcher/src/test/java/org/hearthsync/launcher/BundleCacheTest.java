package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCacheTest {
    @Test
    void keptOnlyAfterACleanStopWithTheSameBundles(@TempDir Path tmp) throws Exception {
        Path install = tmp.resolve("install");
        Files.createDirectories(install.resolve("lib"));
        Files.createDirectories(install.resolve("bundles"));
        Files.writeString(install.resolve("hearth.jar"), "launcher");
        Files.writeString(install.resolve("bundles/a.jar"), "bundle a");
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("framework"));

        BundleCache first = new BundleCache(cache, install);
        assertFalse(first.reusable(), "first start: nothing to keep");
        assertTrue(first.lastStop() < 0, "no clean stop to date");
        long beforeStop = System.currentTimeMillis() - 1_000; // file times may be coarser than the clock
        first.stoppedCleanly();
        BundleCache second = new BundleCache(cache, install);
        assertTrue(second.reusable(), "same bundles, clean stop");
        // the launcher compares it with the listener settings' file time
        assertTrue(second.lastStop() >= beforeStop && second.lastStop() <= System.currentTimeMillis() + 1_000,
                "the time of the clean stop: " + second.lastStop());
        // the mark is gone while Hearth runs: a kill now leaves no mark, and the next start cleans the cache
        assertFalse(new BundleCache(cache, install).reusable(), "after a run that did not stop cleanly");

        new BundleCache(cache, install).stoppedCleanly();
        Files.writeString(install.resolve("bundles/a.jar"), "bundle a, upgraded");
        assertFalse(new BundleCache(cache, install).reusable(), "a changed bundle");

        new BundleCache(cache, install).stoppedCleanly();
        Files.setLastModifiedTime(install.resolve("hearth.jar"), FileTime.fromMillis(1_000_000));
        assertFalse(new BundleCache(cache, install).reusable(), "another launcher");

        new BundleCache(cache, install).stoppedCleanly();
        Files.writeString(install.resolve("bundles/b.jar"), "bundle b");
        assertFalse(new BundleCache(cache, install).reusable(), "an added bundle");
    }
}
