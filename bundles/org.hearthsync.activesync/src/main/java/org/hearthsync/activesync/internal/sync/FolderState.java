package org.hearthsync.activesync.internal.sync;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The sync state of one folder of one device: the sync key (a random epoch and a counter, so keys
 * of a reset partnership are never accepted again), the store's sync token, the options last sent,
 * and its parts, each the only writer of its data: the {@link ItemMap} (what the phone holds), the
 * {@link ChangeQueue} (server changes not sent yet), the {@link UndoLog} (the last response's changes,
 * which a retry with the previous key rolls back) and the {@link ClientAdds} (recent Adds' ClientIds).
 * Loaded per request and saved at its end.
 */
public final class FolderState {
    private final String user;
    private final String device;
    private final String folderId;
    private final ItemMap items;
    private final ChangeQueue queue;
    private final UndoLog undo = new UndoLog();
    private final ClientAdds clientAdds = new ClientAdds();

    private long epoch;
    private int n;
    private int prevN = -1;
    private String token;
    private long nextId = 1;
    /** Options remembered from the last request that carried them. */
    private int filterType;
    private int bodyType = 1;
    private int truncation = -1;
    private int conflict = 1;
    private Set<String> supported;
    /** Day (epoch day) and filter of the last rescan of a filtered folder. */
    private long rescanDay = -1;
    private int rescanFilter;
    private boolean exists;

    FolderState(String user, String device, String folderId, ItemMap items, ChangeQueue queue) {
        this.user = user;
        this.device = device;
        this.folderId = folderId;
        this.items = items;
        this.queue = queue;
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
        return !undo.isEmpty();
    }

    /** SyncKey 0: starts over with a new epoch (the caller then {@link #advance advances} to key 1). */
    public void resetTo(long newEpoch) {
        items.clear();
        queue.clear();
        undo.clear();
        clientAdds.clear();
        epoch = newEpoch;
        n = 0;
        prevN = -1;
        token = null;
        rescanDay = -1;
        exists = true;
    }

    /** Issues the next key; {@code generation} is the counter of the key the client sent. */
    public void advance(int generation) {
        prevN = n == 0 ? -1 : generation;
        n++;
    }

    /** The client sent the current key: the last response arrived. Returns the key's counter. */
    public int confirmCurrent() {
        undo.clear();
        prevN = -1;
        clientAdds.confirmed(n);
        return n;
    }

    /** The client sent the previous key: the last response was lost. Returns the key's counter. */
    public int rollbackToPrevious() {
        undo.rollback(items, queue);
        return prevN;
    }

    /** Puts back the server changes picked for a response that will not be sent. */
    public void undoResponse() {
        undo.rollback(items, queue);
    }

    public int n() {
        return n;
    }

    public boolean queueIsEmpty() {
        return queue.isEmpty();
    }

    /** How many items the phone holds in this folder. */
    public int itemCount() {
        return items.size();
    }

    /** Moves whenever the store token changes or a name is queued: whether a pull found anything to keep. */
    public String pullMark() {
        return token + "|" + queue.nextSeq();
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

    /** The store resource name behind a ServerId the phone holds, or {@code null}. */
    public String resourceName(String sid) {
        ItemEntry e = sid == null ? null : items.entry(sid);
        return e == null ? null : e.name();
    }

    /** Records an item the phone now holds under a new ServerId (it put it there itself); returns the id. */
    public String adopt(String name, String etag) {
        String sid = newSid();
        items.put(sid, name, etag);
        return sid;
    }

    /** Forgets an item the phone no longer holds in this folder. */
    public void forget(String sid) {
        items.remove(sid);
    }

    String newSid() {
        return folderId + ":" + nextId++;
    }

    /** Whether the ServerId is one this folder handed out (so a repeated Delete is no error). */
    boolean issued(String sid) {
        if (sid == null || !sid.startsWith(folderId + ":")) {
            return false;
        }
        try {
            long k = Long.parseLong(sid.substring(folderId.length() + 1));
            return k > 0 && k < nextId;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    ItemMap items() {
        return items;
    }

    ChangeQueue queue() {
        return queue;
    }

    UndoLog undo() {
        return undo;
    }

    long epoch() {
        return epoch;
    }

    /** The store's sync token of this folder ({@code null}: never listed). */
    String token() {
        return token;
    }

    void token(String storeToken) {
        token = storeToken;
    }

    long rescanDay() {
        return rescanDay;
    }

    int rescanFilter() {
        return rescanFilter;
    }

    /** Every item was looked at again for this filter on this day (filter 0: the filter was removed). */
    void rescanned(int filter, long day) {
        rescanFilter = filter;
        rescanDay = day;
    }

    ClientAdds clientAdds() {
        return clientAdds;
    }

    /** Hands the buffered item and queue writes to the file's maps; returns the header to save ({@link FolderHeader}). */
    String flush() {
        items.flush();
        queue.flush();
        return new FolderHeader(epoch, n, prevN, token, nextId, queue.nextSeq(), filterType, bodyType, truncation, conflict, supported,
                rescanDay, rescanFilter, undo.entries(), clientAdds.entries()).encode();
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
        queue.resumeAt(h.nextSeq());
        filterType = h.filterType();
        bodyType = h.bodyType();
        truncation = h.truncation();
        conflict = h.conflict();
        supported = h.supported() == null ? null : new LinkedHashSet<>(h.supported());
        rescanDay = h.rescanDay();
        rescanFilter = h.rescanFilter();
        undo.restore(h.pending());
        clientAdds.restore(h.clientIds());
    }
}
