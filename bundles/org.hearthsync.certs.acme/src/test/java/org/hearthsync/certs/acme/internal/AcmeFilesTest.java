package org.hearthsync.certs.acme.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeFilesTest {

    @Test
    void theAccountKeyIsKeptAndReadBack(@TempDir Path tmp) throws Exception {
        AcmeFiles files = new AcmeFiles(tmp.resolve("certs/acme"));
        KeyPair first = files.accountKey(new SecureRandom());
        KeyPair again = new AcmeFiles(tmp.resolve("certs/acme")).accountKey(new SecureRandom());
        assertArrayEquals(first.getPublic().getEncoded(), again.getPublic().getEncoded());
        assertArrayEquals(first.getPrivate().getEncoded(), again.getPrivate().getEncoded());
        // the pair still signs and verifies (what ACME's JWS needs)
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(again.getPrivate());
        s.update(new byte[] { 1, 2, 3 });
        byte[] signature = s.sign();
        s.initVerify(again.getPublic());
        s.update(new byte[] { 1, 2, 3 });
        assertTrue(s.verify(signature));
        assertOwnerOnly(files.dir().resolve(AcmeFiles.ACCOUNT_KEY));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.dir())));
    }

    @Test
    void anUnreadableAccountKeyIsSetAsideAndReplaced(@TempDir Path tmp) throws Exception {
        AcmeFiles files = new AcmeFiles(tmp.resolve("acme"));
        files.prepare();
        files.writeAtomically(files.dir().resolve(AcmeFiles.ACCOUNT_KEY), "-----BEGIN EC PRIVATE KEY-----\nMCUCAQEE\n-----END EC PRIVATE KEY-----\n".getBytes());
        KeyPair pair = files.accountKey(new SecureRandom());
        assertTrue(pair.getPublic() != null);
        try (var listing = Files.list(files.dir())) {
            assertTrue(listing.anyMatch(p -> p.getFileName().toString().startsWith(AcmeFiles.ACCOUNT_KEY + ".broken-")));
        }
    }

    @Test
    void certificatesAreStoredAsIncreasingGenerations(@TempDir Path tmp) throws Exception {
        AcmeFiles files = new AcmeFiles(tmp.resolve("acme"));
        assertTrue(files.load().isEmpty());
        KeyPair key = Certificates.key();
        var now = Instant.now();
        var first = files.save(key.getPrivate(), List.of(Certificates.selfSigned(key, now, now.plusSeconds(3600), "a.example.org")),
                "https://ca.example/dir", new SecureRandom());
        assertEquals(1, first.identity().generation());
        var loaded = files.load().orElseThrow();
        assertEquals(first.identity().certificate(), loaded.identity().certificate());
        assertEquals("https://ca.example/dir", loaded.directory());
        assertEquals(files.keyStore(), loaded.identity().keyStore());

        KeyPair next = Certificates.key();
        var second = files.save(next.getPrivate(), List.of(Certificates.selfSigned(next, now, now.plusSeconds(7200), "a.example.org")),
                "https://ca.example/dir", new SecureRandom());
        assertEquals(2, second.identity().generation());
        assertArrayEquals(first.identity().password(), second.identity().password(), "the password is made once");
        assertNotEquals(first.identity().certificate(), files.load().orElseThrow().identity().certificate());
        for (String name : List.of(AcmeFiles.KEYSTORE, AcmeFiles.PASSWORD, AcmeFiles.STATE)) {
            assertOwnerOnly(files.dir().resolve(name));
        }
    }

    private static void assertOwnerOnly(Path file) throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
    }
}
