package org.hearthsync.activesync.internal.command.foldersync;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device's folder hierarchy sync state: the ServerId given to each store collection (never
 * reused, kept across resets), and the hierarchy as sent under the last two sync keys, so that a
 * phone that lost a response and repeats its previous key still gets a correct answer.
 *
 * <p>A collection is known by its store and its id ({@link #qualified}): when an account moves to
 * another store, a collection there with the same id (two vdirs both have {@code contacts}) is
 * still another folder with another ServerId, so nothing the phone or the sync state holds for the
 * old folder can apply to the new one. Entries written before stores were part of the key have no
 * store; the first store that asks for such a collection takes them over.
 */
final class FolderSyncState {
    static final String KIND = "foldersync";

    int lastKey;
    int nextId = 1;
    final Map<String, String> serverIds = new LinkedHashMap<>();
    final Map<Integer, List<Folder>> snapshots = new LinkedHashMap<>();

    /** Separates the store name from the collection id in {@link #serverIds}' keys. */
    static final char SEP = '\u0000';

    /** The key of a store's collection in {@link #serverIds}. */
    static String qualified(String storeName, String collectionId) {
        return storeName + SEP + collectionId;
    }

    /** The ServerId of a store's collection, assigning the next one on first sight. */
    String serverIdOf(String storeName, String collectionId) {
        String key = qualified(storeName, collectionId);
        String id = serverIds.get(key);
        if (id == null) {
            String legacy = serverIds.remove(collectionId);
            id = legacy != null ? legacy : "c" + nextId++;
            serverIds.put(key, id);
        }
        return id;
    }

    /**
     * The id of the collection of store {@code storeName} behind a ServerId; empty when the ServerId
     * is unknown or names a collection of another store.
     */
    java.util.Optional<String> collectionOf(String storeName, String serverId) {
        for (Map.Entry<String, String> e : serverIds.entrySet()) {
            if (!e.getValue().equals(serverId)) {
                continue;
            }
            String key = e.getKey();
            int sep = key.indexOf(SEP);
            if (sep < 0) {
                return java.util.Optional.of(key); // written before stores were part of the key
            }
            return key.substring(0, sep).equals(storeName) ? java.util.Optional.of(key.substring(sep + 1))
                    : java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    /** Records what was sent under {@code key}, keeping the snapshot of {@code base} (the client's key) too. */
    void sent(int key, List<Folder> folders, Integer base) {
        List<Folder> previous = base == null ? null : snapshots.get(base);
        snapshots.clear();
        if (previous != null) {
            snapshots.put(base, previous);
        }
        snapshots.put(key, List.copyOf(folders));
        lastKey = Math.max(lastKey, key);
    }

    String encode() {
        StringBuilder sb = new StringBuilder("fs1\n");
        sb.append("last ").append(lastKey).append('\n');
        sb.append("next ").append(nextId).append('\n');
        serverIds.forEach((c, s) -> sb.append("id ").append(enc(c)).append(' ').append(enc(s)).append('\n'));
        snapshots.forEach((k, folders) -> {
            sb.append("snap ").append(k).append('\n');
            for (Folder f : folders) {
                sb.append("f ").append(enc(f.serverId())).append(' ').append(enc(f.parentId())).append(' ')
                        .append(f.type()).append(' ').append(enc(f.displayName())).append('\n');
            }
        });
        return sb.toString();
    }

    static FolderSyncState decode(String stored) {
        FolderSyncState s = new FolderSyncState();
        if (stored == null || !stored.startsWith("fs1\n")) {
            return s;
        }
        List<Folder> current = null;
        for (String line : stored.split("\n")) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "last" -> s.lastKey = Integer.parseInt(f[1]);
                case "next" -> s.nextId = Integer.parseInt(f[1]);
                case "id" -> s.serverIds.put(dec(f[1]), dec(f[2]));
                case "snap" -> {
                    current = new ArrayList<>();
                    s.snapshots.put(Integer.parseInt(f[1]), current);
                }
                case "f" -> {
                    if (current != null) {
                        current.add(new Folder(dec(f[1]), dec(f[2]), dec(f[4]), Integer.parseInt(f[3])));
                    }
                }
                default -> {
                    // header or a line a later version wrote
                }
            }
        }
        return s;
    }

    private static String enc(String s) {
        return s.isEmpty() ? "%" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return "%".equals(s) ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
