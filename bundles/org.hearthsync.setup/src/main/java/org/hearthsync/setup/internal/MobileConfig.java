package org.hearthsync.setup.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.hearthsync.dav.DavPaths;

/**
 * An Apple configuration profile ({@code .mobileconfig}, an XML property list). {@code com.apple.security.root}
 * installs Hearth's root certificate; for a phone ({@link Kind#PHONE}, iOS) {@code com.apple.eas.account} creates the
 * Exchange account, for a Mac ({@link Kind#MAC}) {@code com.apple.caldav.account} and
 * {@code com.apple.carddav.account} create the Calendar and Contacts accounts on Hearth's DAV service (same TLS
 * port, {@link DavPaths#ROOT}, found through current-user-principal). The password is never in it: the device asks
 * for it while installing, and for the user name (and e-mail address) as well when the profile leaves them out.
 * The profile is not signed; iOS and macOS label it "Not Signed".
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
 * @param kind        which accounts it creates
 */
record MobileConfig(String installId, byte[] rootDer, String rootFingerprint, String rootName, String server,
        Optional<String> userName, Optional<String> email, Kind kind) {

    static final String MEDIA_TYPE = "application/x-apple-aspen-config";

    /** The device a profile is for, and with it the accounts it creates. */
    enum Kind {
        /** iPhone and iPad: the Exchange account. */
        PHONE,
        /** A Mac: CalDAV and CardDAV accounts for Calendar and Contacts. */
        MAC
    }

    /** A phone's profile. */
    MobileConfig(String installId, byte[] rootDer, String rootFingerprint, String rootName, String server,
            Optional<String> userName, Optional<String> email) {
        this(installId, rootDer, rootFingerprint, rootName, server, userName, email, Kind.PHONE);
    }

    MobileConfig {
        Objects.requireNonNull(installId, "installId");
        Objects.requireNonNull(rootDer, "rootDer");
        Objects.requireNonNull(rootFingerprint, "rootFingerprint");
        Objects.requireNonNull(rootName, "rootName");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(kind, "kind");
    }

    /** The reverse-DNS identifier of the whole profile; a Mac's profile is another one than a phone's. */
    String identifier() {
        String id = "org.hearthsync.profile." + installId + (kind == Kind.MAC ? ".mac" : "");
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

        if (kind == Kind.PHONE) {
            eas(x, id);
        } else {
            dav(x, id, "CalDAV", "com.apple.caldav.account", "Calendars");
            dav(x, id, "CardDAV", "com.apple.carddav.account", "Contacts");
        }
        x.append("</array>\n");
        string(x, "PayloadType", "Configuration");
        integer(x, "PayloadVersion", 1);
        string(x, "PayloadIdentifier", id);
        string(x, "PayloadUUID", uuid("profile"));
        string(x, "PayloadDisplayName", userName.map(u -> "Hearth (" + u + ")").orElse("Hearth"));
        string(x, "PayloadDescription", kind == Kind.PHONE
                ? "Installs Hearth's certificate and the Exchange account for Hearth at " + server
                        + ". Hearth asks for your password on the phone; it is not part of this profile."
                : "Installs Hearth's certificate and the calendar and contacts accounts (CalDAV, CardDAV) for Hearth at "
                        + server + ". Your Mac asks for your password; it is not part of this profile.");
        string(x, "PayloadOrganization", "Hearth");
        bool(x, "PayloadRemovalDisallowed", false);
        x.append("</dict>\n</plist>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void eas(StringBuilder x, String id) {
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
    }

    /**
     * A CalDAV or CardDAV account payload: the keys differ only by their prefix. The principal URL is the DAV root,
     * where current-user-principal leads on to the account, so it holds for any user name the Mac is given.
     */
    private void dav(StringBuilder x, String id, String prefix, String type, String what) {
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > server.lastIndexOf(']');
        String host = hasPort ? server.substring(0, colon) : server;
        int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 443;
        x.append("<dict>\n");
        string(x, "PayloadType", type);
        integer(x, "PayloadVersion", 1);
        string(x, "PayloadIdentifier", id + "." + prefix.toLowerCase(Locale.ROOT));
        string(x, "PayloadUUID", uuid(prefix.toLowerCase(Locale.ROOT)));
        string(x, "PayloadDisplayName", "Hearth " + what);
        string(x, "PayloadDescription", what + " kept in Hearth on your computer, the same as on your phones.");
        string(x, prefix + "AccountDescription", "Hearth");
        string(x, prefix + "HostName", host);
        integer(x, prefix + "Port", port);
        bool(x, prefix + "UseSSL", true);
        string(x, prefix + "PrincipalURL", "https://" + host + (port == 443 ? "" : ":" + port) + DavPaths.ROOT);
        userName.ifPresent(u -> string(x, prefix + "Username", u));
        x.append("</dict>\n");
    }

    /** A name-based UUID: the same for the same installation, root, account and payload. */
    String uuid(String payload) {
        String seed = String.join("|", "hearth-profile", installId, rootFingerprint,
                userName.map(u -> u.toLowerCase(Locale.ROOT)).orElse(""), kind == Kind.MAC ? "mac." + payload : payload);
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
