package org.hearthsync.api.store;

import java.util.List;
import java.util.Objects;

/**
 * What changed in a collection between two sync tokens.
 *
 * @param token   the token to ask with next time
 * @param changed resources added or modified since the old token, with their new etags
 * @param deleted names of resources deleted since the old token
 */
public record ChangeSet(String token, List<ResourceRef> changed, List<String> deleted) {
    public ChangeSet {
        Objects.requireNonNull(token, "token");
        changed = List.copyOf(changed);
        deleted = List.copyOf(deleted);
    }

    public boolean isEmpty() {
        return changed.isEmpty() && deleted.isEmpty();
    }
}
