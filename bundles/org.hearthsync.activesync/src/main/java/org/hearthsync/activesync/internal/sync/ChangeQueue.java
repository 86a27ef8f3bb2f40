package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server changes of one folder not sent to the phone yet: resource names in the order they were
 * queued (a sequence number per entry, so the oldest go first) and each name's place, so a name is
 * queued once however often it changes.
 */
final class ChangeQueue {
    private final TxMap queue;
    private final TxMap index;
    private long nextSeq = 1;

    ChangeQueue(TxMap queue, TxMap index) {
        this.queue = queue;
        this.index = index;
    }

    void enqueue(String name) {
        if (index.get(name) != null) {
            return;
        }
        String seq = String.format("%019d", nextSeq++);
        queue.put(seq, name);
        index.put(name, seq);
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
        if (seq.equals(index.get(name))) {
            index.remove(name);
        }
    }

    boolean isEmpty() {
        return queue.firstKeys(1).isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** Every queued name, oldest first. */
    void forEachName(Consumer<String> action) {
        queue.forEach((seq, name) -> action.accept(name));
    }

    /** The sequence number the next queued name gets (saved in the folder's header). */
    long nextSeq() {
        return nextSeq;
    }

    void resumeAt(long seq) {
        nextSeq = seq;
    }

    void clear() {
        queue.clear();
        index.clear();
    }

    void flush() {
        queue.flush();
        index.flush();
    }
}
