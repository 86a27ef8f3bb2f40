package org.hearthsync.certs.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hearthsync.api.certs.ServerIdentity;
import org.hearthsync.certs.CertificateFormats;
import org.hearthsync.certs.internal.Fixtures.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateManagerTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    Path data;

    private Path certs() {
        return data.resolve("certs");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void firstStartCreatesRootAndServerCertificateThatChainsToIt(KeyType type) throws Exception {
        Clock clock = Clock.systemUTC();
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(type, "home.example.org"), clock)) {
            X509Certificate root = manager.rootCertificate();
            ServerIdentity identity = manager.identity();

            // root: CA:TRUE pathLen 0 critical, keyCertSign + cRLSign critical, SKI
            assertEquals(0, root.getBasicConstraints());
            assertTrue(root.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
            boolean[] rootUsage = root.getKeyUsage();
            assertTrue(rootUsage[5] && rootUsage[6], "keyCertSign and cRLSign");
            assertFalse(rootUsage[0], "no digitalSignature on the root");
            assertNotNull(root.getExtensionValue("2.5.29.14"), "subjectKeyIdentifier");
            assertTrue(root.getSubjectX500Principal().getName().startsWith("CN=Hearth local CA testhost "),
                    root.getSubjectX500Principal().getName());
            assertEquals(type, KeyType.of(root.getPublicKey()));

            // server certificate
            assertEquals(1, identity.generation());
            assertEquals(2, identity.chain().size());
            assertEquals(root, identity.chain().get(1));
            X509Certificate server = identity.certificate();
            Fixtures.validate(root, identity.chain(), clock.instant());
            assertEquals(-1, server.getBasicConstraints());
            assertTrue(server.getExtendedKeyUsage().contains(SERVER_AUTH));
            boolean[] usage = server.getKeyUsage();
            assertTrue(usage[0], "digitalSignature");
            assertEquals(type == KeyType.RSA_2048, usage[2], "keyEncipherment for RSA only");
            assertNotNull(server.getExtensionValue("2.5.29.35"), "authorityKeyIdentifier");
            assertNotNull(server.getExtensionValue("2.5.29.14"), "subjectKeyIdentifier");
            assertEquals(type, KeyType.of(server.getPublicKey()));
            assertTrue(server.getSerialNumber().bitLength() > 64 && server.getSerialNumber().bitLength() <= 128);
            assertEquals("CN=home.example.org,O=Hearth", server.getSubjectX500Principal().getName());

            SubjectNames sans = SubjectNames.of(server);
            assertTrue(sans.all().containsAll(List.of("home.example.org", "testhost", "testhost.example.lan",
                    "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "192.0.2.10")), sans.toString());

            // validity: starts a little in the past, at most 398 days in all
            Instant notBefore = server.getNotBefore().toInstant();
            Instant notAfter = server.getNotAfter().toInstant();
            assertTrue(notBefore.isBefore(clock.instant()));
            assertTrue(notBefore.isAfter(clock.instant().minus(Duration.ofHours(2))));
            assertTrue(Duration.between(notBefore, notAfter).compareTo(Duration.ofDays(398)) <= 0);
            assertEquals(Duration.ofDays(397), Duration.between(notBefore, notAfter));

            assertEquals(CertificateFormats.sha256Fingerprint(root), manager.rootFingerprint());
        }
    }

    @Test
    void keyStoreLoadsWithTheJdkAndHoldsKeyAndChain() throws Exception {
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            ServerIdentity identity = manager.identity();
            assertEquals(certs().resolve("server.p12"), identity.keyStore());
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(identity.keyStore())) {
                store.load(in, identity.password());
            }
            assertTrue(store.isKeyEntry("server"));
            assertTrue(store.getKey("server", identity.password()) instanceof PrivateKey);
            assertEquals(identity.chain(), List.of(store.getCertificateChain("server")));
            assertFalse(identity.toString().contains(new String(identity.password())));
        }
    }

    @Test
    void restartLoadsTheSameCaAndCertificate() throws Exception {
        X509Certificate root;
        ServerIdentity first;
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            root = manager.rootCertificate();
            first = manager.identity();
        }
        try (CertificateManager again = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            assertEquals(root, again.rootCertificate());
            ServerIdentity second = again.identity();
            assertEquals(first.certificate(), second.certificate());
            assertEquals(1, second.generation());
            assertArrayEquals(first.password(), second.password());
        }
    }

    @Test
    void ensureNamesIssuesFromTheSameCaAndBumpsGeneration() throws Exception {
        Clock clock = Clock.systemUTC();
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), clock)) {
            X509Certificate root = manager.rootCertificate();
            ServerIdentity before = manager.identity();

            ServerIdentity same = manager.ensureNames(Set.of("localhost", "127.0.0.1"));
            assertEquals(before.certificate(), same.certificate());
            assertEquals(1, same.generation());

            ServerIdentity after = manager.ensureNames(Set.of("Phone-Facing.example.net", "203.0.113.7", "localhost"));
            assertEquals(2, after.generation());
            assertEquals(root, manager.rootCertificate());
            assertNotEquals(before.certificate(), after.certificate());
            Fixtures.validate(root, after.chain(), clock.instant());
            SubjectNames names = SubjectNames.of(after.certificate());
            assertTrue(names.containsAll(SubjectNames.of(before.certificate())), "keeps every earlier name");
            assertTrue(names.all().containsAll(List.of("phone-facing.example.net", "203.0.113.7")));
            assertNotEquals(before.certificate().getSerialNumber(), after.certificate().getSerialNumber());

            assertThrows(IllegalArgumentException.class, () -> manager.ensureNames(Set.of("not a name")));
            assertEquals(2, manager.generation());
        }
        // the asked-for names and the generation survive a restart
        try (CertificateManager again = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), clock)) {
            assertEquals(2, again.generation());
            assertTrue(SubjectNames.of(again.identity().certificate()).all().contains("phone-facing.example.net"));
        }
    }

    @Test
    void renewsWhenWithinTheMarginAndKeepsTheCa() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        X509Certificate root;
        X509Certificate first;
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), clock)) {
            root = manager.rootCertificate();
            first = manager.identity().certificate();
            clock.advance(Duration.ofDays(300));
            assertFalse(manager.refresh(), "97 days left: nothing to do");
            assertEquals(1, manager.generation());
        }
        clock.advance(Duration.ofDays(70)); // 27 days left, margin 30
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), clock)) {
            assertEquals(root, manager.rootCertificate());
            ServerIdentity renewed = manager.identity();
            assertEquals(2, renewed.generation());
            assertNotEquals(first, renewed.certificate());
            assertTrue(renewed.certificate().getNotAfter().toInstant().isAfter(clock.instant().plus(Duration.ofDays(390))));
            Fixtures.validate(root, renewed.chain(), clock.instant());
            assertThrows(CertPathValidatorException.class,
                    () -> Fixtures.validate(root, List.of(first), clock.instant().plus(Duration.ofDays(28))));

            // the lazy check in identity() renews too, even if the daily check did not run
            clock.advance(Duration.ofDays(370));
            ServerIdentity lazy = manager.identity();
            assertEquals(3, lazy.generation());
            Fixtures.validate(root, lazy.chain(), clock.instant().plus(Duration.ofDays(30)));
        }
    }

    @Test
    void changedSettingsTakeEffect() throws Exception {
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            X509Certificate root = manager.rootCertificate();
            assertFalse(manager.reconfigure(Fixtures.settings(KeyType.EC_P256)));
            assertTrue(manager.reconfigure(Fixtures.settings(KeyType.EC_P256, "extra.example.com")));
            assertTrue(SubjectNames.of(manager.identity().certificate()).all().contains("extra.example.com"));
            assertTrue(manager.reconfigure(Fixtures.settings(KeyType.RSA_2048, "extra.example.com")));
            ServerIdentity rsa = manager.identity();
            assertEquals(KeyType.RSA_2048, KeyType.of(rsa.certificate().getPublicKey()));
            assertEquals(3, rsa.generation());
            assertEquals(root, manager.rootCertificate(), "the root stays");
            Fixtures.validate(root, rsa.chain(), Instant.now());
        }
    }

    @Test
    void keyFilesAreReadableByTheOwnerOnlyAndNoTemporaryFilesRemain() throws Exception {
        assumeTrue(Files.getFileAttributeView(data, PosixFileAttributeView.class) != null, "POSIX file system");
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            manager.ensureNames(Set.of("more.example.org"));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(certs())));
        for (String file : List.of("ca-key.pem", "server.p12", "server.p12.password", "ca.pem", "state.properties")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(certs().resolve(file))),
                    file);
        }
        try (Stream<Path> files = Files.list(certs())) {
            assertEquals(Set.of("ca-key.pem", "ca.pem", "server.p12", "server.p12.password", "state.properties"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertTrue(Files.readString(certs().resolve("ca-key.pem")).startsWith("-----BEGIN PRIVATE KEY-----\n"));

        // loosened by hand: tightened again on the next start
        Files.setPosixFilePermissions(certs().resolve("ca-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(certs(), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (CertificateManager again = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            assertEquals(2, again.generation());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(certs().resolve("ca-key.pem"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(certs())));
    }

    @Test
    void unusableCaIsMovedAsideAndReplaced() throws Exception {
        X509Certificate root;
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            root = manager.rootCertificate();
        }
        Files.writeString(certs().resolve("ca-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        try (CertificateManager again = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            assertNotEquals(root, again.rootCertificate());
            Fixtures.validate(again.rootCertificate(), again.identity().chain(), Instant.now());
            assertEquals(2, again.generation());
        }
        try (Stream<Path> files = Files.list(certs())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("ca-key.pem.broken-")));
        }
    }

    @Test
    void lostPasswordMeansANewKeyStoreFromTheSameCa() throws Exception {
        X509Certificate root;
        try (CertificateManager manager = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            root = manager.rootCertificate();
        }
        Files.delete(certs().resolve("server.p12.password"));
        try (CertificateManager again = Fixtures.open(certs(), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            assertEquals(root, again.rootCertificate());
            assertEquals(2, again.generation());
            ServerIdentity identity = again.identity();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(identity.keyStore())) {
                store.load(in, identity.password());
            }
        }
    }

    @Test
    void twoInstallationsHaveDifferentRoots() throws Exception {
        try (CertificateManager a = Fixtures.open(data.resolve("a"), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC());
                CertificateManager b = Fixtures.open(data.resolve("b"), Fixtures.settings(KeyType.EC_P256), Clock.systemUTC())) {
            assertNotEquals(a.rootCertificate().getSubjectX500Principal(), b.rootCertificate().getSubjectX500Principal());
            assertNotEquals(a.rootFingerprint(), b.rootFingerprint());
            assertThrows(CertPathValidatorException.class,
                    () -> Fixtures.validate(a.rootCertificate(), b.identity().chain(), Instant.now()));
        }
    }
}
