package org.hearthsync.activesync.internal.sync;

import java.util.function.Consumer;

/**
 * The items the phone holds in one folder: ServerId to {@link ItemEntry} and, kept in step, resource
 * name to ServerId. Writes stay buffered in the {@link TxMap}s until the request's state is saved.
 */
final class ItemMap {
    private final TxMap items;
    private final TxMap names;

    ItemMap(TxMap items, TxMap names) {
        this.items = items;
        this.names = names;
    }

    /** What the phone holds under this ServerId, or {@code null}. */
    ItemEntry entry(String sid) {
        String v = items.get(sid);
        return v == null ? null : ItemEntry.decode(v);
    }

    /** The ServerId under which the phone holds this resource, or {@code null}. */
    String sidOf(String name) {
        return names.get(name);
    }

    void put(String sid, String name, String etag) {
        ItemEntry old = entry(sid);
        if (old != null && !old.name().equals(name)) {
            names.remove(old.name());
        }
        items.put(sid, new ItemEntry(name, etag).encode());
        names.put(name, sid);
    }

    void remove(String sid) {
        ItemEntry old = entry(sid);
        if (old != null) {
            names.remove(old.name());
        }
        items.remove(sid);
    }

    int size() {
        return items.size();
    }

    /** The resource name of every item the phone holds. */
    void forEachName(Consumer<String> action) {
        items.forEach((sid, v) -> action.accept(ItemEntry.decode(v).name()));
    }

    void clear() {
        items.clear();
        names.clear();
    }

    /** Hands the buffered writes to the file's maps (the store commits). */
    void flush() {
        items.flush();
        names.flush();
    }
}
