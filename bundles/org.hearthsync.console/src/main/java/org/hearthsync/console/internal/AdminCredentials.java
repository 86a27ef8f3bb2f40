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
 * start with a random password that is shown once; deleting the file makes a new one. Started from a
 * terminal, the password is printed there. Started as the background service, whatever is printed goes
 * into the log (kept, rotated, attached to bug reports): the password is written to a file only the user
 * can read, and the log names that file, never the password.
 */
final class AdminCredentials {
    static final String USER = "admin";

    private final Path file;

    AdminCredentials(Path file) {
        this.file = file;
    }

    /**
     * Loads the stored hash, creating a password when there is none: printed on {@code out} when {@code shownIn}
     * is null, else written to the owner-only file {@code shownIn}, which {@code out} is told about.
     */
    String loadOrCreate(PrintStream out, Path shownIn) throws IOException {
        if (Files.isRegularFile(file)) {
            String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (stored.startsWith(PasswordHash.SCHEME + "$")) {
                return stored;
            }
        }
        char[] password = PasswordHash.generate();
        try {
            String hash = PasswordHash.hash(password);
            if (shownIn == null) {
                writeOwnerOnly(file, hash);
                out.println("Console sign-in (shown only now, keep it): user " + USER + ", password " + new String(password));
            } else {
                // the file before the hash: a crash between the two never leaves a password nobody was shown
                writeOwnerOnly(shownIn, "Hearth console sign-in, made at the first start. This file is deleted when the"
                        + " password is first used to sign in.\nuser: " + USER + "\npassword: " + new String(password));
                writeOwnerOnly(file, hash);
                out.println("Console sign-in: user " + USER + "; the password is in " + shownIn
                        + " (readable only by you, deleted at the first sign-in)");
            }
            out.flush();
            return hash;
        } finally {
            PasswordHash.clear(password);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
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
