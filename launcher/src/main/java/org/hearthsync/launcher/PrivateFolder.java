package org.hearthsync.launcher;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps the data folder private to the user who runs Hearth: it holds password hashes, the DNS
 * and store passwords in clear, private keys and the user's contacts and calendars.
 *
 * <p>At every start the folder and everything in it lose their group and other permissions (so a
 * folder made by an older Hearth, or by hand, becomes {@code 0700} with files {@code 0600}). While
 * Hearth runs, files that appear (configurations Configuration Admin and FileInstall write when
 * the console changes a setting, the store's files) are restricted the moment the folder watch
 * sees them; the folder itself is {@code 0700} already, so no other user can open them in between.
 * The {@code hearth} script also sets {@code umask 077}, so they are private from their creation
 * when Hearth is started that way. Symbolic links are never followed, except the data folder's own
 * path when it is one (the folder moved elsewhere). On a file system without
 * POSIX permissions (Windows) nothing is done: there the user's profile folder is private already.
 */
final class PrivateFolder implements Closeable {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path root;
    private final WatchService watch;
    private final PrintStream err;

    private PrivateFolder(Path root, WatchService watch, PrintStream err) {
        this.root = root;
        this.watch = watch;
        this.err = err;
    }

    static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Takes group and other permissions from {@code root} and everything below it; returns how many
     * entries changed. An entry that cannot be changed (owned by another user) is reported on {@code err}
     * and skipped.
     */
    static int secure(Path root, PrintStream err) throws IOException {
        if (!posix(root) || !Files.isDirectory(root)) {
            return 0;
        }
        root = real(root);
        int[] changed = { 0 };
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                tryRestrict(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    tryRestrict(file);
                }
                return FileVisitResult.CONTINUE;
            }

            private void tryRestrict(Path p) {
                try {
                    if (restrict(p)) {
                        changed[0]++;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // vanished meanwhile
                } catch (IOException e) {
                    err.println("hearth: cannot make " + p + " private to this user: " + e);
                }
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished meanwhile (a temporary file): nothing to protect
            }
        });
        return changed[0];
    }

    /**
     * The folder itself when {@code root} is a link to it: a user who moved the data folder to another disk and left
     * a link in its place keeps it private. Links below the root are never followed.
     */
    private static Path real(Path root) throws IOException {
        return Files.isSymbolicLink(root) ? root.toRealPath() : root;
    }

    /** Removes group and other permissions from one file or folder (not a link); true when it had any. */
    static boolean restrict(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (perms.stream().noneMatch(OTHERS::contains)) {
            return false;
        }
        perms.removeAll(OTHERS);
        Files.setPosixFilePermissions(p, perms);
        return true;
    }

    /**
     * Secures {@code root} now and keeps securing what appears in it until closed; {@code null} when the
     * file system has no POSIX permissions.
     */
    static PrivateFolder watch(Path root, PrintStream err) throws IOException {
        if (!posix(root)) {
            return null;
        }
        root = Files.isDirectory(root) ? real(root) : root;
        PrivateFolder f = new PrivateFolder(root, root.getFileSystem().newWatchService(), err);
        f.registerTree(root);
        secure(root, err);
        Thread t = new Thread(f::run, "hearth-private-folder");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private void registerTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                d.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        fix(root, true); // events were lost: look at everything
                        continue;
                    }
                    fix(dir.resolve((Path) e.context()), e.kind() == StandardWatchEventKinds.ENTRY_CREATE);
                }
                key.reset();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: Hearth is stopping
        }
    }

    private void fix(Path p, boolean created) {
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (created) {
                    // watch first, then look: what appears in between is either seen by the walk or reported
                    registerTree(p);
                    secure(p, err);
                }
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                restrict(p);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // a temporary file already renamed or deleted; its final name gets its own event
        } catch (IOException e) {
            err.println("hearth: cannot make " + p + " private: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        watch.close();
    }
}
