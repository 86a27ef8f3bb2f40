package org.hearthsync.setup.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This installation's random identifier, kept in {@code <data>/setup/install-id} so the profiles'
 * identifiers stay the same across restarts. Not a secret.
 */
final class InstallId {
    private InstallId() {
    }

    static String load(Path dir) throws IOException {
        Path file = dir.resolve("install-id");
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (id.matches("[0-9a-f]{32}")) {
                return id;
            }
        }
        Files.createDirectories(dir);
        String id = UUID.randomUUID().toString().replace("-", "");
        Path tmp = Files.createTempFile(dir, "install-id", ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}
