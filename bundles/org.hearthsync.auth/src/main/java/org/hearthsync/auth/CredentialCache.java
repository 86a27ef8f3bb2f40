package org.hearthsync.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Authorization headers verified recently, so that a phone's stream of requests (a windowed sync,
 * Ping after Ping) does not pay the slow password hash every time. Keyed by a SHA-256 digest of
 * the header (the header itself is never kept); entries expire after {@link #TTL}, and all are
 * dropped when the accounts change (a password changed, an account removed), which the registry
 * signals by a new version number.
 */
public final class CredentialCache {
    public static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 10_000;

    private record Verified(String userName, Instant expires) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Clock clock;
    private final LongSupplier accountsVersion;
    private volatile long version;

    public CredentialCache(Clock clock, LongSupplier accountsVersion) {
        this.clock = clock;
        this.accountsVersion = accountsVersion;
        this.version = accountsVersion.getAsLong();
    }

    /** The user name the header was verified for, or {@code null}. */
    public String lookup(String authorization) {
        if (authorization == null) {
            return null;
        }
        checkVersion();
        String key = digest(authorization);
        Verified v = verified.get(key);
        if (v == null) {
            return null;
        }
        if (!clock.instant().isBefore(v.expires())) {
            verified.remove(key, v);
            return null;
        }
        return v.userName();
    }

    public void remember(String authorization, String userName) {
        checkVersion();
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.put(digest(authorization), new Verified(userName, clock.instant().plus(TTL)));
    }

    public void clear() {
        verified.clear();
    }

    private void checkVersion() {
        long now = accountsVersion.getAsLong();
        if (now != version) {
            version = now;
            verified.clear();
        }
    }

    /** The SHA-256 of a header, in hex: how a header is remembered without being kept. */
    public static String digest(String header) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(header.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
