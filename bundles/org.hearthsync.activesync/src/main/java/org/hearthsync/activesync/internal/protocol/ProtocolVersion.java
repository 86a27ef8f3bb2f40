package org.hearthsync.activesync.internal.protocol;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The EAS protocol versions Hearth speaks (MS-ASHTTP 2.2.1.1.2.6), oldest first. */
public enum ProtocolVersion {
    V12_0("12.0"), V12_1("12.1"), V14_0("14.0"), V14_1("14.1"), V16_0("16.0"), V16_1("16.1");

    /** The value of the MS-ASProtocolVersions header of an OPTIONS response. */
    public static final String HEADER_VALUE = Arrays.stream(values()).map(ProtocolVersion::text)
            .collect(Collectors.joining(","));

    private final String text;

    ProtocolVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean atLeast(ProtocolVersion other) {
        return compareTo(other) >= 0;
    }

    /** Whether the command status codes of MS-ASCMD 2.2.2 (101 and up) may be sent; 14.0 and later. */
    public boolean hasCommonStatusCodes() {
        return atLeast(V14_0);
    }

    /** Parses the MS-ASProtocolVersion header value. */
    public static Optional<ProtocolVersion> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String t = header.trim();
        for (ProtocolVersion v : values()) {
            if (v.text.equals(t)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Parses the protocol version byte of the base64 query form (version times ten: 121 is 12.1). */
    public static Optional<ProtocolVersion> fromByte(int b) {
        return parse((b / 10) + "." + (b % 10));
    }
}
