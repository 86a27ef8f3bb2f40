package org.hearthsync.api.ddns;

import java.time.Duration;
import java.util.Objects;

/**
 * What a dynamic DNS provider answered to an update.
 *
 * @param outcome    the kind of answer
 * @param message    the provider's words, for the console; never a credential
 * @param retryAfter how long to wait before the next attempt, when the provider said so, else {@code null}
 */
public record UpdateResult(Outcome outcome, String message, Duration retryAfter) {
    public UpdateResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public static UpdateResult of(Outcome outcome, String message) {
        return new UpdateResult(outcome, message, null);
    }

    /** The answer classes of the dyndns2 protocol family, which most providers follow. */
    public enum Outcome {
        /** The name now points at the new address. */
        UPDATED(false),
        /** The name already pointed there. */
        UNCHANGED(false),
        /** The credentials are wrong; do not retry until the user changes them. */
        BAD_AUTH(true),
        /** The host name is not in this account. */
        NO_HOST(true),
        /** The host name is malformed or not a full name. */
        BAD_NAME(true),
        /** The provider blocked the account or host for abuse. */
        ABUSE(true),
        /** The client was refused (bad user agent, feature needs a paid account). */
        REFUSED(true),
        /** The provider has a problem; back off for a long while. */
        SERVER_ERROR(false),
        /** Too many requests; wait for {@link UpdateResult#retryAfter()}. */
        RATE_LIMITED(false),
        /** The provider could not be reached. */
        UNREACHABLE(false),
        /** The service no longer exists. */
        SERVICE_CLOSED(true);

        private final boolean needsUser;

        Outcome(boolean needsUser) {
            this.needsUser = needsUser;
        }

        /** Whether updates must stop until the user changes the settings. */
        public boolean needsUser() {
            return needsUser;
        }
    }
}
