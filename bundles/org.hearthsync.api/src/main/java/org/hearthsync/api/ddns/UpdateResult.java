package org.hearthsync.api.ddns;

import java.time.Duration;
import java.util.Objects;

/**
 * What a dynamic DNS provider answered to an update.
 *
 * @param outcome    the kind of answer
 * @param message    the provider's words, for the console; never a credential
 * @param retryAfter how long to wait before the next attempt, when the provider said so, else {@code null}
 * @param sent       the addresses the request carried (since 1.3.0), or {@code null} when the provider does
 *                   not say; the updater then takes {@link DnsProvider#toSend} as what was sent
 */
public record UpdateResult(Outcome outcome, String message, Duration retryAfter, SentAddresses sent) {
    public UpdateResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    /** An answer that does not say what was sent. */
    public UpdateResult(Outcome outcome, String message, Duration retryAfter) {
        this(outcome, message, retryAfter, null);
    }

    public static UpdateResult of(Outcome outcome, String message) {
        return new UpdateResult(outcome, message, null, null);
    }

    /** This answer, saying which addresses the request carried. @since 1.3.0 */
    public UpdateResult withSent(SentAddresses addresses) {
        return new UpdateResult(outcome, message, retryAfter, addresses);
    }

    /** Nothing was sent, for the reason given (shown on the console). @since 1.3.0 */
    public static UpdateResult skipped(String reason) {
        return new UpdateResult(Outcome.SKIPPED, reason, null, SentAddresses.NONE);
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
        SERVICE_CLOSED(true),
        /**
         * Nothing was sent: the settings need an address that is not known (a URL template's
         * {@code {ip}} with no public IPv4), or nothing is left to send. Tried again when the
         * addresses or the settings change. @since 1.3.0
         */
        SKIPPED(false);

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
