package org.hearthsync.activesync.internal.device;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the real MVStore device registry outside OSGi, for tests in other packages. */
public final class TestDevices implements AutoCloseable {
    private final MvDeviceRegistry registry;

    private TestDevices(MvDeviceRegistry registry) {
        this.registry = registry;
    }

    public static TestDevices open(Path file, Clock clock) throws IOException {
        return new TestDevices(new MvDeviceRegistry(file, clock));
    }

    /** The registry forgetting a removed device's sync state in {@code syncState}, as in the framework. */
    public static TestDevices open(Path file, Clock clock, org.hearthsync.activesync.internal.sync.SyncStateStore syncState,
            org.hearthsync.activesync.internal.device.DeviceLocks locks) throws IOException {
        MvDeviceRegistry registry = new MvDeviceRegistry(file, clock, syncState::forget, locks);
        registry.sweep(syncState); // as at activation
        return new TestDevices(registry);
    }

    public MvDeviceRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
    }
}
