package org.hearthsync.console.internal;

import org.hearthsync.auth.PasswordHash;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The console's admin password, kept only as a salted hash in the data folder. Created on first
 * start with a random password that is printed once; deleting the file makes a new one.
 */
final class AdminCredentials {
    static final String USER = "admin";

    private final Path file;

    AdminCredentials(Path file) {
        this.file = file;
    }

    /** Loads the stored hash, creating a password (and telling {@code out}) when there is none. */
    String loadOrCreate(PrintStream out) throws IOException {
        if (Files.isRegularFile(file)) {
            String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (stored.startsWith(PasswordHash.SCHEME + "$")) {
                return stored;
            }
        }
        char[] password = PasswordHash.generate();
        try {
            String hash = PasswordHash.hash(password);
            writeOwnerOnly(hash);
            out.println("Console sign-in (shown only now, keep it): user " + USER + ", password " + new String(password));
            out.flush();
            return hash;
        } finally {
            PasswordHash.clear(password);
        }
    }

    private void writeOwnerOnly(String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, content + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
