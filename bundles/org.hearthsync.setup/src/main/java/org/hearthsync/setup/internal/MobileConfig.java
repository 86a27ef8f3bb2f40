package org.hearthsync.setup.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An iOS configuration profile ({@code .mobileconfig}, an XML property list) with two payloads:
 * {@code com.apple.security.root} installs Hearth's root certificate, {@code com.apple.eas.account}
 * creates the Exchange account. The password is never in it: iOS asks for it while installing, and
 * for the user name and e-mail address as well when the profile leaves them out. The profile is not
 * signed; iOS labels it "Not Signed".
 *
 * <p>Identifiers are stable per Hearth installation and account, so installing a newer profile
 * replaces the older one; the payload UUIDs also depend on the root, so a profile made for a
 * replaced root is a different profile version.
 *
 * @param installId   the installation's identifier (random, kept in the data folder)
 * @param rootDer     the root certificate, DER
 * @param rootFingerprint its SHA-256 fingerprint
 * @param rootName    the root's common name, as iOS lists it
 * @param server      the Exchange host with its port ({@code host:8443}, {@code [v6]:8443})
 * @param userName    the account's user name, when known
 * @param email       the account's e-mail address, when known
 */
record MobileConfig(String installId, byte[] rootDer, String rootFingerprint, String rootName, String server,
        Optional<String> userName, Optional<String> email) {

    static final String MEDIA_TYPE = "application/x-apple-aspen-config";

    MobileConfig {
        Objects.requireNonNull(installId, "installId");
        Objects.requireNonNull(rootDer, "rootDer");
        Objects.requireNonNull(rootFingerprint, "rootFingerprint");
        Objects.requireNonNull(rootName, "rootName");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(email, "email");
    }

    /** The reverse-DNS identifier of the whole profile. */
    String identifier() {
        String id = "org.hearthsync.profile." + installId;
        return userName.map(u -> id + "." + identifierPart(u)).orElse(id);
    }

    byte[] toBytes() {
        String id = identifier();
        StringBuilder x = new StringBuilder(4096);
        x.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                """);
        x.append("<key>PayloadContent</key>\n<array>\n");

        x.append("<dict>\n");
        string(x, "PayloadType", "com.apple.security.root");
        integer(x, "PayloadVersion", 1);
        string(x, "PayloadIdentifier", id + ".root");
        string(x, "PayloadUUID", uuid("root"));
        string(x, "PayloadDisplayName", rootName);
        string(x, "PayloadDescription", "Hearth's own certificate authority, created on your computer. "
                + "SHA-256 fingerprint " + rootFingerprint);
        string(x, "PayloadCertificateFileName", "hearth-ca.cer");
        x.append("<key>PayloadContent</key>\n<data>\n")
                .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rootDer))
                .append("\n</data>\n");
        x.append("</dict>\n");

        x.append("<dict>\n");
        string(x, "PayloadType", "com.apple.eas.account");
        integer(x, "PayloadVersion", 1);
        string(x, "PayloadIdentifier", id + ".eas");
        string(x, "PayloadUUID", uuid("eas"));
        string(x, "PayloadDisplayName", "Hearth");
        string(x, "PayloadDescription", "Contacts, calendars, reminders and notes synced with Hearth on your computer.");
        string(x, "Host", server);
        bool(x, "SSL", true);
        userName.ifPresent(u -> string(x, "UserName", u));
        email.ifPresent(e -> string(x, "EmailAddress", e));
        // Hearth syncs no mail; the user can still switch it on
        bool(x, "EnableMail", false);
        bool(x, "EnableContacts", true);
        bool(x, "EnableCalendars", true);
        bool(x, "EnableReminders", true);
        bool(x, "EnableNotes", true);
        x.append("</dict>\n");

        x.append("</array>\n");
        string(x, "PayloadType", "Configuration");
        integer(x, "PayloadVersion", 1);
        string(x, "PayloadIdentifier", id);
        string(x, "PayloadUUID", uuid("profile"));
        string(x, "PayloadDisplayName", userName.map(u -> "Hearth (" + u + ")").orElse("Hearth"));
        string(x, "PayloadDescription", "Installs Hearth's certificate and the Exchange account for Hearth at " + server
                + ". Hearth asks for your password on the phone; it is not part of this profile.");
        string(x, "PayloadOrganization", "Hearth");
        bool(x, "PayloadRemovalDisallowed", false);
        x.append("</dict>\n</plist>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A name-based UUID: the same for the same installation, root, account and payload. */
    String uuid(String payload) {
        String seed = String.join("|", "hearth-profile", installId, rootFingerprint,
                userName.map(u -> u.toLowerCase(Locale.ROOT)).orElse(""), payload);
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().toUpperCase(Locale.ROOT);
    }

    private static String identifierPart(String userName) {
        StringBuilder b = new StringBuilder();
        for (char c : userName.toLowerCase(Locale.ROOT).toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 0x80 || c == '-' ? c : '-');
        }
        return b.toString();
    }

    private static void string(StringBuilder x, String key, String value) {
        x.append("<key>").append(key).append("</key>\n<string>").append(Html.escape(value)).append("</string>\n");
    }

    private static void integer(StringBuilder x, String key, int value) {
        x.append("<key>").append(key).append("</key>\n<integer>").append(value).append("</integer>\n");
    }

    private static void bool(StringBuilder x, String key, boolean value) {
        x.append("<key>").append(key).append("</key>\n").append(value ? "<true/>" : "<false/>").append('\n');
    }
}
