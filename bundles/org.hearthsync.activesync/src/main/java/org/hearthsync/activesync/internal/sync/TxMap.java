package org.hearthsync.activesync.internal.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * One folder's slice of a shared MVMap (keys {@code prefix + key}) with the writes of the request
 * in progress buffered in memory, so that nothing reaches the file until the whole request's state
 * is saved at once.
 */
final class TxMap {
    private final MVMap<String, String> map;
    private final String prefix;
    private final TreeMap<String, String> puts = new TreeMap<>();
    private final Set<String> removes = new HashSet<>();

    TxMap(MVMap<String, String> map, String prefix) {
        this.map = map;
        this.prefix = prefix;
    }

    String get(String key) {
        if (removes.contains(key)) {
            return null;
        }
        String v = puts.get(key);
        return v != null ? v : map.get(prefix + key);
    }

    void put(String key, String value) {
        removes.remove(key);
        puts.put(key, value);
    }

    void remove(String key) {
        puts.remove(key);
        removes.add(key);
    }

    /** Removes every entry, stored or buffered. */
    void clear() {
        puts.clear();
        Cursor<String, String> c = map.cursor(prefix);
        while (c.hasNext()) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            removes.add(k.substring(prefix.length()));
        }
    }

    /** Up to {@code n} keys in key order. */
    List<String> firstKeys(int n) {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        Cursor<String, String> c = map.cursor(prefix);
        int taken = 0;
        while (c.hasNext() && taken < n) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            String local = k.substring(prefix.length());
            if (!removes.contains(local)) {
                keys.put(local, Boolean.TRUE);
                taken++;
            }
        }
        int p = 0;
        for (String k : puts.keySet()) {
            if (p++ >= n) {
                break;
            }
            keys.put(k, Boolean.TRUE);
        }
        List<String> out = new ArrayList<>(n);
        Iterator<String> it = keys.keySet().iterator();
        while (it.hasNext() && out.size() < n) {
            out.add(it.next());
        }
        return out;
    }

    /** Every entry, stored entries first overlaid with the buffered writes. */
    void forEach(BiConsumer<String, String> action) {
        Cursor<String, String> c = map.cursor(prefix);
        while (c.hasNext()) {
            String k = c.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            String local = k.substring(prefix.length());
            if (!removes.contains(local) && !puts.containsKey(local)) {
                action.accept(local, c.getValue());
            }
        }
        puts.forEach(action);
    }

    int size() {
        int[] n = { 0 };
        forEach((k, v) -> n[0]++);
        return n[0];
    }

    boolean dirty() {
        return !puts.isEmpty() || !removes.isEmpty();
    }

    /** Writes the buffered changes to the map (the caller commits). */
    void flush() {
        for (String k : removes) {
            map.remove(prefix + k);
        }
        for (Map.Entry<String, String> e : puts.entrySet()) {
            map.put(prefix + e.getKey(), e.getValue());
        }
        puts.clear();
        removes.clear();
    }
}
