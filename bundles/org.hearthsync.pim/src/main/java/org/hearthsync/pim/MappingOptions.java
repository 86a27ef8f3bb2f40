package org.hearthsync.pim;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the mapping needs to know about the phone and the user. Immutable; start from
 * {@link #defaults()} and change with the {@code with...} methods.
 */
public final class MappingOptions {
    /** EAS body types (MS-ASAIRS BodyPreference Type). */
    public static final int BODY_PLAIN = 1;
    public static final int BODY_HTML = 2;

    /** Exchange's documented upper bound for a contact picture. */
    public static final int DEFAULT_PICTURE_MAX_BYTES = 48 * 1024;

    private final String protocolVersion;
    private final int bodyType;
    private final int truncationSize;
    private final int pictureMaxBytes;
    private final ZoneId zone;
    private final Clock clock;
    private final Set<String> supported;
    private final Set<String> ownerEmails;

    private MappingOptions(String protocolVersion, int bodyType, int truncationSize, int pictureMaxBytes,
            ZoneId zone, Clock clock, Set<String> supported, Set<String> ownerEmails) {
        this.protocolVersion = protocolVersion;
        this.bodyType = bodyType;
        this.truncationSize = truncationSize;
        this.pictureMaxBytes = pictureMaxBytes;
        this.zone = zone;
        this.clock = clock;
        this.supported = supported;
        this.ownerEmails = ownerEmails;
    }

    /** EAS 16.1, plain-text bodies, no truncation, 48 KB pictures, UTC, system clock, all fields supported. */
    public static MappingOptions defaults() {
        return new MappingOptions("16.1", BODY_PLAIN, -1, DEFAULT_PICTURE_MAX_BYTES, ZoneOffset.UTC,
                Clock.systemUTC(), null, Set.of());
    }

    /** Protocol version as the phone sends it in MS-ASProtocolVersion, e.g. {@code "14.1"}. */
    public MappingOptions withProtocolVersion(String version) {
        parseVersion(Objects.requireNonNull(version, "version"));
        return new MappingOptions(version, bodyType, truncationSize, pictureMaxBytes, zone, clock, supported, ownerEmails);
    }

    /** The body type the phone prefers ({@link #BODY_PLAIN} or {@link #BODY_HTML}) and its truncation size in bytes (negative: none). */
    public MappingOptions withBodyPreference(int type, int truncationBytes) {
        return new MappingOptions(protocolVersion, type, truncationBytes, pictureMaxBytes, zone, clock, supported, ownerEmails);
    }

    /** Largest contact picture sent, in bytes of JPEG; larger ones are scaled down on the way out. */
    public MappingOptions withPictureMaxBytes(int max) {
        return new MappingOptions(protocolVersion, bodyType, truncationSize, max, zone, clock, supported, ownerEmails);
    }

    /**
     * The user's time zone: floating times, all-day events, birthdays and date-only tasks are
     * placed on the EAS UTC time line in this zone.
     */
    public MappingOptions withZone(ZoneId zone) {
        return new MappingOptions(protocolVersion, bodyType, truncationSize, pictureMaxBytes,
                Objects.requireNonNull(zone, "zone"), clock, supported, ownerEmails);
    }

    /** Clock for DTSTAMP, LAST-MODIFIED and REV written on a change. */
    public MappingOptions withClock(Clock clock) {
        return new MappingOptions(protocolVersion, bodyType, truncationSize, pictureMaxBytes, zone,
                Objects.requireNonNull(clock, "clock"), supported, ownerEmails);
    }

    /**
     * The EAS field names (local names, e.g. {@code "Email2Address"}) the phone declared in a Sync
     * {@code Supported} element. A supported field the phone leaves out is deleted; an unsupported
     * one is ghosted and left alone. {@code null} (the default) means every field is supported.
     */
    public MappingOptions withSupported(Set<String> fieldNames) {
        return new MappingOptions(protocolVersion, bodyType, truncationSize, pictureMaxBytes, zone, clock,
                fieldNames == null ? null : Set.copyOf(fieldNames), ownerEmails);
    }

    /** The user's own addresses: a meeting they organize is sent with MeetingStatus 1, others with 3. */
    public MappingOptions withOwnerEmails(Set<String> emails) {
        Set<String> lower = new TreeSet<>();
        for (String e : emails) {
            lower.add(e.toLowerCase(Locale.ROOT));
        }
        return new MappingOptions(protocolVersion, bodyType, truncationSize, pictureMaxBytes, zone, clock,
                supported, Set.copyOf(lower));
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /** Whether the negotiated protocol version is {@code version} or later. */
    public boolean atLeast(String version) {
        return parseVersion(protocolVersion) >= parseVersion(version);
    }

    public int bodyType() {
        return bodyType;
    }

    public int truncationSize() {
        return truncationSize;
    }

    public int pictureMaxBytes() {
        return pictureMaxBytes;
    }

    public ZoneId zone() {
        return zone;
    }

    public Clock clock() {
        return clock;
    }

    /** Whether the phone knows the field, so that leaving it out means deleting it. */
    public boolean supports(String easFieldName) {
        return supported == null || supported.contains(easFieldName);
    }

    public boolean isOwner(String email) {
        return email != null && ownerEmails.contains(email.toLowerCase(Locale.ROOT));
    }

    private static int parseVersion(String v) {
        String[] parts = v.trim().split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major * 100 + minor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an EAS protocol version: " + v, e);
        }
    }

    @Override
    public String toString() {
        return "MappingOptions[" + protocolVersion + ", body " + bodyType + "/" + truncationSize + ", picture "
                + pictureMaxBytes + ", " + zone + "]";
    }
}
