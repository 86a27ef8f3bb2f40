package org.hearthsync.activesync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Slows down password guessing on the public listener: repeated failed sign-ins from one address
 * lock that address out for a while, and failed sign-ins for one account, from any address, pause
 * that account for a time that doubles with each further failure. Guesses are refused with HTTP
 * 429 and Retry-After while paused. A phone that signed in before with the same credentials is
 * never paused: someone else's guesses cannot lock it out. Failures per DeviceId are counted for
 * the console to show, but never lock (anyone can send any DeviceId).
 */
@ProviderType
public interface AuthThrottle {

    /** Subjects with recent failures or a lockout, most recent first. */
    List<Entry> entries();

    /**
     * How long a sign-in must wait: the longer remaining pause of the address and of the account {@code userName}
     * (as the client sent it; may be {@code null}), if either is paused. Every front door that checks passwords
     * (EAS, Autodiscover, DAV) asks this first.
     */
    Optional<Duration> lockedFor(String address, String userName);

    /**
     * A wrong user name or password: counts for the address, the DeviceId ({@code null} outside EAS; shown, never
     * locking) and the account named.
     */
    void failure(String address, String deviceId, String userName);

    /** Lifts the lockout and forgets the failures of one subject; false when it had none. */
    boolean release(Kind kind, String subject);

    /** What a throttle entry counts failures for. */
    enum Kind {
        /** A remote IP address. */
        ADDRESS,
        /** An EAS DeviceId: counted, never locked out. */
        DEVICE,
        /** A user name, whatever the address or device. */
        ACCOUNT
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
