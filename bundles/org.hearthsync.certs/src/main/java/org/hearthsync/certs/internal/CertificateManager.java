package org.hearthsync.certs.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import org.hearthsync.api.certs.ServerIdentity;
import org.hearthsync.certs.internal.KeyStoreFiles.KeyAndChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate authority without OSGi: loads or creates the CA, keeps a server certificate in
 * force that covers every wanted name and is never closer to expiry than the renewal margin, and
 * counts generations. Thread-safe.
 *
 * <p>Wanted names are the configured extra names, the names ever passed to {@link #ensureNames}
 * (persisted), and this computer's names (loopback, host names, interface addresses). A new
 * certificate is issued when one of them is missing (keeping the names already covered), when the
 * renewal margin is reached or the key type changed (then with exactly the wanted names, so
 * addresses the computer no longer has drop out), or when the certificate is unusable.
 */
public final class CertificateManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);
    private static final String GENERATION = "generation";
    private static final String REQUESTED = "requestedNames";

    private final KeyStoreFiles files;
    private final Provider provider;
    private final SecureRandom random;
    private final Clock clock;
    private final Supplier<SubjectNames> localNames;
    private final ServerCertificateIssuer issuer;

    // guarded by this
    private CertificateSettings settings;
    private LocalCa ca;
    private char[] password;
    private List<X509Certificate> chain; // null until a usable server certificate is known
    private long generation;
    private SubjectNames requested = SubjectNames.empty();
    private SubjectNames local = SubjectNames.empty();

    private CertificateManager(KeyStoreFiles files, CertificateSettings settings, Clock clock, Provider provider,
            SecureRandom random, Supplier<SubjectNames> localNames) {
        this.files = files;
        this.settings = settings;
        this.clock = clock;
        this.provider = provider;
        this.random = random;
        this.localNames = localNames;
        this.issuer = new ServerCertificateIssuer(provider, random, clock);
    }

    /**
     * Opens the certificate folder: creates the CA on first use (or when the stored one is unusable or
     * about to expire), loads the server certificate and issues a new one if it is missing, unusable,
     * due for renewal or short of a wanted name.
     */
    public static CertificateManager open(KeyStoreFiles files, CertificateSettings settings, Clock clock,
            Provider provider, SecureRandom random, Supplier<SubjectNames> localNames) throws IOException {
        CertificateManager manager = new CertificateManager(files, settings, clock, provider, random, localNames);
        SubjectNames discovered = localNames.get();
        synchronized (manager) {
            manager.load(discovered);
            manager.refreshLocked(discovered);
        }
        return manager;
    }

    public synchronized X509Certificate rootCertificate() {
        return ca.certificate();
    }

    public synchronized String rootFingerprint() {
        return ca.fingerprint();
    }

    public synchronized long generation() {
        return generation;
    }

    public synchronized CertificateSettings settings() {
        return settings;
    }

    /**
     * The identity in force; renews first if the renewal margin has been reached (the daily check
     * may not have run, say after the computer slept). If renewal fails, the current certificate,
     * still valid for a while, is returned and the next call tries again.
     */
    public synchronized ServerIdentity identity() {
        if (renewalDue()) {
            try {
                issue(wanted(local), "renewal");
            } catch (IOException e) {
                LOG.warn("Could not renew the server certificate; serving the current one until {}",
                        chain.get(0).getNotAfter().toInstant(), e);
            }
        }
        return identityLocked();
    }

    /**
     * Makes sure the server certificate covers {@code names}; issues a new one (current names plus
     * the wanted ones) if it does not. The names are remembered for later renewals.
     *
     * @throws IllegalArgumentException if a name is neither a DNS name nor an IP address
     * @throws UncheckedIOException     if the new certificate cannot be written
     */
    public synchronized ServerIdentity ensureNames(Collection<String> names) {
        SubjectNames asked = SubjectNames.of(names);
        try {
            SubjectNames before = requested;
            requested = requested.union(asked);
            if (!requested.equals(before)) {
                writeState();
            }
            SubjectNames current = SubjectNames.of(chain.get(0));
            if (!current.containsAll(asked)) {
                issue(current.union(wanted(local)), "new names " + current.missing(asked));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return identityLocked();
    }

    /**
     * Looks at the computer's names again and renews or reissues as needed. Returns whether a new
     * server certificate was issued.
     */
    public boolean refresh() throws IOException {
        SubjectNames discovered = localNames.get();
        synchronized (this) {
            return refreshLocked(discovered);
        }
    }

    /** Applies new settings: new extra names, validity, margin or key type take effect at once. */
    public boolean reconfigure(CertificateSettings newSettings) throws IOException {
        SubjectNames discovered = localNames.get();
        synchronized (this) {
            settings = newSettings;
            return refreshLocked(discovered);
        }
    }

    @Override
    public synchronized void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    // ---- internals, all called with the lock held

    private void load(SubjectNames discovered) throws IOException {
        files.prepareDirectory();
        local = discovered;
        ca = loadOrCreateCa(discovered);
        password = files.readOrCreatePassword(random);
        Properties state = files.readState();
        generation = parseLong(state.getProperty(GENERATION));
        String names = state.getProperty(REQUESTED, "");
        List<String> valid = new ArrayList<>();
        for (String name : names.split(",")) {
            String normal = SubjectNames.normalizeOrNull(name);
            if (normal != null) {
                valid.add(normal);
            }
        }
        requested = SubjectNames.of(valid);
        chain = loadServerChain();
        if (chain != null && generation < 1) {
            generation = 1;
        }
    }

    private LocalCa loadOrCreateCa(SubjectNames discovered) throws IOException {
        boolean hasKey = Files.exists(files.caKey());
        boolean hasCert = Files.exists(files.caCert());
        if (hasKey || hasCert) {
            try {
                LocalCa loaded = LocalCa.load(files, provider);
                if (remaining(loaded.notAfter()).compareTo(margin()) > 0) {
                    LOG.debug("Loaded the local CA {}", loaded.certificate().getSubjectX500Principal());
                    return loaded;
                }
                LOG.warn("The local CA expires {}; creating a new one. Phones must install the new root.",
                        loaded.notAfter());
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                LOG.warn("The local CA in {} is unusable ({}); moving it aside and creating a new one. "
                        + "Phones must install the new root.", files.dir(), e.toString());
            }
            files.moveAside(files.caKey(), files.caCert(), files.serverKeyStore());
        }
        String host = discovered.dnsNames().stream().filter(n -> !n.equals("localhost")).findFirst().orElse("");
        try {
            LocalCa created = LocalCa.create(host, settings.keyType(), settings.caValidityYears(), clock, provider, random);
            created.save(files);
            LOG.info("Created a new local certificate authority {} (SHA-256 {})",
                    created.certificate().getSubjectX500Principal(), created.fingerprint());
            return created;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create the local CA", e);
        }
    }

    private List<X509Certificate> loadServerChain() {
        if (!Files.exists(files.serverKeyStore())) {
            return null;
        }
        try {
            files.tightenFile(files.serverKeyStore());
            KeyAndChain keys = files.readServerKeyStore(password);
            X509Certificate leaf = keys.chain().get(0);
            if (!ca.issued(leaf)) {
                LOG.debug("The stored server certificate was not issued by the current CA");
                return null;
            }
            return List.of(leaf, ca.certificate());
        } catch (IOException | RuntimeException e) {
            LOG.warn("The server key store in {} is unusable ({}); issuing a new one", files.dir(), e.toString());
            return null;
        }
    }

    private boolean refreshLocked(SubjectNames discovered) throws IOException {
        local = discovered;
        if (remaining(ca.notAfter()).compareTo(margin()) <= 0) {
            ca = loadOrCreateCa(discovered); // moves the old CA aside and creates a new one
            chain = null;
        }
        SubjectNames wanted = wanted(discovered);
        if (chain == null) {
            issue(wanted, "first certificate");
            return true;
        }
        X509Certificate leaf = chain.get(0);
        if (KeyType.of(leaf.getPublicKey()) != settings.keyType()) {
            issue(wanted, "key type now " + settings.keyType());
            return true;
        }
        if (renewalDue()) {
            issue(wanted, "renewal");
            return true;
        }
        SubjectNames current = SubjectNames.of(leaf);
        if (!current.containsAll(wanted)) {
            issue(current.union(wanted), "new names " + current.missing(wanted));
            return true;
        }
        LOG.debug("Server certificate (generation {}) is current, valid until {}", generation, leaf.getNotAfter());
        return false;
    }

    private SubjectNames wanted(SubjectNames discovered) {
        return settings.extraNames().union(requested).union(discovered);
    }

    private boolean renewalDue() {
        return chain == null || remaining(chain.get(0).getNotAfter().toInstant()).compareTo(margin()) <= 0;
    }

    private Duration margin() {
        return Duration.ofDays(settings.renewalMarginDays());
    }

    private Duration remaining(Instant notAfter) {
        return Duration.between(clock.instant(), notAfter);
    }

    private void issue(SubjectNames names, String reason) throws IOException {
        KeyAndChain keys;
        try {
            keys = issuer.issue(ca, names, settings.keyType(), Duration.ofDays(settings.serverValidityDays()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot issue a server certificate", e);
        }
        files.writeServerKeyStore(keys, password);
        chain = keys.chain();
        generation++;
        writeState();
        LOG.info("Issued a new server certificate (generation {}, {}) for {}, valid until {}",
                generation, reason, names, chain.get(0).getNotAfter().toInstant());
    }

    private void writeState() throws IOException {
        Properties state = new Properties();
        state.setProperty(GENERATION, Long.toString(generation));
        state.setProperty(REQUESTED, String.join(",", requested.all()));
        files.writeState(state);
    }

    private ServerIdentity identityLocked() {
        return new ServerIdentity(files.serverKeyStore(), password.clone(), chain, generation);
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
