package org.hearthsync.activesync.internal.command.sync;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.hearthsync.activesync.internal.command.ping.PushHub;
import org.hearthsync.activesync.internal.command.sync.SyncRequest.Collection;
import org.hearthsync.activesync.internal.device.DeviceLocks;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.AsyncCommandHandler;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.protocol.ProtocolVersion;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.CachedRequest;
import org.hearthsync.activesync.internal.sync.CollectionSync;
import org.hearthsync.activesync.internal.sync.FolderState;
import org.hearthsync.activesync.internal.sync.ResendRecord;
import org.hearthsync.activesync.internal.sync.SafetyNet;
import org.hearthsync.activesync.internal.sync.SafetySettings;
import org.hearthsync.activesync.internal.sync.SavedRecord;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync (MS-ASCMD 2.2.1.21) for Contacts, Calendar, Tasks and Notes folders.
 *
 * <p>Per collection: SyncKey 0 starts over; the current key confirms the last response; the
 * previous key means the last response was lost: an identical request gets the same bytes again,
 * a different one gets the server changes of the lost response rolled back (the client's changes
 * stay, they are on the phone, and its ClientIds map to the items already created). Client changes
 * are in the store and the state on disk before the response leaves. Empty and Partial requests
 * (14.0+) are completed from the cached last request.
 *
 * <p>A request with Wait or HeartbeatInterval that leaves nothing to send (no server changes, no
 * responses, no key moved) is parked in the {@link PushHub} like a Ping (see {@link ParkedSyncs}):
 * a change in one of its folders builds the response again; the end of the interval, a newer request
 * of the device or shutdown answers with an empty Sync response (HTTP 200 without a body, MS-ASCMD
 * 2.2.1.21.2). Only a built response that moved a key is recorded for an identical retry, as for an
 * immediate answer. Each collection is done by {@link FolderSync}.
 */
public final class SyncHandler implements AsyncCommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SyncHandler.class);
    static final String AS = SyncRequest.AS;
    public static final int DEFAULT_WINDOW = 100;
    public static final int MAX_WINDOW = 512;
    static final int INVALID_KEY = 3;
    static final int PROTOCOL_ERROR = 4;
    static final int SERVER_ERROR = 5;
    static final int CONVERSION_ERROR = 6;
    static final int OBJECT_NOT_FOUND = 8;
    static final int HIERARCHY_CHANGED = 12;
    static final int INCOMPLETE_REQUEST = 13;
    static final int INVALID_WAIT = 14;
    static final int RETRY = 16;
    static final String KIND_REQUEST = CachedRequest.DEVICE_KIND;
    static final String KIND_RESPONSE = ResendRecord.DEVICE_KIND;

    private final SyncStateStore states;
    private final SafetyNet safety;
    private final FolderSync folders;
    /** Where quiet Wait/HeartbeatInterval requests park; {@code null}: they are answered at once. */
    private final ParkedSyncs parking;
    private final DeviceLocks locks;

    public SyncHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock) {
        this(stores, devices, states, clock, SafetyNet.of(states, stores, clock, SafetySettings.DEFAULTS, null));
    }

    public SyncHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock,
            SafetyNet safety) {
        this(stores, devices, states, clock, safety, null, null, Duration.ofSeconds(1));
    }

    public SyncHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock,
            SafetyNet safety, PushHub hub, DeviceLocks locks, Duration second) {
        this.states = states;
        this.safety = safety;
        this.folders = new FolderSync(stores, devices, states, clock, new CollectionSync(states, safety, clock),
                new SecureRandom());
        this.parking = hub == null ? null : new ParkedSyncs(hub, locks, second);
        this.locks = locks;
    }

    @Override
    public Command command() {
        return Command.SYNC;
    }

    /** A built response: an error document, or the encoded response and what it says per collection. */
    record Built(EasResponse error, byte[] bytes, List<Outcome> outcomes) {
        boolean quiet() {
            return error == null && !outcomes.isEmpty() && outcomes.stream().allMatch(Outcome::quiet);
        }

        EasResponse response() {
            return error != null ? error : EasResponse.encoded(bytes);
        }
    }

    @Override
    public CompletionStage<EasResponse> start(CommandContext ctx) {
        if (parking != null) {
            parking.endEarlier(ctx);
        }
        return respond(ctx);
    }

    private static CompletionStage<EasResponse> done(EasResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private CompletionStage<EasResponse> respond(CommandContext ctx) {
        boolean modern = ctx.version().atLeast(ProtocolVersion.V14_0);
        SyncRequest req = null;
        if (ctx.document() != null) {
            try {
                req = SyncRequest.parse(ctx.document());
            } catch (SyncRequest.Invalid e) {
                LOG.debug("invalid Sync request from device {}: {}", ctx.deviceId(), e.getMessage());
                return done(EasResponse.document(topStatus(PROTOCOL_ERROR)));
            }
        } else if (!modern) {
            return done(EasResponse.document(topStatus(PROTOCOL_ERROR)));
        }
        Element refused = refusedInterval(req);
        if (refused != null) {
            return done(EasResponse.document(refused));
        }
        SyncWork work = SyncWork.of(states, ctx.userName(), ctx.deviceId(), req, modern);
        if (work.refusal() != 0) {
            return done(EasResponse.document(topStatus(work.refusal())));
        }
        String hash = work.fromCache() ? null : sha256(ctx.body());
        byte[] resend = hash == null ? null : exactResend(ctx.userName(), ctx.deviceId(), hash);
        if (resend != null) {
            LOG.debug("device {} repeated its last Sync: the same response again", ctx.deviceId());
            return done(EasResponse.encoded(resend));
        }
        Integer waitSeconds = req == null ? null
                : req.heartbeatInterval() != null ? req.heartbeatInterval()
                : req.waitMinutes() != null ? Integer.valueOf(req.waitMinutes() * 60) : null;
        Built built = build(ctx, work.collections(), work.window(), !work.fromCache(), hash);
        boolean noClientCommands = work.collections().stream().allMatch(c -> c.commands().isEmpty());
        if (waitSeconds == null || parking == null || locks == null || !noClientCommands || !built.quiet()) {
            return done(built.response());
        }
        return parking.park(ctx, built.outcomes(), waitSeconds, () -> build(ctx, work.collections(), work.window(), false, hash));
    }

    /** A Wait or HeartbeatInterval out of range: the answer naming the limit; {@code null} when in range. */
    private static Element refusedInterval(SyncRequest req) {
        if (req == null) {
            return null;
        }
        if (req.waitMinutes() != null && (req.waitMinutes() < 1 || req.waitMinutes() > 59)) {
            return limit(req.waitMinutes() < 1 ? 1 : 59);
        }
        if (req.heartbeatInterval() != null && (req.heartbeatInterval() < 60 || req.heartbeatInterval() > 3540)) {
            return limit(req.heartbeatInterval() < 60 ? 60 : 3540);
        }
        return null;
    }

    /** Processes the collections and saves the state: the response to send (or an error). */
    private Built build(CommandContext ctx, List<Collection> collections, Integer window, boolean saveRequest,
            String hash) {
        String user = ctx.userName();
        String device = ctx.deviceId();
        Map<String, FolderState> loaded = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        int budget = window == null ? Integer.MAX_VALUE : clampWindow(window);
        try {
            for (Collection c : collections) {
                Outcome o = folders.process(ctx, c, loaded, budget);
                budget -= o.commandCount();
                outcomes.add(o);
            }
        } finally {
            safety.finish(user, device);
        }
        byte[] bytes;
        try {
            bytes = SyncResponseWriter.encode(outcomes, ctx.version().atLeast(ProtocolVersion.V14_0));
        } catch (IOException e) {
            LOG.warn("cannot encode a Sync response for device {}: {}", device, e.getMessage());
            return new Built(EasResponse.document(topStatus(SERVER_ERROR)), null, outcomes);
        }
        for (Outcome o : outcomes) {
            if (o.result() != null && o.status() == 1) {
                safety.record(user, device, o.collectionId(), o.target().info().displayName(), o.result().counts());
            }
        }
        states.save(loaded.values(), user, device, savedValues(collections, window, saveRequest, hash, outcomes, bytes));
        return new Built(null, bytes, outcomes);
    }

    /** The request for the next empty one, and the response for an identical retry (only if it moved a key). */
    private static Map<String, String> savedValues(List<Collection> collections, Integer window, boolean saveRequest,
            String hash, List<Outcome> outcomes, byte[] bytes) {
        Map<String, String> values = new LinkedHashMap<>();
        if (saveRequest) {
            values.put(KIND_REQUEST, SyncRequest.toCache(collections, window).encode());
        }
        if (hash != null && outcomes.stream().anyMatch(Outcome::advanced)) {
            List<ResendRecord.Folder> keys = new ArrayList<>();
            for (Outcome o : outcomes) {
                keys.add(new ResendRecord.Folder(o.collectionId(), o.sentKey(), o.key() == null ? "" : o.key()));
            }
            values.put(KIND_RESPONSE, new ResendRecord(hash, keys, bytes).encode());
        } else {
            values.put(KIND_RESPONSE, null);
        }
        return values;
    }

    /** The cached response bytes when this request repeats the last one, which moved a key the client did not take. */
    private byte[] exactResend(String user, String device, String hash) {
        Optional<String> saved = states.deviceValue(user, device, KIND_RESPONSE);
        if (saved.isEmpty()) {
            return null;
        }
        ResendRecord rec;
        try {
            rec = ResendRecord.decode(saved.get());
        } catch (SavedRecord.BadRecord e) {
            LOG.warn("the saved last Sync response of device {} is unreadable, answering afresh: {}", device, e.getMessage());
            return null;
        }
        if (!rec.requestHash().equals(hash)) {
            return null;
        }
        boolean retried = false;
        for (ResendRecord.Folder f : rec.folders()) {
            if (f.issuedKey().isEmpty()) {
                continue;
            }
            FolderState s = states.load(user, device, f.collectionId());
            if (!s.primed() || !s.curKey().equals(f.issuedKey())) {
                return null;
            }
            retried |= !f.sentKey().equals(f.issuedKey());
        }
        return retried ? rec.response() : null;
    }

    static int clampWindow(int w) {
        return Math.max(1, Math.min(MAX_WINDOW, w));
    }

    static Element topStatus(int status) {
        return new Element(AS, "Sync").addText(AS, "Status", Integer.toString(status));
    }

    private static Element limit(int limit) {
        return topStatus(INVALID_WAIT).addText(AS, "Limit", Integer.toString(limit));
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static LinkedHashSet<String> names(List<Element> es) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        es.forEach(e -> out.add(e.name()));
        return out;
    }
}
