package org.hearthsync.certs.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.hearthsync.certs.CertificateFormats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of the certificate folder and how they are written: every file goes through a temporary
 * file that is readable by the owner only (POSIX 0600, or an owner-only ACL), is synced, and is then
 * renamed over the old one, so a crash leaves either the old or the new file, never half of one.
 * The folder itself is 0700.
 *
 * <pre>
 * ca-key.pem             CA private key, unencrypted PKCS#8 PEM ("PRIVATE KEY")
 * ca.pem                 CA certificate, PEM
 * server.p12             server key and chain (server, CA), PKCS#12, alias "server"
 * server.p12.password    the key store and key password (random, one line, no line end)
 * state.properties       generation counter and the names asked for through ensureNames
 * </pre>
 */
public final class KeyStoreFiles {

    public static final String CA_KEY = "ca-key.pem";
    public static final String CA_CERT = "ca.pem";
    public static final String SERVER_KEYSTORE = "server.p12";
    public static final String SERVER_PASSWORD = "server.p12.password";
    public static final String STATE = "state.properties";
    public static final String SERVER_ALIAS = "server";

    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreFiles.class);
    private static final Set<PosixFilePermission> OWNER_RW =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** A key and its certificate chain, leaf first. */
    public record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
        public KeyAndChain {
            chain = List.copyOf(chain);
        }
    }

    private final Path dir;
    private final boolean posix;

    public KeyStoreFiles(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        Path probe = this.dir;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        this.posix = probe != null && Files.getFileAttributeView(probe, PosixFileAttributeView.class) != null;
    }

    public Path dir() {
        return dir;
    }

    public Path caKey() {
        return dir.resolve(CA_KEY);
    }

    public Path caCert() {
        return dir.resolve(CA_CERT);
    }

    public Path serverKeyStore() {
        return dir.resolve(SERVER_KEYSTORE);
    }

    public Path serverPassword() {
        return dir.resolve(SERVER_PASSWORD);
    }

    public Path state() {
        return dir.resolve(STATE);
    }

    /** Creates the folder (0700) if needed, and takes away group and other access if it has any. */
    public void prepareDirectory() throws IOException {
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
            } else {
                Files.createDirectory(dir);
            }
        }
        if (posix) {
            if (!Files.getPosixFilePermissions(dir).equals(OWNER_RWX)) {
                Files.setPosixFilePermissions(dir, OWNER_RWX);
                LOG.debug("Restricted {} to its owner", dir);
            }
        } else {
            restrictToOwner(dir);
        }
    }

    /** Writes {@code content} to {@code target} atomically, readable by the owner only. */
    public void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = createOwnerOnlyTempFile(target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes an existing file owner-only if it is not (a copied-in or restored file, say). */
    public void tightenFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        if (posix) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_RW)) {
                Files.setPosixFilePermissions(file, OWNER_RW);
                LOG.debug("Restricted {} to its owner", file);
            }
        } else {
            restrictToOwner(file);
        }
    }

    /** Renames unusable files out of the way, keeping them for the owner to look at. */
    public void moveAside(Path... files) {
        String suffix = ".broken-" + Instant.now().getEpochSecond();
        for (Path file : files) {
            try {
                if (Files.exists(file)) {
                    Files.move(file, file.resolveSibling(file.getFileName() + suffix),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                LOG.debug("Could not move {} aside: {}", file, e.toString());
            }
        }
    }

    // ---- CA key and certificate

    public void writePrivateKey(Path target, PrivateKey key) throws IOException {
        byte[] der = key.getEncoded(); // PKCS#8 PrivateKeyInfo
        byte[] pem = CertificateFormats.pem("PRIVATE KEY", der).getBytes(StandardCharsets.US_ASCII);
        try {
            writeAtomically(target, pem);
        } finally {
            Arrays.fill(der, (byte) 0);
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** Reads a PKCS#8 ({@code PRIVATE KEY}) or OpenSSL traditional ({@code EC/RSA PRIVATE KEY}) PEM key. */
    public PrivateKey readPrivateKey(Path source, Provider provider) throws IOException {
        try (PEMParser parser = new PEMParser(new InputStreamReader(Files.newInputStream(source),
                StandardCharsets.US_ASCII))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(provider);
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            throw new IOException(source.getFileName() + " holds no unencrypted private key");
        }
    }

    public void writeCertificate(Path target, X509Certificate certificate) throws IOException {
        writeAtomically(target, CertificateFormats.pemBytes(certificate));
    }

    public X509Certificate readCertificate(Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException | ClassCastException e) {
            throw new IOException(source.getFileName() + " holds no X.509 certificate", e);
        }
    }

    // ---- server key store

    /** The key store password, created (random, 256 bits) on first use. */
    public char[] readOrCreatePassword(SecureRandom random) throws IOException {
        Path file = serverPassword();
        if (Files.isRegularFile(file)) {
            byte[] bytes = Files.readAllBytes(file);
            try {
                CharBuffer chars = StandardCharsets.US_ASCII.decode(ByteBuffer.wrap(bytes));
                char[] password = new char[chars.remaining()];
                chars.get(password);
                int end = password.length;
                while (end > 0 && Character.isWhitespace(password[end - 1])) {
                    end--;
                }
                if (end > 0) {
                    char[] trimmed = Arrays.copyOf(password, end);
                    Arrays.fill(password, '\0');
                    tightenFile(file);
                    return trimmed;
                }
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(secret);
        try {
            writeAtomically(file, encoded);
            char[] password = new char[encoded.length];
            for (int i = 0; i < encoded.length; i++) {
                password[i] = (char) encoded[i];
            }
            return password;
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /** Writes the PKCS#12 file (JDK format: PBES2/AES-256, HMAC-SHA256) under {@link #SERVER_ALIAS}. */
    public void writeServerKeyStore(KeyAndChain keys, char[] password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(SERVER_ALIAS, keys.key(), password, keys.chain().toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            writeAtomically(serverKeyStore(), out.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the server key store", e);
        }
    }

    public KeyAndChain readServerKeyStore(char[] password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(Files.readAllBytes(serverKeyStore())), password);
            PrivateKey key = (PrivateKey) store.getKey(SERVER_ALIAS, password);
            Certificate[] chain = store.getCertificateChain(SERVER_ALIAS);
            if (key == null || chain == null || chain.length == 0) {
                throw new IOException("no '" + SERVER_ALIAS + "' key entry in " + SERVER_KEYSTORE);
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : chain) {
                certificates.add((X509Certificate) certificate);
            }
            return new KeyAndChain(key, certificates);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("cannot read the server key store", e);
        }
    }

    // ---- state

    public Properties readState() throws IOException {
        Properties state = new Properties();
        if (Files.isRegularFile(state())) {
            state.load(new StringReader(Files.readString(state(), StandardCharsets.UTF_8)));
        }
        return state;
    }

    public void writeState(Properties state) throws IOException {
        StringWriter text = new StringWriter();
        state.store(text, "Hearth certificate state");
        writeAtomically(state(), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ---- helpers

    private Path createOwnerOnlyTempFile(String name) throws IOException {
        if (posix) {
            return Files.createTempFile(dir, "." + name + "-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_RW));
        }
        Path tmp = Files.createTempFile(dir, "." + name + "-", ".tmp");
        restrictToOwner(tmp);
        return tmp;
    }

    private void syncDirectory() {
        if (!posix) {
            return; // directories cannot be opened for sync on Windows
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Could not sync {}: {}", dir, e.toString());
        }
    }

    /** Non-POSIX file systems: an ACL granting the owner, and nobody else, access. */
    private static void restrictToOwner(Path path) throws IOException {
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl != null) {
            try {
                AclEntry owner = AclEntry.newBuilder()
                        .setType(AclEntryType.ALLOW)
                        .setPrincipal(acl.getOwner())
                        .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                        .build();
                acl.setAcl(List.of(owner));
                return;
            } catch (FileSystemException | UnsupportedOperationException e) {
                LOG.debug("Could not set an owner-only ACL on {}: {}", path, e.toString());
            }
        }
        java.io.File file = path.toFile();
        boolean ok = file.setReadable(false, false) & file.setReadable(true, true)
                & file.setWritable(false, false) & file.setWritable(true, true);
        if (!ok) {
            LOG.debug("Could not restrict {} to its owner", path);
        }
    }
}
