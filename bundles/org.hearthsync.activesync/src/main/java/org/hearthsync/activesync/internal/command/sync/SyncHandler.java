package org.hearthsync.activesync.internal.command.sync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.hearthsync.activesync.internal.command.sync.SyncRequest.Collection;
import org.hearthsync.activesync.internal.command.ping.PushHub;
import org.hearthsync.activesync.internal.device.DeviceStateStore;
import org.hearthsync.activesync.internal.protocol.AsyncCommandHandler;
import org.hearthsync.activesync.internal.protocol.Command;
import org.hearthsync.activesync.internal.protocol.CommandContext;
import org.hearthsync.activesync.internal.device.DeviceLocks;
import org.hearthsync.activesync.internal.protocol.EasResponse;
import org.hearthsync.activesync.internal.protocol.ProtocolVersion;
import org.hearthsync.activesync.internal.store.StoreDirectory;
import org.hearthsync.activesync.internal.sync.CollectionSync;
import org.hearthsync.activesync.internal.sync.FolderState;
import org.hearthsync.activesync.internal.command.foldersync.FolderIds;
import org.hearthsync.activesync.internal.sync.FolderTarget;
import org.hearthsync.activesync.internal.sync.InstanceEdit;
import org.hearthsync.activesync.internal.sync.SafetyNet;
import org.hearthsync.activesync.internal.sync.SyncStateStore;
import org.hearthsync.activesync.internal.sync.SyncOptions;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlWriter;
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
 * responses, no key moved) is parked in the {@link PushHub} like a Ping: no thread and no device
 * lock are held. A change in one of its folders builds the response again (under the device lock);
 * the end of the interval, a newer request of the device or shutdown answers with an empty Sync
 * response (HTTP 200 without a body, MS-ASCMD 2.2.1.21.2). Only a built response that moved a key
 * is recorded for an identical retry, as for an immediate answer.
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
    static final String KIND_REQUEST = "syncreq";
    static final String KIND_RESPONSE = "syncresp";

    private final StoreDirectory stores;
    private final DeviceStateStore devices;
    private final SyncStateStore states;
    private final Clock clock;
    private final SafetyNet safety;
    private final SecureRandom random = new SecureRandom();
    /** Where quiet Wait/HeartbeatInterval requests park; {@code null}: they are answered at once. */
    private final PushHub hub;
    private final DeviceLocks locks;
    /** How long one requested second lasts (shorter in tests). */
    private final Duration second;
    /** The parked Sync of each device (a newer Sync of the device ends it). */
    private final Map<String, CompletableFuture<Set<String>>> parkedSyncs =
            new java.util.concurrent.ConcurrentHashMap<>();

    public SyncHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock) {
        this(stores, devices, states, clock, SafetyNet.of(states, stores, clock, SafetyNet.Settings.DEFAULTS, null));
    }

    public SyncHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock,
            SafetyNet safety) {
        this(stores, devices, states, clock, safety, null, null, Duration.ofSeconds(1));
    }

    public SyncHandler(StoreDirectory stores, DeviceStateStore devices, SyncStateStore states, Clock clock,
            SafetyNet safety, PushHub hub, DeviceLocks locks, Duration second) {
        this.stores = stores;
        this.devices = devices;
        this.states = states;
        this.clock = clock;
        this.safety = safety;
        this.hub = hub;
        this.locks = locks;
        this.second = second;
    }

    @Override
    public Command command() {
        return Command.SYNC;
    }

    /** What one collection of the response says. */
    private static final class Outcome {
        String collectionId;
        String sentKey;
        String key;
        String className;
        int status = 1;
        CollectionSync work;
        String folderName;
        String storeName;
        String storeCollection;
        /** For a mail folder: the answers to the client's commands (all refusals); {@code null} otherwise. */
        List<Element> mailResponses;

        /** Nothing in this collection the client has to hear about. */
        boolean quiet() {
            if (mailResponses != null) {
                return status == 1 && key != null && key.equals(sentKey) && mailResponses.isEmpty();
            }
            return status == 1 && work != null && key != null && key.equals(sentKey) && !work.clientChanged
                    && work.commands.isEmpty() && work.responses.isEmpty() && !work.moreAvailable;
        }
    }

    /** A built response: an error document, or the encoded response and what it says per collection. */
    private record Built(EasResponse error, byte[] bytes, List<Outcome> outcomes) {
        boolean quiet() {
            return error == null && !outcomes.isEmpty() && outcomes.stream().allMatch(Outcome::quiet);
        }

        EasResponse response() {
            return error != null ? error : EasResponse.encoded(bytes);
        }
    }

    @Override
    public CompletionStage<EasResponse> start(CommandContext ctx) {
        if (hub != null) {
            // a newer Sync of the device ends its parked one (a parked Ping stays: a Sync does not replace it)
            String key = deviceKey(ctx);
            CompletableFuture<Set<String>> earlier = parkedSyncs.remove(key);
            if (earlier != null) {
                hub.release(key, earlier);
            }
        }
        return respond(ctx);
    }

    private static String deviceKey(CommandContext ctx) {
        return ctx.userName().toLowerCase() + '\u0000' + ctx.deviceId();
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
        if (req != null) {
            if (req.waitMinutes() != null && (req.waitMinutes() < 1 || req.waitMinutes() > 59)) {
                return done(EasResponse.document(limit(req.waitMinutes() < 1 ? 1 : 59)));
            }
            if (req.heartbeatInterval() != null && (req.heartbeatInterval() < 60 || req.heartbeatInterval() > 3540)) {
                return done(EasResponse.document(limit(req.heartbeatInterval() < 60 ? 60 : 3540)));
            }
        }
        String user = ctx.userName();
        String device = ctx.deviceId();
        Optional<String> cached = states.deviceValue(user, device, KIND_REQUEST);
        List<Collection> collections;
        Integer window = req == null ? null : req.windowSize();
        boolean fromCache = req == null || req.collections() == null;
        if (fromCache) {
            if (!modern || cached.isEmpty()) {
                return done(EasResponse.document(topStatus(INCOMPLETE_REQUEST)));
            }
            collections = withCurrentKeys(user, device, SyncRequest.fromCache(cached.get()), List.of());
            if (window == null) {
                window = SyncRequest.cachedWindow(cached.get());
            }
        } else if (req.partial() && cached.isPresent()) {
            collections = withCurrentKeys(user, device, SyncRequest.fromCache(cached.get()), req.collections());
            if (window == null) {
                window = SyncRequest.cachedWindow(cached.get());
            }
        } else {
            collections = req.collections();
            if (collections.isEmpty()) {
                return done(EasResponse.document(topStatus(PROTOCOL_ERROR)));
            }
        }

        String hash = fromCache ? null : sha256(ctx.body());
        if (hash != null) {
            byte[] resend = exactResend(user, device, hash, collections);
            if (resend != null) {
                LOG.debug("device {} repeated its last Sync: the same response again", device);
                return done(EasResponse.encoded(resend));
            }
        }

        Integer waitSeconds = req == null ? null
                : req.heartbeatInterval() != null ? req.heartbeatInterval()
                : req.waitMinutes() != null ? Integer.valueOf(req.waitMinutes() * 60) : null;
        Built built = build(ctx, collections, window, !fromCache, hash);
        boolean noClientCommands = collections.stream().allMatch(c -> c.commands().isEmpty());
        if (waitSeconds == null || hub == null || locks == null || !noClientCommands || !built.quiet()) {
            return done(built.response());
        }
        return park(ctx, built.outcomes(), collections, window, hash, waitSeconds);
    }

    /**
     * Parks a quiet request: a change in one of its folders builds its response again (under the
     * device lock); the end of the interval, a newer request or shutdown answers with an empty response.
     */
    private CompletionStage<EasResponse> park(CommandContext ctx, List<Outcome> outcomes, List<Collection> collections,
            Integer window, String hash, int waitSeconds) {
        List<PushHub.Watch> watches = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.storeName != null) { // a mail folder never changes: nothing to watch
                watches.add(new PushHub.Watch(o.storeName, o.storeCollection, o.collectionId));
            }
        }
        List<Collection> again = List.copyOf(collections);
        AtomicReference<EasResponse> woken = new AtomicReference<>();
        AtomicReference<CompletableFuture<Set<String>>> self = new AtomicReference<>();
        String user = ctx.userName();
        String device = ctx.deviceId();
        LOG.debug("Sync of device {} parked for {} s on {} folders", device, waitSeconds, watches.size());
        String key = deviceKey(ctx);
        CompletableFuture<Set<String>> parked = hub.park(key, watches, second.multipliedBy(waitSeconds),
                hits -> {
                    ReentrantLock lock = locks.of(user, device);
                    try {
                        if (!lock.tryLock(30, TimeUnit.SECONDS)) {
                            return Set.of();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Set.of();
                    }
                    try {
                        CompletableFuture<Set<String>> me = self.get();
                        if (me == null || me.isDone()) {
                            return Set.of(); // ended by a newer request meanwhile: nothing is built for it
                        }
                        Built b = build(ctx, again, window, false, hash);
                        if (b.quiet()) {
                            return Set.of();
                        }
                        woken.set(b.response());
                        Set<String> ids = new LinkedHashSet<>();
                        hits.forEach(w -> ids.add(w.folderId()));
                        return ids.isEmpty() ? Set.of(PushHub.HIERARCHY) : ids;
                    } finally {
                        lock.unlock();
                    }
                });
        self.set(parked);
        parkedSyncs.put(key, parked);
        parked.whenComplete((set, e) -> parkedSyncs.remove(key, parked));
        return parked.thenApply(set -> {
            EasResponse r = woken.get();
            return r != null ? r : EasResponse.empty();
        });
    }

    /** Processes the collections and saves the state: the response to send (or an error). */
    private Built build(CommandContext ctx, List<Collection> collections, Integer window, boolean saveRequest,
            String hash) {
        boolean modern = ctx.version().atLeast(ProtocolVersion.V14_0);
        String user = ctx.userName();
        String device = ctx.deviceId();
        Map<String, FolderState> loaded = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        int budget = window == null ? Integer.MAX_VALUE : clampWindow(window);
        try {
            for (Collection c : collections) {
                Outcome o = process(ctx, c, loaded, budget);
                if (o.work != null) {
                    budget -= o.work.commands.size();
                }
                outcomes.add(o);
            }
        } finally {
            safety.finish(user, device);
        }
        byte[] bytes;
        try {
            bytes = encode(outcomes, modern);
        } catch (IOException e) {
            LOG.warn("cannot encode a Sync response for device {}: {}", device, e.getMessage());
            return new Built(EasResponse.document(topStatus(SERVER_ERROR)), null, outcomes);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (saveRequest) {
            List<Collection> all = new ArrayList<>(collections);
            values.put(KIND_REQUEST, new SyncRequest(all, null, null, window, false).cacheText());
        }
        boolean advanced = outcomes.stream().anyMatch(o -> o.key != null && !o.key.equals(o.sentKey));
        if (hash != null && advanced) {
            StringBuilder rec = new StringBuilder(hash).append('\n');
            for (Outcome o : outcomes) {
                rec.append(enc(o.collectionId)).append(' ').append(enc(o.sentKey)).append(' ')
                        .append(enc(o.key == null ? "" : o.key)).append('\n');
            }
            rec.append("=").append(Base64.getEncoder().encodeToString(bytes));
            values.put(KIND_RESPONSE, rec.toString());
        } else {
            values.put(KIND_RESPONSE, null);
        }
        for (Outcome o : outcomes) {
            if (o.work != null && o.status == 1) {
                safety.record(user, device, o.collectionId, o.folderName, o.work);
            }
        }
        states.save(loaded.values(), user, device, values);
        return new Built(null, bytes, outcomes);
    }

    private List<Collection> withCurrentKeys(String user, String device, List<Collection> cachedCollections,
            List<Collection> given) {
        Map<String, Collection> byId = new LinkedHashMap<>();
        for (Collection c : cachedCollections) {
            FolderState s = states.load(user, device, c.collectionId());
            if (s.primed()) {
                byId.put(c.collectionId(), c.withKey(s.curKey()));
            }
        }
        for (Collection c : given) {
            byId.put(c.collectionId(), c);
        }
        return new ArrayList<>(byId.values());
    }

    /** The cached response bytes when this request repeats the last one, which moved a key the client did not take. */
    private byte[] exactResend(String user, String device, String hash, List<Collection> collections) {
        Optional<String> rec = states.deviceValue(user, device, KIND_RESPONSE);
        if (rec.isEmpty() || !rec.get().startsWith(hash + "\n")) {
            return null;
        }
        String[] lines = rec.get().split("\n");
        boolean retried = false;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("=")) {
                return retried ? Base64.getDecoder().decode(lines[i].substring(1)) : null;
            }
            String[] f = lines[i].split(" ", -1);
            String folder = dec(f[0]);
            String sent = dec(f[1]);
            String issued = dec(f[2]);
            if (issued.isEmpty()) {
                continue;
            }
            FolderState s = states.load(user, device, folder);
            if (!s.primed() || !s.curKey().equals(issued)) {
                return null;
            }
            if (!sent.equals(issued)) {
                retried = true;
            }
        }
        return null;
    }

    private Outcome process(CommandContext ctx, Collection c, Map<String, FolderState> loaded, int budget) {
        Outcome o = new Outcome();
        o.collectionId = c.collectionId();
        o.sentKey = c.syncKey();
        if (loaded.containsKey(c.collectionId())) {
            o.status = PROTOCOL_ERROR; // the same folder twice in one request
            return o;
        }
        if (FolderIds.isMailFolder(devices, ctx.userName(), ctx.deviceId(), c.collectionId())) {
            return mailFolder(ctx, c, o, loaded);
        }
        FolderTarget target;
        try {
            target = FolderIds.target(stores, devices, ctx.account(), ctx.deviceId(), c.collectionId()).orElse(null);
        } catch (StoreException.Unavailable e) {
            LOG.warn("store '{}' of {} is unavailable: {}", ctx.account().storeName(), ctx.userName(), e.getMessage());
            o.status = RETRY;
            o.key = c.syncKey();
            return o;
        } catch (StoreException e) {
            LOG.warn("store '{}' of {} failed: {}", ctx.account().storeName(), ctx.userName(), e.getMessage());
            o.status = SERVER_ERROR;
            o.key = c.syncKey();
            return o;
        }
        if (target == null) {
            LOG.debug("device {} synced folder {} it should not know", ctx.deviceId(), c.collectionId());
            o.status = HIERARCHY_CHANGED;
            return o;
        }
        o.className = target.dataClass().easName();
        o.storeName = target.storeName();
        o.storeCollection = target.collectionId();
        FolderState s = states.load(ctx.userName(), ctx.deviceId(), c.collectionId());
        Integer generation = takeKey(ctx, c, s, o, loaded);
        if (generation == null) {
            return o;
        }
        CollectionSync work = new CollectionSync(target, s,
                SyncOptions.of(ctx.version().text(), s, ctx.account(), clock), clock, states, generation);
        o.work = work;
        o.folderName = target.info().displayName();
        work.safety = safety;
        work.progress = safety.start(ctx.userName(), ctx.deviceId(), c.collectionId(), o.folderName, o.className);
        int deletes = (int) c.commands().stream().filter(InstanceEdit::deletesItem).count();
        int folderSize = deletes > 0 ? s.itemCount() : 0;
        work.holdDeletes = deletes > 0 && safety.shouldHold(deletes, folderSize);
        try {
            work.progress.total = c.commands().size();
            for (Element cmd : c.commands()) {
                work.clientCommand(cmd);
            }
            if (!work.held.isEmpty()) {
                safety.hold(ctx.userName(), ctx.deviceId(), c.collectionId(), o.folderName, target.storeName(),
                        target.collectionId(), folderSize, work.held);
            }
            boolean getChanges = c.getChanges() == null || c.getChanges();
            int window = Math.min(budget, c.windowSize() == null ? DEFAULT_WINDOW : clampWindow(c.windowSize()));
            if (getChanges && window > 0) {
                work.pullForWindow();
                work.progress.total = c.commands().size() + Math.min(window, s.queueSize());
                work.collect(window);
            } else if (getChanges) {
                work.pull();
                work.moreAvailable = !s.queueIsEmpty();
            }
        } catch (StoreException e) {
            boolean unavailable = e instanceof StoreException.Unavailable;
            LOG.warn("store '{}' {} during Sync of folder {} of device {}: {}", target.storeName(),
                    unavailable ? "is unavailable" : "failed", c.collectionId(), ctx.deviceId(), e.getMessage());
            // the server changes picked for this response go back to the queue; the client's writes stay
            s.undoResponse();
            work.commands.clear();
            work.moreAvailable = false;
            o.status = unavailable ? RETRY : SERVER_ERROR;
            o.key = c.syncKey();
            return o;
        }
        if (work.clientChanged || !work.responses.isEmpty() || !work.commands.isEmpty()) {
            s.advance(generation);
            o.key = s.curKey();
        } else {
            o.key = c.syncKey();
        }
        return o;
    }

    /**
     * The folder's SyncKey: SyncKey 0 starts the folder afresh (the outcome is complete); the current
     * key confirms the last response, the previous one rolls it back (it was lost). Returns the
     * generation to continue with, or {@code null} when the outcome is complete (a new key, or an
     * invalid one). The state is in {@code loaded} (to be saved) unless the key was invalid.
     */
    private Integer takeKey(CommandContext ctx, Collection c, FolderState s, Outcome o, Map<String, FolderState> loaded) {
        if ("0".equals(c.syncKey())) {
            if (!c.commands().isEmpty()) {
                o.status = PROTOCOL_ERROR;
                return null;
            }
            loaded.put(c.collectionId(), s);
            s.resetTo(random.nextLong() & 0xffffffffL);
            applyOptions(s, c);
            s.advance(0);
            o.key = s.curKey();
            return null;
        }
        int generation;
        if (s.primed() && c.syncKey().equals(s.curKey())) {
            generation = s.confirmCurrent();
        } else if (s.primed() && c.syncKey().equals(s.prevKey())) {
            LOG.debug("device {} repeats folder {} with its previous key: rolling back the lost response",
                    ctx.deviceId(), c.collectionId());
            generation = s.rollbackToPrevious();
        } else {
            LOG.debug("device {} sent an unknown sync key for folder {}", ctx.deviceId(), c.collectionId());
            o.status = INVALID_KEY;
            o.key = "0";
            return null;
        }
        loaded.put(c.collectionId(), s);
        applyOptions(s, c);
        return generation;
    }

    /**
     * A default mail folder (MS-ASCMD 2.2.1.21): it syncs like any folder (SyncKey 0 gets a key, then
     * empty windows), so a mail client's first sync of its Inbox succeeds instead of looping on
     * "hierarchy changed". Hearth stores no mail, so every client command is refused item by item:
     * an Add or Change with status 6 (the item cannot be converted: not stored, and a phone does
     * not retry it), a Delete or Fetch of an item the folder cannot hold with 8 (object not found).
     */
    private Outcome mailFolder(CommandContext ctx, Collection c, Outcome o, Map<String, FolderState> loaded) {
        o.className = "Email";
        o.mailResponses = new ArrayList<>();
        FolderState s = states.load(ctx.userName(), ctx.deviceId(), c.collectionId());
        Integer generation = takeKey(ctx, c, s, o, loaded);
        if (generation == null) {
            return o;
        }
        for (Element cmd : c.commands()) {
            Element r = new Element(AS, cmd.name());
            switch (cmd.name()) {
                case "Add" -> r.addText(AS, "ClientId", String.valueOf(cmd.childText(AS, "ClientId")))
                        .addText(AS, "Status", Integer.toString(CONVERSION_ERROR));
                case "Change" -> r.addText(AS, "ServerId", String.valueOf(cmd.childText(AS, "ServerId")))
                        .addText(AS, "Status", Integer.toString(CONVERSION_ERROR));
                default -> r.addText(AS, "ServerId", String.valueOf(cmd.childText(AS, "ServerId")))
                        .addText(AS, "Status", Integer.toString(OBJECT_NOT_FOUND));
            }
            o.mailResponses.add(r);
        }
        if (o.mailResponses.isEmpty()) {
            o.key = c.syncKey();
        } else {
            s.advance(generation);
            o.key = s.curKey();
        }
        LOG.debug("device {} synced mail folder {}: {} client commands refused", ctx.deviceId(), c.collectionId(),
                o.mailResponses.size());
        return o;
    }

    private static void applyOptions(FolderState s, Collection c) {
        s.applyOptions(c.supported(), c.options() == null ? null : c.options().filterType(),
                c.options() == null ? null : c.options().bodyType(), c.options() == null ? null : c.options().truncation(),
                c.options() == null ? null : c.options().conflict());
    }

    private static int clampWindow(int w) {
        return Math.max(1, Math.min(MAX_WINDOW, w));
    }

    private static byte[] encode(List<Outcome> outcomes, boolean modern) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        WbxmlWriter w = new WbxmlWriter(bytes);
        w.start(AS, "Sync").start(AS, "Collections");
        for (Outcome o : outcomes) {
            w.start(AS, "Collection");
            if (!modern && o.className != null) {
                w.leaf(AS, "Class", o.className);
            }
            if (o.key != null) {
                w.leaf(AS, "SyncKey", o.key);
            }
            w.leaf(AS, "CollectionId", o.collectionId);
            w.leaf(AS, "Status", Integer.toString(o.status));
            if (o.mailResponses != null && !o.mailResponses.isEmpty() && o.status == 1) {
                w.start(AS, "Responses");
                for (Element e : o.mailResponses) {
                    w.element(e);
                }
                w.end();
            }
            CollectionSync work = o.work;
            if (work != null && o.status == 1) {
                if (work.moreAvailable) {
                    w.leaf(AS, "MoreAvailable", null);
                }
                if (!work.commands.isEmpty()) {
                    w.start(AS, "Commands");
                    for (Element e : work.commands) {
                        w.element(e);
                    }
                    w.end();
                }
                if (!work.responses.isEmpty()) {
                    w.start(AS, "Responses");
                    for (Element e : work.responses) {
                        w.element(e);
                    }
                    w.end();
                }
            }
            w.end();
        }
        w.end().end();
        w.finish();
        return bytes.toByteArray();
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

    private static String enc(String s) {
        return s.isEmpty() ? "%" : java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return "%".equals(s) ? "" : java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static LinkedHashSet<String> names(List<Element> es) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        es.forEach(e -> out.add(e.name()));
        return out;
    }
}
