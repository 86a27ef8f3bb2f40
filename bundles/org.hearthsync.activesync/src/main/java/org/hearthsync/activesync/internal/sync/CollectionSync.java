package org.hearthsync.activesync.internal.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hearthsync.activesync.internal.sync.FolderState.ClientAdd;
import org.hearthsync.activesync.internal.sync.FolderState.Entry;
import org.hearthsync.activesync.internal.sync.FolderState.Undo;
import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.pim.MappingException;
import org.hearthsync.pim.MappingOptions;
import org.hearthsync.pim.MergeResult;
import org.hearthsync.pim.PimMapper;
import org.hearthsync.wbxml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one Sync collection on a loaded {@link FolderState}: the client's commands are
 * written to the store (conditional writes with the etags the phone last saw), then the store's
 * changes are pulled into the queue once and sent a window at a time. Nothing here saves: the
 * handler saves the state after the whole request. A {@link StoreException.Unavailable} escapes so
 * the caller can answer with a retry status without advancing the key.
 */
public final class CollectionSync {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionSync.class);
    static final String AS = "AirSync";
    public static final int OK = 1;
    public static final int CONVERSION_ERROR = 6;
    public static final int CONFLICT = 7;
    public static final int NOT_FOUND = 8;
    private static final int WRITE_ATTEMPTS = 4;
    /**
     * Items fetched from the store per {@code getAll}. A DAV store makes one multiget of each batch,
     * and every request costs a connection (Radicale closes it after each answer), authentication and a
     * round trip: 256 makes a window of 512 two requests instead of eight.
     */
    private static final int FETCH_BATCH = 256;

    private final FolderTarget target;
    private final FolderState state;
    private final PimMapper mapper;
    private final MappingOptions options;
    private final Clock clock;
    private final SyncStateStore journal;
    /** The key counter of the client's request (ClientIds and Add names are tied to it). */
    private final int generation;

    /** Server commands for the response ({@code AirSync:Add|Change|Delete|SoftDelete}). */
    public final List<Element> commands = new ArrayList<>();
    /** Responses to client commands. */
    public final List<Element> responses = new ArrayList<>();
    public boolean moreAvailable;
    /** Whether any client command was carried out (the key must move). */
    public boolean clientChanged;
    /** What this Sync moved, for the activity journal. */
    public int clientAdds, clientChanges, clientDeletes, serverAdds, serverChanges, serverDeletes, conflicts, heldDeletes;
    /** The safety nets, or {@code null} (GetItemEstimate, Ping: nothing is deleted there). */
    public SafetyNet safety;
    /** Client deletes are held (the mass-deletion guard fired), not applied to the store. */
    public boolean holdDeletes;
    public final List<SafetyNet.HeldItem> held = new ArrayList<>();
    /** The running Sync's progress, or {@code null}. */
    public SafetyNet.Progress progress;
    private Map<String, String> heldNames;
    /**
     * {@link #pullForWindow} left the store unasked: if this response empties the queue, the store is
     * asked before it goes, or it would say "no MoreAvailable" while changes made since wait unseen.
     */
    private boolean pullWhenDrained;
    /**
     * What the last store listing of this request said: name → etag, {@code null} for a deletion.
     * {@link #estimate} reads the etags there instead of listing the collection a second time.
     */
    private final Map<String, String> listed = new java.util.HashMap<>();
    /** The ClientIds of this request's Adds so far (a repeat within one request is refused). */
    private final java.util.Set<String> requestClientIds = new java.util.HashSet<>();
    /** Whether {@link #listed} holds the whole collection (a listing without a token): absent means gone. */
    private boolean listedAll;

    public CollectionSync(FolderTarget target, FolderState state, MappingOptions options, Clock clock,
            SyncStateStore journal, int generation) {
        this.target = target;
        this.state = state;
        this.mapper = target.mapper();
        this.options = options;
        this.clock = clock;
        this.journal = journal;
        this.generation = generation;
    }

    private String collection() {
        return target.collectionId();
    }

    // ------------------------------------------------------------------ client commands

    /** Carries out one client command element (Add, Change, Delete, Fetch). */
    public void clientCommand(Element cmd) throws StoreException.Unavailable {
        if (progress != null) {
            progress.done++;
        }
        try {
            switch (cmd.name()) {
                case "Add" -> add(cmd);
                case "Change" -> change(cmd);
                case "Delete" -> {
                    if (InstanceEdit.of(cmd) != null) {
                        change(cmd); // one occurrence (EAS 16): a write of the series, see InstanceEdit
                    } else {
                        delete(cmd);
                    }
                }
                case "Fetch" -> fetch(cmd);
                default -> LOG.debug("ignoring Sync command {}", cmd.name());
            }
        } catch (StoreException.Unavailable e) {
            throw e;
        } catch (StoreException e) {
            // too large for the store: 6, which a phone does not send again (5 it retries forever)
            boolean tooLarge = e instanceof StoreException.TooLarge;
            if (tooLarge) {
                LOG.debug("store '{}' refused a {} in collection {} as too large: {}", target.storeName(), cmd.name(),
                        collection(), e.getMessage());
            } else {
                LOG.warn("store '{}' failed a {} in collection {}: {}", target.storeName(), cmd.name(), collection(),
                        e.getMessage());
            }
            String sid = cmd.childText(AS, "ServerId");
            Element r = new Element(AS, cmd.name());
            if (cmd.name().equals("Add")) {
                r.addText(AS, "ClientId", nz(cmd.childText(AS, "ClientId")));
            } else {
                r.addText(AS, "ServerId", nz(sid));
            }
            responses.add(r.addText(AS, "Status", tooLarge ? Integer.toString(CONVERSION_ERROR) : "5"));
        }
    }

    private void add(Element cmd) throws StoreException {
        String cid = cmd.childText(AS, "ClientId");
        Element data = cmd.child(AS, "ApplicationData").orElse(null);
        if (cid == null || cid.isEmpty() || data == null) {
            responses.add(new Element(AS, "Add").addText(AS, "ClientId", nz(cid)).addText(AS, "Status", "4"));
            return;
        }
        if (!requestClientIds.add(cid)) {
            // MS-ASCMD: a ClientId is unique within a request; the second item is refused, not merged into the first
            LOG.debug("device {} repeated a ClientId in one request (status 4)", state.device);
            responses.add(new Element(AS, "Add").addText(AS, "ClientId", cid).addText(AS, "Status", "4"));
            return;
        }
        String invalid = ItemValidation.problem(target.dataClass(), data, true);
        if (invalid != null) {
            LOG.debug("device {} sent an Add with {} (status 6)", state.device, invalid);
            addResponse(cid, null, CONVERSION_ERROR);
            return;
        }
        ClientAdd known = state.clientIds.get(cid);
        if (known != null && known.generation() == generation) {
            // the same Add again (its response was lost): the item exists already
            addResponse(cid, known.sid(), OK);
            return;
        }
        MergeResult m;
        try {
            m = mapper.fromEas(null, data, options);
        } catch (MappingException e) {
            LOG.debug("device {} sent an Add that cannot be converted (status 6)", state.device);
            addResponse(cid, null, CONVERSION_ERROR);
            return;
        }
        String name = addName(cid);
        String etag;
        String existing = state.sidOf(name);
        if (existing != null) {
            state.clientIds.put(cid, new ClientAdd(existing, generation));
            addResponse(cid, existing, OK);
            return;
        }
        try {
            etag = target.store().put(collection(), name, m.text(), WriteCondition.create());
        } catch (StoreException.PreconditionFailed e) {
            // written by this very request before a crash or a lost response: adopt it
            Optional<Resource> r = target.store().get(collection(), name);
            if (r.isEmpty()) {
                throw new StoreException("the resource " + name + " exists and does not", e);
            }
            etag = r.get().etag();
        }
        String sid = state.newSid();
        state.setItem(sid, name, etag);
        state.clientIds.put(cid, new ClientAdd(sid, generation));
        clientChanged = true;
        clientAdds++;
        addResponse(cid, sid, OK);
    }

    /** A resource name fixed by the partnership, the request's key and the ClientId, so a retried Add finds its first write. */
    private String addName(String cid) {
        String seed = state.user + '\u0000' + state.device + '\u0000' + state.folderId + '\u0000' + state.epoch + '\u0000'
                + generation + '\u0000' + cid;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "eas-" + HexFormat.of().formatHex(h, 0, 16) + target.dataClass().fileExtension();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void addResponse(String cid, String sid, int status) {
        Element r = new Element(AS, "Add").addText(AS, "ClientId", cid);
        if (sid != null) {
            r.addText(AS, "ServerId", sid);
        }
        responses.add(r.addText(AS, "Status", Integer.toString(status)));
    }

    private void itemResponse(String command, String sid, int status) {
        responses.add(new Element(AS, command).addText(AS, "ServerId", nz(sid)).addText(AS, "Status",
                Integer.toString(status)));
    }

    private void change(Element cmd) throws StoreException {
        String sid = cmd.childText(AS, "ServerId");
        Element data = cmd.child(AS, "ApplicationData").orElse(null);
        String instance = InstanceEdit.of(cmd);
        Entry e = sid == null ? null : state.entry(sid);
        if (e == null) {
            responses.add(InstanceEdit.response(cmd, sid, NOT_FOUND));
            return;
        }
        if (data == null && !(instance != null && cmd.name().equals("Delete"))) {
            responses.add(InstanceEdit.response(cmd, sid, 4));
            return;
        }
        String invalid = data == null ? null : ItemValidation.problem(target.dataClass(), data, false);
        if (invalid != null) {
            LOG.debug("device {} sent a Change with {} (status 6)", state.device, invalid);
            responses.add(InstanceEdit.response(cmd, sid, CONVERSION_ERROR));
            return;
        }
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<Resource> cur = target.store().get(collection(), e.name());
            if (cur.isEmpty()) {
                // deleted on the server meanwhile: the phone gets the Delete
                state.enqueue(e.name());
                responses.add(InstanceEdit.response(cmd, sid, NOT_FOUND));
                return;
            }
            MergeResult m;
            try {
                m = instance == null ? mapper.fromEas(cur.get().content(), data, options)
                        : InstanceEdit.apply(target.dataClass(), cmd, cur.get().content(), data, options);
            } catch (MappingException ex) {
                LOG.debug("device {} sent a Change that cannot be converted (status 6)", state.device);
                responses.add(InstanceEdit.response(cmd, sid, CONVERSION_ERROR));
                return;
            }
            boolean conflict = !cur.get().etag().equals(e.etag());
            if (conflict && state.conflict != 0) {
                // the server's version wins: keep the phone's in the journal, send the server's
                conflict(e.name(), "server", m.changed() ? m.text() : null, cur.get().content());
                state.enqueue(e.name());
                clientChanged = true;
                responses.add(InstanceEdit.response(cmd, sid, CONFLICT));
                return;
            }
            if (!m.changed()) {
                state.setItem(sid, e.name(), cur.get().etag());
                clientChanged = true;
                return;
            }
            try {
                String etag = target.store().put(collection(), e.name(), m.text(), WriteCondition.ifMatch(cur.get().etag()));
                if (conflict) {
                    conflict(e.name(), "client", cur.get().content(), m.text());
                }
                state.setItem(sid, e.name(), etag);
                clientChanged = true;
                clientChanges++;
                return;
            } catch (StoreException.PreconditionFailed raced) {
                LOG.debug("a write raced a Change of device {}; re-reading", state.device);
            }
        }
        responses.add(InstanceEdit.response(cmd, sid, 5));
    }

    private void delete(Element cmd) throws StoreException {
        String sid = cmd.childText(AS, "ServerId");
        Entry e = sid == null ? null : state.entry(sid);
        if (e == null) {
            if (!issued(sid)) {
                itemResponse("Delete", sid, NOT_FOUND);
            }
            return;
        }
        if (holdDeletes) {
            // the mass-deletion guard: off the phone's state, still in the store until the user decides
            held.add(new SafetyNet.HeldItem(sid, e.name(), e.etag()));
            state.removeItem(sid);
            clientChanged = true;
            heldDeletes++;
            return;
        }
        String etag = e.etag();
        boolean read = safety != null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            String binId = null;
            if (read) {
                Optional<Resource> cur = target.store().get(collection(), e.name());
                if (cur.isEmpty()) {
                    break;
                }
                if (!cur.get().etag().equals(etag)) {
                    if (deleteConflict(sid, e, cur.get())) {
                        return;
                    }
                    etag = cur.get().etag();
                }
                if (safety != null) {
                    // kept before the delete, so a crash between the two loses nothing
                    binId = safety.recycle(state.user, state.device, target.storeName(), collection(), e.name(),
                            cur.get().content());
                }
            }
            try {
                target.store().delete(collection(), e.name(), WriteCondition.ifMatch(etag));
                clientDeletes++;
                break;
            } catch (StoreException.NotFound gone) {
                unrecycle(binId);
                break;
            } catch (StoreException.PreconditionFailed changed) {
                unrecycle(binId);
                read = true;
            }
        }
        state.removeItem(sid);
        clientChanged = true;
    }

    /** A phone deleted what the server changed since; returns whether the server's version wins. */
    private boolean deleteConflict(String sid, Entry e, Resource cur) {
        if (state.conflict != 0) {
            // the server's newer version wins: it comes back to the phone as a new item
            conflict(e.name(), "server", null, cur.content());
            state.removeItem(sid);
            state.enqueue(e.name());
            clientChanged = true;
            return true;
        }
        conflict(e.name(), "client", cur.content(), null);
        return false;
    }

    private void unrecycle(String binId) {
        if (safety != null) {
            safety.unrecycle(binId);
        }
    }

    private void conflict(String name, String winner, String loserText, String winnerText) {
        conflicts++;
        journal.journal(state.user, state.device, state.folderId, name, winner, loserText, clock.millis(),
                target.storeName(), collection(), winnerText == null ? "(deleted)" : Summary.of(winnerText));
    }

    /** Whether the ServerId is one this folder handed out (so a repeated Delete is no error). */
    private boolean issued(String sid) {
        if (sid == null || !sid.startsWith(state.folderId + ":")) {
            return false;
        }
        try {
            long k = Long.parseLong(sid.substring(state.folderId.length() + 1));
            return k > 0 && k < state.nextId;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void fetch(Element cmd) throws StoreException {
        String sid = cmd.childText(AS, "ServerId");
        Entry e = sid == null ? null : state.entry(sid);
        Optional<Resource> r = e == null ? Optional.empty() : target.store().get(collection(), e.name());
        if (r.isEmpty()) {
            itemResponse("Fetch", sid, NOT_FOUND);
            return;
        }
        try {
            Element data = mapper.toEas(r.get().content(), options);
            Element f = new Element(AS, "Fetch").addText(AS, "ServerId", sid).addText(AS, "Status", "1");
            f.add(data);
            responses.add(f);
        } catch (MappingException ex) {
            itemResponse("Fetch", sid, CONVERSION_ERROR);
        }
    }

    // ------------------------------------------------------------------ server changes

    /** Moves the store's changes since the folder's token into the queue (own writes are recognised by etag). */
    public void pull() throws StoreException {
        takeSafetyDecisions();
        pullFromStore();
    }

    /**
     * As {@link #pull()} for the next window of a Sync: while the previous windows' queue still holds
     * items, the store is not asked again. A DAV server answers a change listing in time that grows
     * with the collection, so one listing per window made a large initial sync grow faster than the
     * collection; changes made meanwhile are picked up once the queue has drained.
     */
    public void pullForWindow() throws StoreException {
        takeSafetyDecisions();
        if (state.queueEmpty() || rescanDue()) {
            pullFromStore();
        } else {
            pullWhenDrained = true;
        }
    }

    /**
     * After {@link #pull()} and a change of the options (GetItemEstimate's FilterType): lists again
     * only if the new filter needs a rescan.
     */
    public void pullIfRescanDue() throws StoreException {
        if (rescanDue()) {
            pullFromStore();
        }
    }

    private boolean rescanDue() {
        return filtered() ? state.filterType != state.rescanFilter || today() != state.rescanDay : state.rescanFilter != 0;
    }

    private void takeSafetyDecisions() {
        if (safety != null) {
            for (String name : safety.takeRejected(state.user, state.device, state.folderId)) {
                state.enqueue(name);
            }
            heldNames = safety.heldNames(state.user, state.device, state.folderId);
        }
    }

    private void pullFromStore() throws StoreException {
        ChangeSet cs;
        try {
            cs = target.store().changesSince(collection(), state.token);
        } catch (StoreException.InvalidSyncToken e) {
            LOG.debug("store token of folder {} of device {} expired; comparing in full", state.folderId, state.device);
            ChangeSet all = target.store().changesSince(collection(), null);
            remember(all, true);
            Set<String> present = new HashSet<>();
            for (ResourceRef r : all.changed()) {
                present.add(r.name());
                queueIfNew(r);
            }
            state.items.forEach((sid, v) -> {
                Entry en = Entry.decode(v);
                if (!present.contains(en.name())) {
                    state.enqueue(en.name());
                }
            });
            state.token = all.token();
            return;
        }
        remember(cs, state.token == null);
        for (ResourceRef r : cs.changed()) {
            queueIfNew(r);
        }
        for (String name : cs.deleted()) {
            if (state.sidOf(name) != null) {
                state.enqueue(name);
            }
        }
        state.token = cs.token();
        int filter = state.filterType;
        if (filtered() && (filter != state.rescanFilter || today() != state.rescanDay)) {
            // the window moved or changed: look at every item again
            for (ResourceRef r : target.store().list(collection())) {
                state.enqueue(r.name());
            }
            state.items.forEach((sid, v) -> state.enqueue(Entry.decode(v).name()));
            state.rescanFilter = filter;
            state.rescanDay = today();
        } else if (!filtered() && state.rescanFilter != 0) {
            // filter removed: items outside the old window come now
            List<ResourceRef> all = target.store().list(collection());
            remember(new ChangeSet(cs.token(), all, List.of()), true);
            for (ResourceRef r : all) {
                state.enqueue(r.name());
            }
            state.rescanFilter = 0;
        }
    }

    private void remember(ChangeSet cs, boolean all) {
        if (all) {
            listed.clear();
        }
        listedAll |= all;
        for (String name : cs.deleted()) {
            listed.put(name, null);
        }
        for (ResourceRef r : cs.changed()) {
            listed.put(r.name(), r.etag());
        }
    }

    private void queueIfNew(ResourceRef r) {
        String sid = state.sidOf(r.name());
        if (sid != null) {
            Entry e = state.entry(sid);
            if (e != null && e.etag().equals(r.etag())) {
                return; // what the phone has: its own change, or already sent
            }
        }
        state.enqueue(r.name());
    }

    private boolean filtered() {
        return (target.dataClass() == DataClass.CALENDAR && state.filterType >= 1 && state.filterType <= 7)
                || (target.dataClass() == DataClass.TASKS && state.filterType == 8);
    }

    private long today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
    }

    /** Sends up to {@code window} queued changes as commands, recording each in the undo log. */
    public void collect(int window) throws StoreException {
        boolean filtered = filtered();
        while (commands.size() < window) {
            List<String[]> batch = state.peek(Math.min(FETCH_BATCH, Math.max(window - commands.size(), 8)));
            if (batch.isEmpty()) {
                if (!pullWhenDrained) {
                    break;
                }
                pullWhenDrained = false;
                pullFromStore();
                continue;
            }
            List<String> names = new ArrayList<>();
            batch.forEach(b -> names.add(b[1]));
            Map<String, Resource> found = target.store().getAll(collection(), names);
            for (String[] b : batch) {
                if (commands.size() >= window) {
                    break;
                }
                String name = b[1];
                state.dequeue(b[0], name);
                Resource res = found.get(name);
                String sid = state.sidOf(name);
                Entry e = sid == null ? null : state.entry(sid);
                if (res == null) {
                    if (e != null) {
                        commands.add(new Element(AS, "Delete").addText(AS, "ServerId", sid));
                        serverDeletes++;
                        tick();
                        state.pending.add(new Undo(sid, name, e));
                        state.removeItem(sid);
                    }
                    continue;
                }
                if (e != null && e.etag().equals(res.etag()) && !filtered) {
                    continue;
                }
                if (e == null && heldNames != null && res.etag().equals(heldNames.get(name))) {
                    continue; // deleted on the phone, held for the user's decision
                }
                Element data;
                try {
                    data = mapper.toEas(res.content(), options);
                } catch (MappingException ex) {
                    // the message may quote the item: not logged
                    LOG.debug("cannot convert {} of collection {} for a phone; skipped", name, collection());
                    continue;
                }
                if (filtered && !inWindow(data)) {
                    if (e != null) {
                        commands.add(new Element(AS, "SoftDelete").addText(AS, "ServerId", sid));
                        serverDeletes++;
                        tick();
                        state.pending.add(new Undo(sid, name, e));
                        state.removeItem(sid);
                    }
                    continue;
                }
                if (e != null && e.etag().equals(res.etag())) {
                    continue;
                }
                if (e == null) {
                    sid = state.newSid();
                    commands.add(command("Add", sid, data));
                    serverAdds++;
                    tick();
                    state.pending.add(new Undo(sid, name, null));
                } else {
                    commands.add(command("Change", sid, data));
                    serverChanges++;
                    tick();
                    state.pending.add(new Undo(sid, name, e));
                }
                state.setItem(sid, name, res.etag());
            }
        }
        moreAvailable = !state.queueEmpty();
    }

    private void tick() {
        if (progress != null) {
            progress.done++;
        }
    }

    /**
     * How many commands the queue would give the phone now (after {@link #pull}), nothing changed:
     * what {@link #collect} would send, so items held by the mass-deletion guard are not counted.
     * The etags come from this request's listing where it covers the queued names; the others are
     * looked up (one multiget for a few, a listing for many).
     */
    public int estimate() throws StoreException {
        List<String> queued = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        state.queue.forEach((seq, name) -> {
            if (seen.add(name)) {
                queued.add(name);
            }
        });
        boolean filtered = filtered();
        int count = 0;
        if (!filtered) {
            Map<String, String> etags = currentEtags(queued);
            for (String name : queued) {
                String sid = state.sidOf(name);
                Entry e = sid == null ? null : state.entry(sid);
                String etag = etags.get(name);
                if (etag == null ? e != null : e == null ? !held(name, etag) : !e.etag().equals(etag)) {
                    count++;
                }
            }
            return count;
        }
        for (int i = 0; i < queued.size(); i += FETCH_BATCH) {
            List<String> names = queued.subList(i, Math.min(queued.size(), i + FETCH_BATCH));
            Map<String, Resource> found = target.store().getAll(collection(), names);
            for (String name : names) {
                String sid = state.sidOf(name);
                Entry e = sid == null ? null : state.entry(sid);
                Resource res = found.get(name);
                if (res == null) {
                    count += e != null ? 1 : 0;
                    continue;
                }
                if (e == null && held(name, res.etag())) {
                    continue;
                }
                boolean in;
                try {
                    in = inWindow(mapper.toEas(res.content(), options));
                } catch (MappingException ex) {
                    continue;
                }
                if (!in ? e != null : e == null || !e.etag().equals(res.etag())) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Whether {@link #collect} would skip this item: the phone deleted it and the delete is held. */
    private boolean held(String name, String etag) {
        return heldNames != null && etag.equals(heldNames.get(name));
    }

    /** Most names a multiget looks up for {@link #estimate} before a listing is cheaper. */
    private static final int ESTIMATE_LOOKUPS = FETCH_BATCH;

    /** name → current etag of the queued names that exist (absent: gone). */
    private Map<String, String> currentEtags(List<String> queued) throws StoreException {
        Map<String, String> etags = new java.util.HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String name : queued) {
            if (listed.containsKey(name)) {
                String etag = listed.get(name);
                if (etag != null) {
                    etags.put(name, etag);
                }
            } else if (!listedAll) {
                unknown.add(name);
            }
        }
        if (unknown.isEmpty()) {
            return etags;
        }
        if (unknown.size() <= ESTIMATE_LOOKUPS) {
            target.store().getAll(collection(), unknown).forEach((name, r) -> etags.put(name, r.etag()));
            return etags;
        }
        Set<String> wanted = new HashSet<>(unknown);
        for (ResourceRef r : target.store().list(collection())) {
            if (wanted.contains(r.name())) {
                etags.put(r.name(), r.etag());
            }
        }
        return etags;
    }

    private static Element command(String kind, String sid, Element data) {
        Element c = new Element(AS, kind).addText(AS, "ServerId", sid);
        c.add(data);
        return c;
    }

    /** Whether an item lies in the folder's FilterType window (MS-ASCMD 2.2.3.68.2). */
    boolean inWindow(Element data) {
        if (target.dataClass() == DataClass.TASKS) {
            return !"1".equals(data.childText("Tasks", "Complete"));
        }
        int days = switch (state.filterType) {
            case 1 -> 1;
            case 2 -> 3;
            case 3 -> 7;
            case 4 -> 14;
            case 5 -> 30;
            case 6 -> 90;
            default -> 180;
        };
        Instant start = clock.instant().minus(Duration.ofDays(days));
        Optional<Element> rec = data.child("Calendar", "Recurrence");
        if (rec.isPresent()) {
            Instant until = parseDate(rec.get().childText("Calendar", "Until"));
            return until == null || !until.isBefore(start);
        }
        Instant end = parseDate(data.childText("Calendar", "EndTime"));
        if (end == null) {
            end = parseDate(data.childText("Calendar", "StartTime"));
        }
        return end == null || !end.isBefore(start);
    }

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    static Instant parseDate(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return s.contains("-") ? Instant.parse(s) : COMPACT.parse(s, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
