package org.hearthsync.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the framework's bundle cache (DATA/cache/framework) can be kept from the last start instead of being
 * rebuilt: installing the bundles again copies every jar into the cache, which is a good part of a start. It is kept
 * only when the last run stopped cleanly with exactly the bundles of this installation (names, sizes and times of
 * hearth.jar, lib/ and bundles/): an upgrade, a changed bundle or a killed process (whose cache may be half written)
 * all get a clean cache, as before. The mark of a clean stop is removed at every start and written at a clean stop.
 */
final class BundleCache {
    static final String MARK = "clean-stop.id";

    private final Path mark;
    private final String fingerprint;
    private final boolean reusable;
    /** When the last run stopped cleanly (epoch milliseconds), or -1 when the cache is not reusable. */
    private final long lastStop;

    BundleCache(Path cacheFolder, Path install) {
        this.mark = cacheFolder.resolve(MARK);
        this.fingerprint = fingerprint(install);
        boolean same;
        long stopped = -1;
        try {
            same = fingerprint != null && Files.isRegularFile(mark)
                    && Files.readString(mark, StandardCharsets.UTF_8).equals(fingerprint)
                    && Files.isDirectory(cacheFolder.resolve("framework"));
            if (same) {
                stopped = Files.getLastModifiedTime(mark).toMillis();
            }
            Files.deleteIfExists(mark);
        } catch (IOException e) {
            same = false;
        }
        this.reusable = same;
        this.lastStop = same ? stopped : -1;
    }

    /** When the last run, with these bundles, stopped cleanly (epoch milliseconds); -1 when {@link #reusable()} is not. */
    long lastStop() {
        return lastStop;
    }

    boolean reusable() {
        return reusable;
    }

    void stoppedCleanly() {
        if (fingerprint == null) {
            return;
        }
        try {
            Files.createDirectories(mark.getParent());
            Files.writeString(mark, fingerprint, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the next start rebuilds the cache: slower, never wrong
        }
    }

    static String fingerprint(Path install) {
        List<String> lines = new ArrayList<>();
        try {
            lines.add(describe(install.resolve("hearth.jar")));
            for (String folder : List.of("lib", "bundles")) {
                List<String> jars = new ArrayList<>();
                try (DirectoryStream<Path> all = Files.newDirectoryStream(install.resolve(folder), "*.jar")) {
                    for (Path jar : all) {
                        jars.add(folder + "/" + describe(jar));
                    }
                }
                jars.sort(null);
                lines.addAll(jars);
            }
            return String.join("\n", lines) + "\n";
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(Path file) throws IOException {
        return file.getFileName() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    }
}
