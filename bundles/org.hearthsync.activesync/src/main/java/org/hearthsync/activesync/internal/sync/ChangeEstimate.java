package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.pim.MappingException;

/**
 * How many commands the queue would give the phone now (after a pull), nothing changed: what
 * {@link ServerWindow} would send, so items held by the mass-deletion guard are not counted. An
 * unfiltered folder compares etags only; a filtered one must map each item to see whether it lies in
 * the window.
 */
record ChangeEstimate(FolderScope scope, ServerChanges changes, StoreListing listing) {

    int count() throws StoreException {
        List<String> queued = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        scope.state().queue().forEachName(name -> {
            if (seen.add(name)) {
                queued.add(name);
            }
        });
        return changes.filter().filtered() ? countFiltered(queued) : countByEtag(queued);
    }

    private int countByEtag(List<String> queued) throws StoreException {
        Map<String, String> etags = listing.currentEtags(scope, queued);
        int count = 0;
        for (String name : queued) {
            ItemEntry e = entryOf(name);
            String etag = etags.get(name);
            if (etag == null ? e != null : e == null ? !changes.held(name, etag) : !e.etag().equals(etag)) {
                count++;
            }
        }
        return count;
    }

    private int countFiltered(List<String> queued) throws StoreException {
        int count = 0;
        for (int i = 0; i < queued.size(); i += ServerChanges.FETCH_BATCH) {
            List<String> names = queued.subList(i, Math.min(queued.size(), i + ServerChanges.FETCH_BATCH));
            Map<String, Resource> found = scope.store().getAll(scope.collection(), names);
            for (String name : names) {
                ItemEntry e = entryOf(name);
                Resource res = found.get(name);
                if (res == null) {
                    count += e != null ? 1 : 0;
                    continue;
                }
                if (e == null && changes.held(name, res.etag())) {
                    continue;
                }
                boolean in;
                try {
                    in = changes.filter().contains(scope.mapper().toEas(res.content(), scope.options()));
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

    private ItemEntry entryOf(String name) {
        FolderState state = scope.state();
        String sid = state.items().sidOf(name);
        return sid == null ? null : state.items().entry(sid);
    }
}
