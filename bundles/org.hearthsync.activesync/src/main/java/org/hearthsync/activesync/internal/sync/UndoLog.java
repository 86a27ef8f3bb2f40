package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * The server changes of the last response, each with the phone's entry before it: a retry with the
 * previous key (the response was lost) rolls them back and queues the items again.
 */
final class UndoLog {
    /** One server change of the last response: the phone's entry before it ({@code null}: it was an Add). */
    record Undo(String sid, String name, ItemEntry before) {
    }

    private final List<Undo> sent = new ArrayList<>();

    /** A change went into the response being built. */
    void sent(String sid, String name, ItemEntry before) {
        sent.add(new Undo(sid, name, before));
    }

    boolean isEmpty() {
        return sent.isEmpty();
    }

    /** The phone has the last response: nothing to undo any more. */
    void clear() {
        sent.clear();
    }

    /** The log as saved in the folder's header. */
    List<Undo> entries() {
        return List.copyOf(sent);
    }

    void restore(List<Undo> saved) {
        sent.clear();
        sent.addAll(saved);
    }

    /** Puts the phone's entries back as they were before the last response and queues its items again. */
    void rollback(ItemMap items, ChangeQueue queue) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            Undo u = sent.get(i);
            if (u.before() == null) {
                items.remove(u.sid());
            } else {
                items.put(u.sid(), u.before().name(), u.before().etag());
            }
            queue.enqueue(u.name());
        }
        sent.clear();
    }
}
