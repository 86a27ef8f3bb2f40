package org.hearthsync.activesync;

import java.time.Instant;
import java.util.List;

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
