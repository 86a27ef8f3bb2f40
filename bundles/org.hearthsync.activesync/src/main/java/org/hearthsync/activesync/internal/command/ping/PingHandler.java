package org.hearthsync.activesync.internal.command.ping;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.hearthsync.activesync.internal.command.ping.PushHub.Watch;
import org.hearthsync.activesync.internal.command.foldersync.FolderIds;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.AsyncCommandHandler;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.device.DeviceLocks;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.FolderState;
import org.hearthsync.activesync.internal.sync.FolderTarget;
import org.hearthsync.activesync.internal.sync.SafetyNet;
import org.hearthsync.activesync.internal.sync.ServerChanges;
import org.hearthsync.activesync.internal.sync.SyncOptions;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.api.account.Account;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ping (MS-ASCMD 2.2.1.13): answers at once when a watched folder already has changes for the
 * device, else parks the request in the {@link PushHub} until a store change concerns it or the
 * heartbeat ends. The folder list and interval are remembered, so a Ping without them (or with
 * only the interval) reuses the last ones.
 */
public final class PingHandler implements AsyncCommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PingHandler.class);
    static final String NS = "Ping";
    static final String KIND = "ping";
    public static final int NO_CHANGES = 1;
    public static final int CHANGES = 2;
    public static final int SEND_FULL_REQUEST = 3;
    public static final int PROTOCOL_ERROR = 4;
    public static final int HEARTBEAT_OUT_OF_BOUNDS = 5;
    public static final int TOO_MANY_FOLDERS = 6;
    public static final int HIERARCHY_SYNC = 7;
    public static final int SERVER_ERROR = 8;
    public static final int MAX_FOLDERS = 300;

    private final StoreDirectory stores;
    private final DeviceStateStore devices;
    private final SyncStateStore states;
    private final PushHub hub;
    /** Rejected held deletes wait in the safety net, not in the folder's queue; {@code null}: none. */
    private final SafetyNet safety;
    private final DeviceLocks locks;
    private final Clock clock;
    private final int minHeartbeat;
    private final int maxHeartbeat;

    public PingHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, PushHub hub,
            SafetyNet safety, DeviceLocks locks, Clock clock, int minHeartbeatSeconds, int maxHeartbeatSeconds) {
        this.safety = safety;
        this.locks = locks;
        this.stores = stores;
        this.devices = devices;
        this.states = states;
        this.hub = hub;
        this.clock = clock;
        this.minHeartbeat = minHeartbeatSeconds;
        this.maxHeartbeat = maxHeartbeatSeconds;
    }

    @Override
    public Command command() {
        return Command.PING;
    }

    @Override
    public CompletionStage<EasResponse> start(CommandContext ctx) {
        Element root = ctx.document();
        if (root != null && !root.is(NS, "Ping")) {
            return done(status(PROTOCOL_ERROR));
        }
        Integer heartbeat = null;
        List<String> folders = null;
        if (root != null) {
            String hb = root.childText(NS, "HeartbeatInterval");
            if (hb != null) {
                try {
                    heartbeat = Integer.valueOf(hb.trim());
                } catch (NumberFormatException e) {
                    return done(status(PROTOCOL_ERROR));
                }
            }
            Optional<Element> fs = root.child(NS, "Folders");
            if (fs.isPresent()) {
                folders = new ArrayList<>();
                for (Element f : fs.get().children(NS, "Folder")) {
                    String id = f.childText(NS, "Id");
                    if (id == null) {
                        return done(status(PROTOCOL_ERROR));
                    }
                    folders.add(id);
                }
            }
        }
        Optional<String> cached = devices.state(ctx.userName(), ctx.deviceId(), KIND);
        if (heartbeat == null || folders == null) {
            if (cached.isEmpty()) {
                return done(status(SEND_FULL_REQUEST));
            }
            String[] lines = cached.get().split("\n", -1);
            if (heartbeat == null) {
                heartbeat = Integer.valueOf(lines[0]);
            }
            if (folders == null) {
                folders = lines.length > 1 && !lines[1].isEmpty() ? List.of(lines[1].split(",")) : List.of();
            }
        }
        if (heartbeat < minHeartbeat || heartbeat > maxHeartbeat) {
            return done(status(HEARTBEAT_OUT_OF_BOUNDS).addText(NS, "HeartbeatInterval",
                    Integer.toString(heartbeat < minHeartbeat ? minHeartbeat : maxHeartbeat)));
        }
        if (folders.size() > MAX_FOLDERS) {
            return done(status(TOO_MANY_FOLDERS).addText(NS, "MaxFolders", Integer.toString(MAX_FOLDERS)));
        }
        if (folders.isEmpty()) {
            return done(status(SEND_FULL_REQUEST));
        }
        List<Watch> watches = new ArrayList<>();
        try {
            for (String id : folders) {
                if (FolderIds.isMailFolder(devices, ctx.userName(), ctx.deviceId(), id)) {
                    continue; // always empty (Hearth syncs no mail): the Ping parks on the other folders
                }
                Optional<FolderTarget> t = FolderIds.target(stores, devices, ctx.account(), ctx.deviceId(), id);
                if (t.isEmpty()) {
                    return done(status(HIERARCHY_SYNC));
                }
                watches.add(new Watch(t.get().storeName(), t.get().collectionId(), id));
            }
        } catch (StoreException e) {
            LOG.warn("store '{}' failed a Ping of device {}: {}", ctx.account().storeName(), ctx.deviceId(), e.getMessage());
            return done(status(SERVER_ERROR));
        }
        String remembered = heartbeat + "\n" + String.join(",", folders);
        if (!remembered.equals(cached.orElse(null))) {
            devices.rememberState(ctx.userName(), ctx.deviceId(), KIND, remembered);
        }
        Account account = ctx.account();
        String version = ctx.version().text();
        String user = ctx.userName();
        String device = ctx.deviceId();
        Set<String> now = changed(account, version, user, device, watches);
        if (!now.isEmpty()) {
            return done(changes(now));
        }
        LOG.debug("Ping of device {} parked for {} s on {} folders", device, heartbeat, watches.size());
        return hub.park(user.toLowerCase() + '\u0000' + device, watches, Duration.ofSeconds(heartbeat),
                hits -> changedLocked(account, version, user, device, hits)).thenApply(set -> {
                    if (set.contains(PushHub.HIERARCHY)) {
                        return EasResponse.document(status(HIERARCHY_SYNC));
                    }
                    return EasResponse.document(set.isEmpty() ? status(NO_CHANGES) : changes(set));
                });
    }

    /**
     * As {@link #changed}, but never during a request of the device (its own Sync's writes must not
     * wake it before that Sync's state is saved): while one runs, {@link PushHub#BUSY}, and the hub
     * checks again later rather than have its thread wait for this device.
     */
    private Set<String> changedLocked(Account account, String version, String user, String device, List<Watch> hits) {
        java.util.concurrent.locks.ReentrantLock lock = locks.of(user, device);
        if (!lock.tryLock()) {
            return Set.of(PushHub.BUSY);
        }
        try {
            return changed(account, version, user, device, hits);
        } finally {
            lock.unlock();
        }
    }

    /** The watched folders that have something to send to this device. */
    private Set<String> changed(Account account, String version, String user, String device, List<Watch> watches) {
        Set<String> out = new LinkedHashSet<>();
        for (Watch w : watches) {
            try {
                Optional<FolderTarget> t = FolderIds.target(stores, devices, account, device, w.folderId());
                if (t.isEmpty()) {
                    out.add(PushHub.HIERARCHY);
                    continue;
                }
                FolderState s = states.load(user, device, w.folderId());
                if (!s.primed()) {
                    continue;
                }
                if (safety != null && safety.hasRejected(user, device, w.folderId())) {
                    out.add(w.folderId()); // the next Sync takes them and sends them back
                    continue;
                }
                if (s.hasPending()) {
                    s.confirmCurrent();
                }
                ServerChanges work = ServerChanges.of(t.get(), s, SyncOptions.of(version, s, account, clock), clock, null);
                work.pull();
                if (work.estimate() > 0) {
                    out.add(w.folderId());
                }
            } catch (StoreException e) {
                LOG.debug("cannot check folder {} for device {}: {}", w.folderId(), device, e.getMessage());
            }
        }
        return out;
    }

    private static CompletionStage<EasResponse> done(Element e) {
        return CompletableFuture.completedFuture(EasResponse.document(e));
    }

    private static Element status(int status) {
        return new Element(NS, "Ping").addText(NS, "Status", Integer.toString(status));
    }

    private static Element changes(Set<String> folders) {
        if (folders.contains(PushHub.HIERARCHY)) {
            return status(HIERARCHY_SYNC);
        }
        Element e = status(CHANGES);
        Element fs = e.add(NS, "Folders");
        folders.forEach(f -> fs.addText(NS, "Folder", f));
        return e;
    }
}
