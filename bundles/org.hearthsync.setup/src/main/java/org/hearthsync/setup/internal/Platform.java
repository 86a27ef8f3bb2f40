package org.hearthsync.setup.internal;

import java.util.Locale;
import java.util.Optional;

/** The kinds of phone the setup page has instructions for, recognised from the User-Agent. */
enum Platform {
    IOS("ios"), ANDROID("android"), WINDOWS_PHONE("windowsphone"), OTHER("other");

    /** The value of the page's {@code os} query parameter that picks this platform. */
    final String parameter;

    Platform(String parameter) {
        this.parameter = parameter;
    }

    /**
     * The phone a browser runs on. Windows Phone is tested first: its User-Agents also name Android
     * and iPhone ("like iPhone OS"). iPadOS Safari presents itself as a Mac, so a Mac counts as iOS
     * (a Mac installs the profile's root too).
     */
    static Platform fromUserAgent(String userAgent) {
        String ua = userAgent == null ? "" : userAgent;
        if (ua.contains("Windows Phone") || ua.contains("IEMobile") || ua.contains("Windows Mobile")) {
            return WINDOWS_PHONE;
        }
        if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") || ua.contains("Macintosh")) {
            return IOS;
        }
        if (ua.contains("Android")) {
            return ANDROID;
        }
        return OTHER;
    }

    static Optional<Platform> fromParameter(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Platform p : values()) {
            if (p.parameter.equals(v)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The device family recorded for the console: coarse, never the full User-Agent. */
    static String family(String userAgent) {
        String ua = userAgent == null ? "" : userAgent;
        if (ua.contains("Windows Phone") || ua.contains("IEMobile") || ua.contains("Windows Mobile")) {
            return "Windows Phone";
        }
        if (ua.contains("iPad")) {
            return "iPad";
        }
        if (ua.contains("iPhone") || ua.contains("iPod")) {
            return "iPhone";
        }
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("Macintosh")) {
            return "Mac";
        }
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("Linux") || ua.contains("X11")) {
            return "Linux";
        }
        return "other";
    }
}
