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

    /**
     * As {@link #putState}, but returns without waiting for the disk: for state whose loss in a
     * crash costs the phone one more round trip, never data (a Ping's remembered interval and
     * folders: the phone sends them again when told to). A flush per Ping, under the registry's
     * lock, queued 2,000 phones parking at once behind each other and starved the listener's threads.
     */
    default void rememberState(String userName, String deviceId, String kind, String value) {
        putState(userName, deviceId, kind, value);
    }
}
