package org.hearthsync.setup;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One download from the setup page, by a phone or a computer (the Mac profile, and the certificates the
 * computers' page {@code /computers} links to: the same files the phones fetch).
 *
 * @param time     when it was served
 * @param what     what was served
 * @param client   the family of the phone that fetched it, from its User-Agent ("iPhone", "iPad",
 *                 "Android", "Windows Phone", "Mac", "Windows", "Linux" or "other"); never the
 *                 full User-Agent
 * @param userName the account a configuration profile was made for; empty for a generic profile
 *                 and for certificates
 */
public record Onboarding(Instant time, Artifact what, String client, Optional<String> userName) {

    /** What the setup page served. */
    public enum Artifact {
        /** The root certificate, DER, as {@code .crt} (Android and others). */
        CERTIFICATE_CRT,
        /** The root certificate, DER, as {@code .cer} (Windows Phone). */
        CERTIFICATE_CER,
        /** An iOS configuration profile: the root plus the Exchange account. */
        IOS_PROFILE,
        /** A macOS configuration profile: the root plus the CalDAV and CardDAV accounts (since 1.2.0). */
        MAC_PROFILE
    }

    public Onboarding {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(userName, "userName");
    }

    /**
     * Whether a computer fetched it, not a phone or tablet: the Mac profile, or a certificate fetched by the families
     * "Mac", "Windows" and "Linux" (a certificate is the same file for both, only the browser that fetched it tells
     * them apart). An iOS profile is always a phone's or tablet's: an iPad's Safari names itself a Mac.
     *
     * @since 1.3.0
     */
    public boolean computer() {
        return switch (what) {
            case MAC_PROFILE -> true;
            case IOS_PROFILE -> false;
            case CERTIFICATE_CRT, CERTIFICATE_CER -> "Mac".equals(client) || "Windows".equals(client) || "Linux".equals(client);
        };
    }
}
