package org.hearthsync.activesync.internal.device;

import java.util.Optional;

/**
 * Per-device protocol state (policy keys, folder hierarchy sync state), kept next to the
 * partnership so that forgetting a device forgets its state too. Values are opaque strings owned
 * by the command that writes them. Writes are on disk when they return.
 */
public interface DeviceStateStore {

    Optional<String> state(String userName, String deviceId, String kind);

    void putState(String userName, String deviceId, String kind, String value);
}
