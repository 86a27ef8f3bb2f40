package org.hearthsync.certs.acme.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.api.certs.ServerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME folder, {@code <hearth.data>/certs/acme/} (0700). Every file is written through an
 * owner-only temporary file that is synced and renamed over the old one, so a crash leaves the
 * old or the new file, never half of one; the key store is replaced before the state names its
 * new generation.
 *
 * <pre>
 * account-key.pem       the ACME account's key pair: PKCS#8 "PRIVATE KEY" and X.509 "PUBLIC KEY" PEM blocks
 * server.p12            the certificate's key and chain, PKCS#12, alias "server"
 * server.p12.password   the key store and key password (random, made once)
 * state.properties      generation of the certificate, ACME directory it came from
 * </pre>
 */
final class AcmeFiles {
    static final String ACCOUNT_KEY = "account-key.pem";
    static final String KEYSTORE = "server.p12";
    static final String PASSWORD = "server.p12.password";
    static final String STATE = "state.properties";
    static final String ALIAS = "server";

    private static final Set<PosixFilePermission> OWNER_RW =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private static final Logger LOG = LoggerFactory.getLogger(AcmeFiles.class);
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final Path dir;

    AcmeFiles(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    Path keyStore() {
        return dir.resolve(KEYSTORE);
    }

    /**
     * The account key pair, made (EC P-256) and written on first use. An unreadable one is renamed
     * aside and replaced: that costs only a new account at the CA.
     */
    KeyPair accountKey(SecureRandom random) throws IOException {
        prepare();
        Path file = dir.resolve(ACCOUNT_KEY);
        if (Files.isRegularFile(file)) {
            tighten(file);
            try {
                return readKeyPair(file);
            } catch (IOException e) {
                Path aside = file.resolveSibling(ACCOUNT_KEY + ".broken-" + System.currentTimeMillis() / 1000);
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("The ACME account key could not be read ({}); moved it to {} and making a new account", e.getMessage(), aside);
            }
        }
        try {
            KeyPair pair = KeyType.EC_P256.generate(random);
            // the JDK's PKCS#8 encoding of an EC key has no public key, so both halves are written
            byte[] pem = (pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                    + pem("PUBLIC KEY", pair.getPublic().getEncoded())).getBytes(StandardCharsets.US_ASCII);
            try {
                writeAtomically(file, pem);
            } finally {
                Arrays.fill(pem, (byte) 0);
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the ACME account key", e);
        }
    }

    private static KeyPair readKeyPair(Path file) throws IOException {
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher m = PEM_BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if ("PRIVATE KEY".equals(m.group(1))) {
                privateDer = der;
            } else if ("PUBLIC KEY".equals(m.group(1))) {
                publicDer = der;
            }
        }
        if (privateDer == null || publicDer == null) {
            throw new IOException(file + " does not hold a PRIVATE KEY and a PUBLIC KEY block");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(publicDer)),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the ACME account key in " + file, e);
        } finally {
            Arrays.fill(privateDer, (byte) 0);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The certificate on disk; empty when there is none (or it cannot be read: a new one is then ordered). */
    Optional<StoredCertificate> load() throws IOException {
        Path keyStore = keyStore();
        Path password = dir.resolve(PASSWORD);
        if (!Files.isRegularFile(keyStore) || !Files.isRegularFile(password)) {
            return Optional.empty();
        }
        char[] secret = readPassword(password);
        Properties state = readState();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(Files.readAllBytes(keyStore)), secret);
            Certificate[] chain = store.getCertificateChain(ALIAS);
            if (chain == null || chain.length == 0 || !store.isKeyEntry(ALIAS)) {
                throw new IOException("no '" + ALIAS + "' key entry in " + keyStore);
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : chain) {
                certificates.add((X509Certificate) c);
            }
            long generation = Long.parseLong(state.getProperty("generation", "1"));
            return Optional.of(new StoredCertificate(new ServerIdentity(keyStore, secret, certificates, generation),
                    state.getProperty("directory", "")));
        } catch (GeneralSecurityException | ClassCastException | NumberFormatException e) {
            throw new IOException("cannot read " + keyStore, e);
        }
    }

    /** Writes a newly issued certificate as the next generation and returns it as stored. */
    StoredCertificate save(PrivateKey key, List<X509Certificate> chain, String directory, SecureRandom random)
            throws IOException {
        prepare();
        Path passwordFile = dir.resolve(PASSWORD);
        char[] password = Files.isRegularFile(passwordFile) ? readPassword(passwordFile) : newPassword(passwordFile, random);
        Properties state = readState();
        long generation;
        try {
            generation = Long.parseLong(state.getProperty("generation", "0")) + 1;
        } catch (NumberFormatException e) {
            generation = 1;
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            writeAtomically(keyStore(), out.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the key store", e);
        }
        state.setProperty("generation", Long.toString(generation));
        state.setProperty("directory", directory);
        StringWriter text = new StringWriter();
        state.store(text, "Hearth trusted certificate (ACME)");
        writeAtomically(dir.resolve(STATE), text.toString().getBytes(StandardCharsets.ISO_8859_1));
        return new StoredCertificate(new ServerIdentity(keyStore(), password, chain, generation), directory);
    }

    private Properties readState() throws IOException {
        Properties state = new Properties();
        Path file = dir.resolve(STATE);
        if (Files.isRegularFile(file)) {
            state.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
        }
        return state;
    }

    private char[] readPassword(Path file) throws IOException {
        tighten(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return text.toCharArray();
    }

    private char[] newPassword(Path file, SecureRandom random) throws IOException {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(secret);
        try {
            writeAtomically(file, encoded);
            return new String(encoded, StandardCharsets.US_ASCII).toCharArray();
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private boolean posix() {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    /** Creates the folder (0700 on POSIX) and takes group and other access away if it has any. */
    void prepare() throws IOException {
        Files.createDirectories(dir);
        if (posix() && !Files.getPosixFilePermissions(dir).equals(OWNER_RWX)) {
            Files.setPosixFilePermissions(dir, OWNER_RWX);
        } else if (!posix()) {
            ownerOnly(dir);
        }
    }

    private void tighten(Path file) throws IOException {
        if (posix()) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_RW)) {
                Files.setPosixFilePermissions(file, OWNER_RW);
            }
        } else {
            ownerOnly(file);
        }
    }

    void writeAtomically(Path target, byte[] content) throws IOException {
        String prefix = "." + target.getFileName() + "-";
        Path tmp = posix() ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_RW))
                : Files.createTempFile(dir, prefix, ".tmp");
        try {
            if (!posix()) {
                ownerOnly(tmp);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
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
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Non-POSIX file systems (Windows): readable and writable by the owner only, as far as java.io.File can say. */
    private static void ownerOnly(Path path) {
        java.io.File file = path.toFile();
        file.setReadable(false, false);
        file.setReadable(true, true);
        file.setWritable(false, false);
        file.setWritable(true, true);
    }
}
