package org.hearthsync.api.account;

import java.time.Instant;
import java.util.Objects;

/**
 * A phone's partnership with an account, as recorded on its first contact and kept current.
 *
 * @param userName        the account it syncs
 * @param deviceId        the EAS DeviceId
 * @param deviceType      the EAS DeviceType, such as {@code iPhone} or {@code Android}
 * @param userAgent       the last User-Agent header, or {@code null}
 * @param model           from Settings DeviceInformation, or {@code null}
 * @param operatingSystem from Settings DeviceInformation, or {@code null}
 * @param friendlyName    from Settings DeviceInformation, or {@code null}
 * @param protocolVersion the last EAS protocol version used, such as {@code 16.1}
 * @param firstSeen       first contact
 * @param lastSeen        last contact
 * @param state           what the user decided
 */
public record Device(String userName, String deviceId, String deviceType, String userAgent, String model,
        String operatingSystem, String friendlyName, String protocolVersion, Instant firstSeen, Instant lastSeen,
        DeviceState state) {
    public Device {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceType, "deviceType");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(state, "state");
    }
}
