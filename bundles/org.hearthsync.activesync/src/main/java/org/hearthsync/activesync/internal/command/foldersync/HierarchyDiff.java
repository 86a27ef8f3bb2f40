package org.hearthsync.activesync.internal.command.foldersync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between the hierarchy a phone has and the current one, by ServerId.
 *
 * @param added   folders to Add
 * @param updated folders to Update (renamed, retyped, moved)
 * @param deleted ServerIds to Delete
 */
record HierarchyDiff(List<Folder> added, List<Folder> updated, List<String> deleted) {

    static HierarchyDiff between(List<Folder> before, List<Folder> after) {
        Map<String, Folder> old = new LinkedHashMap<>();
        before.forEach(f -> old.put(f.serverId(), f));
        List<Folder> added = new ArrayList<>();
        List<Folder> updated = new ArrayList<>();
        for (Folder f : after) {
            Folder o = old.remove(f.serverId());
            if (o == null) {
                added.add(f);
            } else if (!o.equals(f)) {
                updated.add(f);
            }
        }
        return new HierarchyDiff(added, updated, new ArrayList<>(old.keySet()));
    }

    int count() {
        return added.size() + updated.size() + deleted.size();
    }

    boolean isEmpty() {
        return count() == 0;
    }
}
