package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFolderTest {
    private final PrintStream err = new PrintStream(new ByteArrayOutputStream());

    @Test
    void anExistingWorldReadableFolderBecomesOwnerOnly(@TempDir Path tmp) throws Exception {
        assumeTrue(PrivateFolder.posix(tmp), "POSIX permissions");
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("etc/sub"));
        Files.writeString(data.resolve("etc/org.hearthsync.account-alice.cfg"), "hash=x\n");
        Path script = Files.writeString(data.resolve("etc/sub/tool.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("etc"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(data.resolve("etc/org.hearthsync.account-alice.cfg"), PosixFilePermissions.fromString("rw-r--r--"));
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "not ours");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(data.resolve("link"), outside);

        assertEquals(5, PrivateFolder.secure(data, err), "data, etc, etc/sub, the account file, the script");

        assertEquals("rwx------", perms(data));
        assertEquals("rwx------", perms(data.resolve("etc")));
        assertEquals("rwx------", perms(data.resolve("etc/sub")));
        assertEquals("rw-------", perms(data.resolve("etc/org.hearthsync.account-alice.cfg")));
        assertEquals("rwx------", perms(script), "the owner's own bits are kept");
        assertEquals("rw-r--r--", perms(outside), "a link is never followed out of the folder");
        assertEquals(0, PrivateFolder.secure(data, err), "a second pass changes nothing");
    }

    @Test
    void aDataFolderMovedElsewhereBehindALinkIsSecuredWhereItIs(@TempDir Path tmp) throws Exception {
        assumeTrue(PrivateFolder.posix(tmp), "POSIX permissions");
        Path moved = Files.createDirectories(tmp.resolve("other-disk/hearth/config"));
        Path http = Files.writeString(moved.resolve("http.config"), "org.apache.felix.https.keystore.password=\"x\"\n");
        Files.setPosixFilePermissions(http, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(moved.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createSymbolicLink(tmp.resolve("data"), moved.getParent());

        assertEquals(3, PrivateFolder.secure(data, err), "the folder, config and the file");
        assertEquals("rwx------", perms(moved.getParent()));
        assertEquals("rw-------", perms(http));
        try (PrivateFolder watch = PrivateFolder.watch(data, err)) {
            Path later = Files.writeString(data.resolve("config/later.config"), "x");
            Files.setPosixFilePermissions(later, PosixFilePermissions.fromString("rw-r--r--"));
            awaitPerms(moved.resolve("later.config"), "rw-------");
        }
    }

    @Test
    void filesMadeWhileRunningBecomePrivate(@TempDir Path tmp) throws Exception {
        assumeTrue(PrivateFolder.posix(tmp), "POSIX permissions");
        Path data = Files.createDirectories(tmp.resolve("data/config"));
        try (PrivateFolder watch = PrivateFolder.watch(tmp.resolve("data"), err)) {
            Path file = Files.writeString(data.resolve("org.hearthsync.console.config"), "allow.lan=true\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Path deep = Files.createDirectories(data.resolve("a/b"));
            Path inDeep = Files.writeString(deep.resolve("x.cfg"), "x");
            Files.setPosixFilePermissions(inDeep, PosixFilePermissions.fromString("rw-r--r--"));
            awaitPerms(file, "rw-------");
            awaitPerms(inDeep, "rw-------");
            awaitPerms(deep, "rwx------");
        }
    }

    private static void awaitPerms(Path p, String want) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!want.equals(perms(p)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(want, perms(p), p.toString());
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
