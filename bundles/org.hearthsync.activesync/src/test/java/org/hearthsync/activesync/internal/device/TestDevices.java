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

    public MvDeviceRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
    }
}
