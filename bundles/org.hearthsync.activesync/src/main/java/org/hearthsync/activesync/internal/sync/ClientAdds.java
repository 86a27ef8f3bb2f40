package org.hearthsync.activesync.internal.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ClientIds of a folder's recent client Adds, so an Add the phone sends again (its response was
 * lost) finds the item it made instead of making a second one. An entry is kept while the phone may
 * still retry the request that carried it: until a key two steps later is confirmed.
 */
final class ClientAdds {
    /** A client Add already done: its ServerId and the key counter of the request that carried it. */
    record ClientAdd(String sid, int generation) {
    }

    private final Map<String, ClientAdd> byClientId = new LinkedHashMap<>();

    /** The Add done earlier under this ClientId, or {@code null}. */
    ClientAdd get(String clientId) {
        return byClientId.get(clientId);
    }

    void added(String clientId, String sid, int generation) {
        byClientId.put(clientId, new ClientAdd(sid, generation));
    }

    /** The key {@code confirmed} is on the phone: Adds of requests before the previous one cannot come again. */
    void confirmed(int confirmed) {
        byClientId.values().removeIf(c -> c.generation() < confirmed - 1);
    }

    void clear() {
        byClientId.clear();
    }

    /** The entries as saved in the folder's header. */
    Map<String, ClientAdd> entries() {
        return new LinkedHashMap<>(byClientId);
    }

    void restore(Map<String, ClientAdd> saved) {
        byClientId.clear();
        byClientId.putAll(saved);
    }
}
