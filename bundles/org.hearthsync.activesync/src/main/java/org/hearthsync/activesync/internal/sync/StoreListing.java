package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.StoreException;

/**
 * What the store listings of this request said (name → etag, {@code null} for a deletion), so an
 * estimate reads the etags there instead of listing the collection a second time.
 */
final class StoreListing {
    /** Most names a multiget looks up before a listing is cheaper. */
    private static final int LOOKUPS = ServerChanges.FETCH_BATCH;

    private final Map<String, String> listed = new HashMap<>();
    /** Whether {@link #listed} holds the whole collection (a listing without a token): absent means gone. */
    private boolean listedAll;

    /** Remembers a change set; {@code all}: it lists the whole collection. */
    void remember(ChangeSet cs, boolean all) {
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

    /**
     * name → current etag of the names that exist (absent: gone): from the listings where they cover
     * the names, the others looked up (one multiget for a few, a listing for many).
     */
    Map<String, String> currentEtags(FolderScope scope, List<String> names) throws StoreException {
        Map<String, String> etags = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
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
        if (unknown.size() <= LOOKUPS) {
            scope.store().getAll(scope.collection(), unknown).forEach((name, r) -> etags.put(name, r.etag()));
            return etags;
        }
        Set<String> wanted = new HashSet<>(unknown);
        for (ResourceRef r : scope.store().list(scope.collection())) {
            if (wanted.contains(r.name())) {
                etags.put(r.name(), r.etag());
            }
        }
        return etags;
    }
}
