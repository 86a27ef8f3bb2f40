package org.hearthsync.activesync.internal.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.hearthsync.api.account.Device;
import org.hearthsync.api.account.DeviceRegistry;
import org.hearthsync.api.account.DeviceState;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry and per-device protocol state in one H2 MVStore file,
 * {@code <hearth.data>/activesync/devices.mv.db}. Every change is committed before the method
 * returns; protocol state (policy keys, sync keys) is also forced to disk. Removing a device also
 * forgets its folders' sync state in {@link SyncStateStore}, which would otherwise stay forever.
 */
@Component(service = { DeviceRegistry.class, DeviceStateStore.class })
public final class MvDeviceRegistry implements DeviceRegistry, DeviceStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(MvDeviceRegistry.class);
    static final String DATA_PROPERTY = "hearth.data";
    /** A contact that changes nothing but the last-seen time is written at most this often. */
    static final Duration LAST_SEEN_GRANULARITY = Duration.ofMinutes(1);
    private static final int MAX_FIELD = 256;

    private final Clock clock;
    private final MVStore mv;
    private final MVMap<String, String> devices;
    private final MVMap<String, String> states;
    /** Forgets a removed device's sync state (user, device id). */
    private final BiConsumer<String, String> forgetSyncState;
    /** The engine's per-device request locks: a removal waits for the device's request in progress. */
    private final DeviceLocks locks;
    /** How long a removal waits for the device's request in progress before it goes ahead anyway. */
    static final long REMOVAL_WAIT_SECONDS = 30;

    @Activate
    public MvDeviceRegistry(BundleContext context, @Reference SyncStateStore syncState, @Reference DeviceLocks locks)
            throws IOException {
        this(dataFolder(context.getProperty(DATA_PROPERTY)).resolve("activesync").resolve("devices.mv.db"),
                Clock.systemUTC(), syncState::forget, locks);
        sweep(syncState);
    }

    /**
     * Forgets the sync state of devices this registry does not know (removed before removal forgot
     * it, or a crash between the two). Run once at start, before the engine can serve a request.
     */
    public void sweep(SyncStateStore syncState) {
        syncState.sweep((user, deviceId) -> devices.containsKey(key(user, deviceId)));
    }

    MvDeviceRegistry(Path file, Clock clock) throws IOException {
        this(file, clock, (user, device) -> { }, new DeviceLocks());
    }

    MvDeviceRegistry(Path file, Clock clock, BiConsumer<String, String> forgetSyncState, DeviceLocks locks)
            throws IOException {
        this.clock = clock;
        this.forgetSyncState = forgetSyncState;
        this.locks = locks;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.mv = new MVStore.Builder().fileName(file.toAbsolutePath().toString()).autoCommitDisabled().open();
        this.devices = mv.openMap("devices", new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        this.states = mv.openMap("states", new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        LOG.debug("device registry {} open with {} devices", file, devices.size());
    }

    private static Path dataFolder(String property) {
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("The framework property " + DATA_PROPERTY
                    + " is not set: the device registry needs the Hearth data folder");
        }
        return Paths.get(property.strip()).toAbsolutePath().normalize();
    }

    @Deactivate
    public synchronized void close() {
        if (!mv.isClosed()) {
            mv.close();
        }
    }

    @Override
    public synchronized Device recordContact(String userName, String deviceId, String deviceType, String userAgent,
            String protocolVersion) {
        String key = key(userName, deviceId);
        Instant now = clock.instant();
        Device old = decode(devices.get(key));
        String ua = Fields.clean(userAgent, MAX_FIELD);
        String type = Fields.clean(deviceType, MAX_FIELD);
        if (old == null) {
            Device d = new Device(userName, deviceId, type, ua, null, null, null, protocolVersion, now, now,
                    DeviceState.ALLOWED);
            write(key, d);
            LOG.debug("first contact from device {} ({}) of {}", deviceId, type, userName);
            return d;
        }
        Device d = new Device(old.userName(), old.deviceId(), type, ua == null ? old.userAgent() : ua, old.model(),
                old.operatingSystem(), old.friendlyName(), protocolVersion, old.firstSeen(), now, old.state());
        boolean changed = !Objects.equals(d.deviceType(), old.deviceType()) || !Objects.equals(d.userAgent(), old.userAgent())
                || !Objects.equals(d.protocolVersion(), old.protocolVersion());
        if (changed || Duration.between(old.lastSeen(), now).compareTo(LAST_SEEN_GRANULARITY) >= 0) {
            write(key, d);
        }
        return d;
    }

    @Override
    public synchronized Device updateInformation(String userName, String deviceId, String model, String operatingSystem,
            String friendlyName) {
        String key = key(userName, deviceId);
        Device old = require(key, userName, deviceId);
        Device d = new Device(old.userName(), old.deviceId(), old.deviceType(), old.userAgent(),
                keep(model, old.model()), keep(operatingSystem, old.operatingSystem()),
                keep(friendlyName, old.friendlyName()), old.protocolVersion(), old.firstSeen(), clock.instant(), old.state());
        write(key, d);
        return d;
    }

    private static String keep(String fresh, String old) {
        String f = Fields.clean(fresh, MAX_FIELD);
        return f == null || f.isBlank() ? old : f;
    }

    @Override
    public Optional<Device> find(String userName, String deviceId) {
        return Optional.ofNullable(decode(devices.get(key(userName, deviceId))));
    }

    @Override
    public List<Device> devices() {
        List<Device> out = new ArrayList<>();
        for (String v : devices.values()) {
            Device d = decode(v);
            if (d != null) {
                out.add(d);
            }
        }
        out.sort(Comparator.comparing(Device::userName).thenComparing(Device::deviceId));
        return out;
    }

    /** Sets a device's state; a device not seen yet is registered with it, so it can be blocked ahead of time. */
    @Override
    public synchronized Device setState(String userName, String deviceId, DeviceState state) {
        Objects.requireNonNull(state, "state");
        String key = key(userName, deviceId);
        Device old = decode(devices.get(key));
        Instant now = clock.instant();
        Device d = old == null
                ? new Device(userName, deviceId, "Unknown", null, null, null, null, null, now, now, state)
                : new Device(old.userName(), old.deviceId(), old.deviceType(), old.userAgent(), old.model(),
                        old.operatingSystem(), old.friendlyName(), old.protocolVersion(), old.firstSeen(), old.lastSeen(),
                        state);
        write(key, d);
        mv.sync();
        LOG.debug("device {} of {} is now {}", deviceId, userName, state);
        return d;
    }

    /**
     * Forgets the partnership and the device's sync state. Done under the device's request lock (taken
     * before this registry's monitor, in the engine's order): a request of the device in progress ends
     * and saves first, so it cannot write back what is forgotten here.
     */
    @Override
    public boolean remove(String userName, String deviceId) {
        ReentrantLock lock = locks.of(userName, deviceId);
        boolean locked = false;
        try {
            locked = lock.tryLock(REMOVAL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            LOG.warn("removing device {} of {} without waiting longer for its request in progress", deviceId, userName);
        }
        try {
            boolean existed = removeEntries(userName, deviceId);
            // after the registry: a crash in between leaves unused sync state, never a registered device without it
            forgetSyncState.accept(userName, deviceId);
            LOG.debug("forgot device {} of {}", deviceId, userName);
            return existed;
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private synchronized boolean removeEntries(String userName, String deviceId) {
        String key = key(userName, deviceId);
        boolean existed = devices.remove(key) != null;
        String prefix = key + '\u0000';
        List<String> stale = new ArrayList<>();
        for (String k : states.keySet()) {
            if (k.startsWith(prefix)) {
                stale.add(k);
            }
        }
        stale.forEach(states::remove);
        mv.commit();
        mv.sync();
        return existed;
    }

    @Override
    public Optional<String> state(String userName, String deviceId, String kind) {
        return Optional.ofNullable(states.get(key(userName, deviceId) + '\u0000' + kind));
    }

    @Override
    public synchronized void putState(String userName, String deviceId, String kind, String value) {
        states.put(key(userName, deviceId) + '\u0000' + kind, value);
        mv.commit();
        mv.sync();
    }

    @Override
    public synchronized void rememberState(String userName, String deviceId, String kind, String value) {
        states.put(key(userName, deviceId) + '\u0000' + kind, value);
        mv.commit(); // written to the file (survives the process), not forced to the disk
    }

    private Device require(String key, String userName, String deviceId) {
        Device d = decode(devices.get(key));
        if (d == null) {
            throw new IllegalArgumentException("no device " + deviceId + " for " + userName);
        }
        return d;
    }

    private void write(String key, Device d) {
        devices.put(key, encode(d));
        mv.commit();
    }

    static String key(String userName, String deviceId) {
        return userName.toLowerCase(Locale.ROOT) + '\u0000' + deviceId;
    }

    static String encode(Device d) {
        return Fields.join("1", d.userName(), d.deviceId(), d.deviceType(), d.userAgent(), d.model(),
                d.operatingSystem(), d.friendlyName(), d.protocolVersion(), Long.toString(d.firstSeen().toEpochMilli()),
                Long.toString(d.lastSeen().toEpochMilli()), d.state().name());
    }

    static Device decode(String stored) {
        if (stored == null) {
            return null;
        }
        List<String> f = Fields.split(stored);
        if (f.size() != 12 || !"1".equals(f.get(0))) {
            LOG.warn("ignoring an unreadable device record");
            return null;
        }
        return new Device(f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7), f.get(8),
                Instant.ofEpochMilli(Long.parseLong(f.get(9))), Instant.ofEpochMilli(Long.parseLong(f.get(10))),
                DeviceState.valueOf(f.get(11)));
    }
}
