package org.hearthsync.ddns.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.UpdateResult.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The updater's memory, one properties file ({@code <data>/ddns/state.properties}) keyed by the
 * provider's configuration PID. Written whole on every change (to a temporary file, then moved
 * into place), so a crash leaves either the old or the new state. Holds no credential: the
 * settings are remembered only as a salted fingerprint.
 */
final class StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final String SALT = "salt";

    private final Path file;
    private final Map<String, ProviderState> states = new TreeMap<>();
    private final byte[] salt;

    StateStore(Path file) {
        this.file = file;
        Properties p = new Properties();
        if (file != null && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("cannot read the dynamic DNS state {}; starting afresh: {}", file, e.toString());
                p.clear();
            }
        }
        byte[] s;
        try {
            s = HexFormat.of().parseHex(p.getProperty(SALT, ""));
        } catch (IllegalArgumentException e) {
            s = new byte[0];
        }
        if (s.length < 16) {
            s = new byte[16];
            new SecureRandom().nextBytes(s);
        }
        this.salt = s;
        for (String name : p.stringPropertyNames()) {
            if (name.endsWith(".failures")) {
                String key = name.substring(0, name.length() - ".failures".length());
                states.put(key, read(p, key));
            }
        }
    }

    /** A salted hash of a provider's settings: equal settings give equal fingerprints in this data folder. */
    String fingerprint(Map<String, ?> settings) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            for (Map.Entry<String, ?> e : new TreeMap<>(settings).entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Values.text(e.getValue()).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 1);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized ProviderState get(String key) {
        return states.getOrDefault(key, ProviderState.NEW);
    }

    synchronized void put(String key, ProviderState state) {
        states.put(key, state);
        save();
    }

    private void save() {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty(SALT, HexFormat.of().formatHex(salt));
        states.forEach((key, s) -> write(p, key, s));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Hearth dynamic DNS state: the address each provider configuration accepted, and stops");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot write the dynamic DNS state {}: {}", file, e.toString());
        }
    }

    private static void write(Properties p, String key, ProviderState s) {
        set(p, key + ".ipv4", s.acceptedIpv4() == null ? null : Dyndns2.text(s.acceptedIpv4()));
        set(p, key + ".ipv6", s.acceptedIpv6() == null ? null : Dyndns2.text(s.acceptedIpv6()));
        set(p, key + ".accepted.config", s.acceptedConfig());
        set(p, key + ".stopped", s.stopped() == null ? null : s.stopped().name());
        set(p, key + ".stopped.message", s.stoppedMessage());
        set(p, key + ".stopped.config", s.stoppedConfig());
        set(p, key + ".last.attempt", s.lastAttempt() == null ? null : s.lastAttempt().toString());
        set(p, key + ".not.before", s.notBefore() == null ? null : s.notBefore().toString());
        set(p, key + ".backoff.server", Boolean.toString(s.backoffFromServer()));
        p.setProperty(key + ".failures", Integer.toString(s.failures()));
    }

    private static void set(Properties p, String name, String value) {
        if (value != null) {
            p.setProperty(name, value);
        }
    }

    private static ProviderState read(Properties p, String key) {
        try {
            String stopped = p.getProperty(key + ".stopped");
            return new ProviderState(address(p.getProperty(key + ".ipv4")), address(p.getProperty(key + ".ipv6")),
                    p.getProperty(key + ".accepted.config"), stopped == null ? null : Outcome.valueOf(stopped),
                    p.getProperty(key + ".stopped.message"), p.getProperty(key + ".stopped.config"),
                    instant(p.getProperty(key + ".last.attempt")), instant(p.getProperty(key + ".not.before")),
                    Integer.parseInt(p.getProperty(key + ".failures", "0")),
                    Boolean.parseBoolean(p.getProperty(key + ".backoff.server")));
        } catch (RuntimeException e) {
            LOG.warn("ignoring unreadable dynamic DNS state for {}: {}", key, e.toString());
            return ProviderState.NEW;
        }
    }

    private static InetAddress address(String literal) {
        if (literal == null || literal.isBlank()) {
            return null;
        }
        try {
            return Addresses.literal(literal).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        return s == null || s.isBlank() ? null : Instant.parse(s);
    }

}
