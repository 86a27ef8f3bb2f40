package org.hearthsync.activesync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Slows down password guessing on the public listener: repeated failed sign-ins from one address
 * or for one device lock that address or device out for a while. Phones get HTTP 429 with
 * Retry-After while locked out.
 */
@ProviderType
public interface AuthThrottle {

    /** Subjects with recent failures or a lockout, most recent first. */
    List<Entry> entries();

    /**
     * The longer remaining lockout of the address and the device (either may be {@code null}), if either
     * is locked out. Every front door that checks passwords (EAS, Autodiscover, DAV) asks this first.
     */
    Optional<Duration> lockedFor(String address, String deviceId);

    /** Counts a failed sign-in from {@code address} (and for {@code deviceId}, which may be {@code null}). */
    void failure(String address, String deviceId);

    /** Lifts the lockout and forgets the failures of one subject; false when it had none. */
    boolean release(Kind kind, String subject);

    /** What a throttle entry counts failures for. */
    enum Kind {
        /** A remote IP address. */
        ADDRESS,
        /** An EAS DeviceId. */
        DEVICE
    }

    /**
     * One subject's state.
     *
     * @param kind        address or device
     * @param subject     the address or DeviceId
     * @param failures    failed sign-ins within the counting window
     * @param lastFailure when the last one happened
     * @param lockedUntil end of the current lockout, or {@code null} when not locked out
     */
    record Entry(Kind kind, String subject, int failures, Instant lastFailure, Instant lockedUntil) {
    }
}
