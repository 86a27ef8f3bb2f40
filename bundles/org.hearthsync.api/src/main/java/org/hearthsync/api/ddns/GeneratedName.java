package org.hearthsync.api.ddns;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider answered to {@link DnsNameGenerator#create}.
 *
 * @param outcome       the kind of answer
 * @param hostName      the full name created, or {@code null} unless {@link Outcome#CREATED}
 * @param message       the provider's words, for the console; never a credential
 * @param retryAfter    how long to wait before trying again, when the provider said so, else {@code null}
 * @param accountConfig on success, the properties of the provider's account configuration (factory
 *                      {@link DnsNameGenerator#accountPid()}) that keeps this name current; it holds
 *                      secrets (properties starting with {@code _}): store it, never show or log it.
 *                      Empty otherwise. Left out of {@link #toString()}.
 */
public record GeneratedName(Outcome outcome, String hostName, String message, Duration retryAfter,
        Map<String, Object> accountConfig) {

    public GeneratedName {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        accountConfig = accountConfig == null ? Map.of() : Map.copyOf(accountConfig);
    }

    /** A created name and the account configuration for it. */
    public static GeneratedName created(String hostName, String message, Map<String, Object> accountConfig) {
        return new GeneratedName(Outcome.CREATED, Objects.requireNonNull(hostName, "hostName"), message, null,
                accountConfig);
    }

    /** A failure without a wait. */
    public static GeneratedName failed(Outcome outcome, String message) {
        return new GeneratedName(outcome, null, message, null, Map.of());
    }

    /** Whether the name was created. */
    public boolean ok() {
        return outcome == Outcome.CREATED;
    }

    @Override
    public String toString() {
        return "GeneratedName[" + outcome + ", " + hostName + ", " + message + (retryAfter == null ? "" : ", retry after "
                + retryAfter) + "]";
    }

    /** The kinds of answer. */
    public enum Outcome {
        /** The name was created in the account. */
        CREATED,
        /** The name is taken (by someone else, or already in this account); try another label. */
        TAKEN,
        /** The provider refused the name as malformed or not allowed. */
        INVALID,
        /** The credentials are wrong or lack the permission. */
        BAD_AUTH,
        /** The account may not have more names. */
        LIMIT,
        /** Too many requests; wait for {@link GeneratedName#retryAfter()}. */
        RATE_LIMITED,
        /** The provider could not be reached. */
        UNREACHABLE,
        /** The provider has a problem, or answered in a way not understood. */
        SERVER_ERROR,
        /** This provider cannot create names through its API. */
        UNSUPPORTED
    }
}
