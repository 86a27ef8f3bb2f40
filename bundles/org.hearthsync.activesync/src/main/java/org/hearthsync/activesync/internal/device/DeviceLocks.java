package org.hearthsync.activesync.internal.device;

import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.component.annotations.Component;

/**
 * Lock stripes serialising the requests of one device (and work done on its behalf outside a
 * request, such as checking a parked Ping after a store change, or forgetting a removed device).
 * One instance is shared by the engine and the device registry.
 */
@Component(service = DeviceLocks.class)
public final class DeviceLocks {
    private static final int STRIPES = 64;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public DeviceLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public ReentrantLock of(String userName, String deviceId) {
        return locks[Math.floorMod((userName.toLowerCase(Locale.ROOT) + '\u0000' + deviceId).hashCode(), STRIPES)];
    }
}
