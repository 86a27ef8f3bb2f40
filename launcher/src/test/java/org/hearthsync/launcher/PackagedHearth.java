package org.hearthsync.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The .deb of {@code mvn -Pinstaller package} for the tests: the one under target/ when it is newer than the
 * distribution, else made once here with the same program (src/installer/Package.java), so {@code mvn verify}
 * builds the package once and every test of it reuses it.
 */
final class PackagedHearth {
    private PackagedHearth() {
    }

    static synchronized Path deb() throws IOException, InterruptedException {
        PeerTools.require("dpkg-deb", "dpkg");
        PeerTools.require("fakeroot", "fakeroot");
        Path dist = RunningHearth.dist();
        Path target = dist.getParent();
        FileTime built = Files.getLastModifiedTime(dist.resolve("hearth.jar"));
        Optional<Path> fresh = find(target, built);
        if (fresh.isPresent()) {
            return fresh.get();
        }
        PeerTools.run(Duration.ofMinutes(20), Optional.empty(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                target.getParent().resolve("src/installer/Package.java").toString(), dist.toString(), target.toString(),
                System.getProperty("hearth.version", "0.1.0"), target.getParent().resolve("src/installer").toString()))
                .assertOk("src/installer/Package.java");
        return find(target, built).orElseThrow(() -> new AssertionError("Package.java made no .deb in " + target));
    }

    private static Optional<Path> find(Path target, FileTime notBefore) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("hearth_.*\\.deb")).filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).compareTo(notBefore) >= 0;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst();
        }
    }

    /** {@code dpkg-deb -x}: the package's files under {@code root}, as installing puts them under /, without its scripts. */
    static Path extract(Path deb, Path root) throws IOException, InterruptedException {
        PeerTools.run(Duration.ofMinutes(5), "dpkg-deb", "-x", deb.toString(), root.toString()).assertOk("dpkg-deb -x");
        return root.resolve("opt/hearth");
    }
}
