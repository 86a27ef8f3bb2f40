package org.hearthsync.activesync.internal.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.auth.AuthThrottleImpl;
import org.hearthsync.activesync.internal.command.foldersync.FolderSyncHandler;
import org.hearthsync.activesync.internal.policy.Policy;
import org.hearthsync.activesync.internal.policy.PolicyKeys;
import org.hearthsync.activesync.internal.command.provision.ProvisionHandler;
import org.hearthsync.activesync.internal.policy.ProvisioningPolicy;
import org.hearthsync.activesync.internal.command.settings.SettingsHandler;
import org.hearthsync.activesync.internal.command.sync.SyncHandler;
import org.hearthsync.activesync.internal.device.TestDevices;
import org.hearthsync.activesync.internal.protocol.CommandHandler;
import org.hearthsync.activesync.internal.protocol.EasEngine;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.wbxml.Element;

/**
 * The engine with the Sync handlers on an in-memory store and real state files in a folder; it
 * can be restarted (state re-opened) or killed (state abandoned without closing) while the store
 * lives on.
 */
public final class SyncRig implements AutoCloseable {
    public static final String USER = TestRig.USER;
    public final Path folder;
    public final MemStore store;
    public final TestRig.MutableClock clock = new TestRig.MutableClock();
    public final StoreDirectory stores = new StoreDirectory();
    public final Map<String, Account> accounts = new LinkedHashMap<>();
    public final ProvisioningPolicy policy = ProvisioningPolicy.of(Policy.NONE);
    public TestDevices devices;
    public SyncStateStore syncState;
    public SafetyNet safety;
    public EasEngine engine;
    public int restarts;
    public final org.hearthsync.activesync.internal.device.DeviceLocks locks =
            new org.hearthsync.activesync.internal.device.DeviceLocks();
    public volatile org.hearthsync.activesync.internal.command.ping.PushHub hub;
    /** How long a second of a Sync's Wait or HeartbeatInterval lasts in the rig: 60 s are 1.2 s. */
    public static final Duration SYNC_WAIT_SECOND = Duration.ofMillis(20);

    public SyncRig(Path folder, MemStore store) throws IOException {
        this.folder = folder;
        this.store = store;
        stores.put("default", store);
        accounts.put(USER, new Account(USER, TestRig.EMAIL, "default", List.of()));
        store.listeners.add((st, c) -> {
            var h = hub;
            if (h != null) {
                h.changed(st, c);
            }
        });
        open();
    }

    private void open() throws IOException {
        hub = new org.hearthsync.activesync.internal.command.ping.PushHub();
        syncState = SyncStateStore.open(folder.resolve("syncstate.mv.db"));
        devices = TestDevices.open(folder.resolve("devices.mv.db"), clock, syncState, locks);
        safety = SafetyNet.of(syncState, stores, clock, safety == null ? SafetySettings.DEFAULTS : safety.settings(), hub);
        PolicyKeys keys = new PolicyKeys(devices.registry());
        AuthThrottleImpl throttle = new AuthThrottleImpl(clock, 5, Duration.ofMinutes(10), Duration.ofMinutes(5));
        List<CommandHandler> handlers = new ArrayList<>(List.of(new ProvisionHandler(devices.registry(), keys, policy),
                new SettingsHandler(devices.registry()), new FolderSyncHandler(stores, devices.registry()),
                new SyncHandler(stores, devices.registry(), syncState, clock, safety, hub, locks, SYNC_WAIT_SECOND)));
        handlers.addAll(extraHandlers());
        engine = new EasEngine(registry(), devices.registry(), throttle, policy, keys,
                org.hearthsync.wbxml.WbxmlReader.create(), handlers,
                new org.hearthsync.auth.CredentialCache(clock, () -> 0L), locks);
    }

    /** Handlers of later commands, added by {@link SyncRigHandlers}. */
    private List<CommandHandler> extraHandlers() {
        return SyncRigHandlers.create(this);
    }

    /** A clean restart: state files closed and opened again. */
    public void restart() throws IOException {
        hub.close();
        syncState.close();
        devices.close();
        restarts++;
        open();
    }

    /** A crash: the state file is dropped without a final write; whatever was committed is what survives. */
    public void kill() throws IOException {
        hub.close();
        syncState.abandon();
        devices.close();
        restarts++;
        open();
    }

    /** The rig's accounts as a registry, for engines built by other tests. */
    public AccountRegistry accountRegistry() {
        return registry();
    }

    private AccountRegistry registry() {
        return new AccountRegistry() {
            @Override
            public List<Account> accounts() {
                return new ArrayList<>(accounts.values());
            }

            @Override
            public Optional<Account> find(String userName) {
                return Optional.ofNullable(accounts.get(userName.toLowerCase()));
            }

            @Override
            public Optional<Account> authenticate(String userName, char[] password) {
                boolean ok = TestRig.PASSWORD.equals(new String(password));
                java.util.Arrays.fill(password, '\0');
                return ok ? find(userName) : Optional.empty();
            }
        };
    }

    public RawResponse post(String cmd, String version, String deviceId, String policyKey, byte[] body) {
        return postAsync(cmd, version, deviceId, policyKey, body).toCompletableFuture().join();
    }

    public java.util.concurrent.CompletionStage<RawResponse> postAsync(String cmd, String version, String deviceId,
            String policyKey, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", TestRig.basic(USER, TestRig.PASSWORD));
        h.put("MS-ASProtocolVersion", version);
        if (policyKey != null) {
            h.put("X-MS-PolicyKey", policyKey);
        }
        return engine.handleAsync(new EasHttpRequest("POST", "Cmd=" + cmd + "&User=" + USER + "&DeviceId=" + deviceId
                + "&DeviceType=RigPhone", h, body, "192.0.2.10", true));
    }

    public RawResponse post(String cmd, String version, String deviceId, String policyKey, Element body) {
        return post(cmd, version, deviceId, policyKey, TestRig.encode(body));
    }

    @Override
    public void close() {
        hub.close();
        syncState.close();
        devices.close();
    }

    /** For handlers that need the clock as a plain Clock. */
    public Clock clock() {
        return clock;
    }
}
