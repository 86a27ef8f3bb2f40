package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sync state of one folder of one device: the sync key (a random epoch and a counter, so keys
 * of a reset partnership are never accepted again), what the phone holds (ServerId to resource name
 * and the etag last sent or written), the store's sync token, the queue of server changes not sent
 * yet, the ClientIds of recent Adds, and the undo log of the server changes in the last response,
 * which a retry with the previous key rolls back. Loaded per request and saved at its end.
 */
public final class FolderState {
    /** What the phone holds for one ServerId. */
    public record Entry(String name, String etag) {
        String encode() {
            return etag + '\u0001' + name;
        }

        static Entry decode(String v) {
            if (v == null) {
                return null;
            }
            int i = v.indexOf('\u0001');
            if (i < 0) {
                throw new SavedRecord.BadRecord("item entry without its separator");
            }
            return new Entry(v.substring(i + 1), v.substring(0, i));
        }
    }

    /** One server change of the last response: the phone's entry before it ({@code null}: it was an Add). */
    record Undo(String sid, String name, Entry before) {
    }

    /** A client Add already done: its ServerId and the key counter of the request that carried it. */
    record ClientAdd(String sid, int generation) {
    }

    final String user;
    final String device;
    final String folderId;
    final TxMap items;
    final TxMap names;
    final TxMap queue;
    final TxMap queueIndex;

    long epoch;
    int n;
    int prevN = -1;
    String token;
    long nextId = 1;
    long nextSeq = 1;
    /** Options remembered from the last request that carried them. */
    int filterType;
    int bodyType = 1;
    int truncation = -1;
    int conflict = 1;
    Set<String> supported;
    /** Day (epoch day) and filter of the last rescan of a filtered folder. */
    long rescanDay = -1;
    int rescanFilter;
    final List<Undo> pending = new ArrayList<>();
    final Map<String, ClientAdd> clientIds = new LinkedHashMap<>();
    boolean exists;

    FolderState(String user, String device, String folderId, TxMap items, TxMap names, TxMap queue, TxMap queueIndex) {
        this.user = user;
        this.device = device;
        this.folderId = folderId;
        this.items = items;
        this.names = names;
        this.queue = queue;
        this.queueIndex = queueIndex;
    }

    public String folderId() {
        return folderId;
    }

    /** Whether the folder was ever synced (a key was issued). */
    public boolean primed() {
        return exists && n > 0;
    }

    public String curKey() {
        return key(n);
    }

    public String prevKey() {
        return prevN < 0 ? null : key(prevN);
    }

    String key(int counter) {
        return "{" + Long.toHexString(epoch) + "}" + counter;
    }

    public int filterType() {
        return filterType;
    }

    public int bodyType() {
        return bodyType;
    }

    public int truncation() {
        return truncation;
    }

    public int conflict() {
        return conflict;
    }

    public Set<String> supported() {
        return supported;
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /** SyncKey 0: starts over with a new epoch (the caller then {@link #advance advances} to key 1). */
    public void resetTo(long newEpoch) {
        reset(newEpoch);
    }

    /** Issues the next key; {@code generation} is the counter of the key the client sent. */
    public void advance(int generation) {
        prevN = n == 0 ? -1 : generation;
        n++;
    }

    /** The client sent the current key: the last response arrived. Returns the key's counter. */
    public int confirmCurrent() {
        confirm();
        return n;
    }

    /** The client sent the previous key: the last response was lost. Returns the key's counter. */
    public int rollbackToPrevious() {
        rollback();
        return prevN;
    }

    /** Puts back the server changes picked for a response that will not be sent. */
    public void undoResponse() {
        rollback();
    }

    public int n() {
        return n;
    }

    public boolean queueIsEmpty() {
        return queueEmpty();
    }

    /** How many items the phone holds in this folder. */
    public int itemCount() {
        return items.size();
    }

    /** Moves whenever the store token changes or a name is queued: whether a pull found anything to keep. */
    public String pullMark() {
        return token + "|" + nextSeq;
    }

    /** How many server changes wait in the queue. */
    public int queueSize() {
        return queue.size();
    }

    public String user() {
        return user;
    }

    public String device() {
        return device;
    }

    /** Remembers the options a request carried (absent ones keep their last value). */
    public void applyOptions(Set<String> supportedFields, Integer filter, Integer body, Integer trunc, Integer conflictOption) {
        if (supportedFields != null) {
            supported = new LinkedHashSet<>(supportedFields);
        }
        if (filter != null && filter >= 0 && filter <= 8) {
            filterType = filter;
        }
        if (body != null) {
            bodyType = body;
            truncation = trunc == null ? -1 : trunc;
        }
        if (conflictOption != null && (conflictOption == 0 || conflictOption == 1)) {
            conflict = conflictOption;
        }
    }

    /** Starts over with a new epoch: SyncKey 0. */
    void reset(long newEpoch) {
        items.clear();
        names.clear();
        queue.clear();
        queueIndex.clear();
        pending.clear();
        clientIds.clear();
        epoch = newEpoch;
        n = 0;
        prevN = -1;
        token = null;
        rescanDay = -1;
        exists = true;
    }

    /** The store resource name behind a ServerId the phone holds, or {@code null}. */
    public String resourceName(String sid) {
        Entry e = sid == null ? null : entry(sid);
        return e == null ? null : e.name();
    }

    /** Records an item the phone now holds under a new ServerId (it put it there itself); returns the id. */
    public String adopt(String name, String etag) {
        String sid = newSid();
        setItem(sid, name, etag);
        return sid;
    }

    /** Forgets an item the phone no longer holds in this folder. */
    public void forget(String sid) {
        removeItem(sid);
    }

    Entry entry(String sid) {
        return Entry.decode(items.get(sid));
    }

    String sidOf(String name) {
        return names.get(name);
    }

    void setItem(String sid, String name, String etag) {
        Entry old = entry(sid);
        if (old != null && !old.name().equals(name)) {
            names.remove(old.name());
        }
        items.put(sid, new Entry(name, etag).encode());
        names.put(name, sid);
    }

    void removeItem(String sid) {
        Entry old = entry(sid);
        if (old != null) {
            names.remove(old.name());
        }
        items.remove(sid);
    }

    String newSid() {
        return folderId + ":" + nextId++;
    }

    void enqueue(String name) {
        if (queueIndex.get(name) != null) {
            return;
        }
        String seq = String.format("%019d", nextSeq++);
        queue.put(seq, name);
        queueIndex.put(name, seq);
    }

    /** Up to {@code max} queued names, oldest first, each with its queue position. */
    List<String[]> peek(int max) {
        List<String[]> out = new ArrayList<>();
        for (String seq : queue.firstKeys(max)) {
            out.add(new String[] { seq, queue.get(seq) });
        }
        return out;
    }

    void dequeue(String seq, String name) {
        queue.remove(seq);
        if (seq.equals(queueIndex.get(name))) {
            queueIndex.remove(name);
        }
    }

    boolean queueEmpty() {
        return queue.firstKeys(1).isEmpty();
    }

    /** The client confirmed the last response: its server changes are on the phone. */
    void confirm() {
        pending.clear();
        prevN = -1;
        clientIds.values().removeIf(c -> c.generation() < n - 1);
    }

    /** The last response was lost: what it sent is not on the phone; send it again later. */
    void rollback() {
        for (int i = pending.size() - 1; i >= 0; i--) {
            Undo u = pending.get(i);
            if (u.before() == null) {
                removeItem(u.sid());
            } else {
                setItem(u.sid(), u.before().name(), u.before().etag());
            }
            enqueue(u.name());
        }
        pending.clear();
    }

    /** The saved header of this state ({@link FolderHeader}, the only layout written). */
    String encodeHeader() {
        return new FolderHeader(epoch, n, prevN, token, nextId, nextSeq, filterType, bodyType, truncation, conflict, supported,
                rescanDay, rescanFilter, List.copyOf(pending), new LinkedHashMap<>(clientIds)).encode();
    }

    /** Takes a saved header (either layout: a file not migrated yet still opens); {@link SavedRecord.BadRecord} if unreadable. */
    void decodeHeader(String stored) {
        FolderHeader h = FolderHeader.decode(stored);
        exists = true;
        epoch = h.epoch();
        n = h.n();
        prevN = h.prevN();
        token = h.token();
        nextId = h.nextId();
        nextSeq = h.nextSeq();
        filterType = h.filterType();
        bodyType = h.bodyType();
        truncation = h.truncation();
        conflict = h.conflict();
        supported = h.supported() == null ? null : new LinkedHashSet<>(h.supported());
        rescanDay = h.rescanDay();
        rescanFilter = h.rescanFilter();
        pending.clear();
        pending.addAll(h.pending());
        clientIds.clear();
        clientIds.putAll(h.clientIds());
    }
}
