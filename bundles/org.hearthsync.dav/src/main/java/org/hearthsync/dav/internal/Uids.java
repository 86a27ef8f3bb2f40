package org.hearthsync.dav.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.CollectionInfo;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;

/**
 * Which item of a collection holds a UID, for the CalDAV and CardDAV {@code no-uid-conflict} preconditions
 * (RFC 4791 5.3.2.1, RFC 6352 6.3.2.1): a client must not store a second resource with a UID the collection
 * already has. The store SPI has no lookup by UID, and reading the whole collection for each PUT would make an
 * upload of N items cost N squared; so each collection's UIDs are read once and then kept up to date from the
 * store's own change feed ({@link org.hearthsync.api.store.PimStore#changesSince}), which also brings in what
 * phones and other DAV clients wrote. A few collections are kept, the least recently used forgotten.
 *
 * <p>The store has no unique UID constraint, so a check is only as good as its exclusion: a PUT holds its
 * collection's {@link #lock} from the check to the end of its write. The locks are a fixed set shared by hash of the
 * collection (two collections may share one, which only serialises their PUTs), so no input makes more of them.
 * Writes that do not come through here (a phone's Add, another program editing a vdir) are not held back by it.
 */
final class Uids {
    private static final int COLLECTIONS = 32;
    /** A power of two: more than the collections a household writes to at once. */
    private static final int LOCKS = 64;

    private final Lock[] locks = new Lock[LOCKS];

    Uids() {
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The lock a PUT of an item with a UID holds across the {@link #holder} check and its write. */
    Lock lock(Space s, CollectionInfo c) {
        return locks[(key(s, c).hashCode() & 0x7fffffff) % LOCKS];
    }

    private static String key(Space s, CollectionInfo c) {
        return s.storeName + '\u0000' + c.id();
    }

    /** One collection's UIDs as of {@link #token}. */
    private static final class Index {
        String token;
        final Map<String, String> nameByUid = new HashMap<>();
        final Map<String, String> uidByName = new HashMap<>();

        void put(String name, String uid) {
            forget(name);
            if (uid != null) {
                uidByName.put(name, uid);
                nameByUid.putIfAbsent(uid, name);
            }
        }

        void forget(String name) {
            String old = uidByName.remove(name);
            if (old != null && name.equals(nameByUid.get(old))) {
                nameByUid.remove(old);
                // another item with the same UID (written before the check existed, or by a phone) takes over
                uidByName.entrySet().stream().filter(e -> e.getValue().equals(old)).findFirst()
                        .ifPresent(e -> nameByUid.put(old, e.getKey()));
            }
        }
    }

    private final Map<String, Index> indexes = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Index> eldest) {
            return size() > COLLECTIONS;
        }
    };

    /**
     * The name of another item in the collection whose UID is {@code uid}; empty when there is none, or when the
     * store cannot tell (a store without a change feed is not checked).
     */
    Optional<String> holder(Space s, CollectionInfo c, String uid, String name) throws StoreException {
        Index index;
        synchronized (indexes) {
            index = indexes.computeIfAbsent(key(s, c), k -> new Index());
        }
        synchronized (index) {
            try {
                refresh(s, c, index);
            } catch (StoreException.Unsupported e) {
                return Optional.empty();
            }
            String holder = index.nameByUid.get(uid);
            return holder == null || holder.equals(name) ? Optional.empty() : Optional.of(holder);
        }
    }

    /**
     * A write just made under {@link #lock}: the index has it at once, whether or not the store's change feed lists
     * it yet (the feed lists it again later, which changes nothing).
     */
    void written(Space s, CollectionInfo c, String name, String uid) {
        Index index;
        synchronized (indexes) {
            index = indexes.get(key(s, c));
        }
        if (index != null) {
            synchronized (index) {
                if (index.token != null) {
                    index.put(name, uid);
                }
            }
        }
    }

    private static void refresh(Space s, CollectionInfo c, Index index) throws StoreException {
        ChangeSet changes;
        try {
            changes = s.store.changesSince(c.id(), index.token);
        } catch (StoreException.InvalidSyncToken e) {
            index.nameByUid.clear();
            index.uidByName.clear();
            changes = s.store.changesSince(c.id(), null);
        }
        if (index.token == null) {
            index.nameByUid.clear();
            index.uidByName.clear();
        }
        changes.deleted().forEach(index::forget);
        List<String> names = new ArrayList<>(changes.changed().size());
        for (ResourceRef r : changes.changed()) {
            names.add(r.name());
        }
        Map<String, Resource> loaded = Engine.load(s, c, names);
        for (String n : names) {
            Resource r = loaded.get(n);
            if (r == null) {
                index.forget(n); // gone again since the change feed listed it
            } else {
                index.put(n, uid(r.content()).orElse(null));
            }
        }
        index.token = changes.token();
    }

    /** The UID of an iCalendar object or a vCard (the first, if it names several); empty when it has none. */
    static Optional<String> uid(String content) {
        List<String> all = uids(content);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * The distinct UIDs of an iCalendar object's components directly inside VCALENDAR (a VALARM may have a UID of
     * its own, RFC 9074) or of a vCard, in order. A valid calendar object resource has exactly one (RFC 4791 4.1).
     */
    static List<String> uids(String content) {
        List<String> found = new ArrayList<>(1);
        int depth = 0;
        boolean calendar = false;
        int i = 0;
        int n = content.length();
        while (i < n) {
            int end = content.indexOf('\n', i);
            if (end < 0) {
                end = n;
            }
            String line = stripCr(content.substring(i, end));
            i = end + 1;
            if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue; // a folded continuation of a line that is not a UID
            }
            if (line.regionMatches(true, 0, "BEGIN:", 0, 6)) {
                if (depth == 0) {
                    calendar = line.regionMatches(true, 6, "VCALENDAR", 0, 9);
                }
                depth++;
            } else if (line.regionMatches(true, 0, "END:", 0, 4)) {
                depth--;
            } else if ((line.regionMatches(true, 0, "UID:", 0, 4) || line.regionMatches(true, 0, "UID;", 0, 4))
                    && depth == (calendar ? 2 : 1)) {
                StringBuilder v = new StringBuilder(line.substring(valueStart(line)));
                // unfold (RFC 5545 3.1, RFC 6350 3.2): continuation lines start with one space or tab
                while (i < n && (content.charAt(i) == ' ' || content.charAt(i) == '\t')) {
                    int e = content.indexOf('\n', i);
                    if (e < 0) {
                        e = n;
                    }
                    v.append(stripCr(content.substring(i + 1, e)));
                    i = e + 1;
                }
                String uid = v.toString().strip();
                if (!uid.isEmpty() && !found.contains(uid)) {
                    found.add(uid);
                }
            }
        }
        return found;
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Past the property name and its parameters (a quoted parameter value may hold a colon). */
    private static int valueStart(String line) {
        boolean quoted = false;
        for (int k = 3; k < line.length(); k++) {
            char ch = line.charAt(k);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ':' && !quoted) {
                return k + 1;
            }
        }
        return line.length();
    }
}
