package org.hearthsync.pim.internal;

import java.util.ArrayList;
import java.util.List;

/** Collects, during one merge, whether anything changed and which stored properties EAS does not carry. */
final class MergeLog {
    private boolean changed;
    private final List<String> kept = new ArrayList<>();

    void changed() {
        changed = true;
    }

    boolean isChanged() {
        return changed;
    }

    void kept(String propertyName) {
        kept.add(propertyName);
    }

    List<String> kept() {
        return kept;
    }
}
