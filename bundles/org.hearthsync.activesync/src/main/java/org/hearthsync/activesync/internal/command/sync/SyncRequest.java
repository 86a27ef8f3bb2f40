package org.hearthsync.activesync.internal.command.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.hearthsync.activesync.internal.sync.CachedRequest;
import org.hearthsync.wbxml.Element;

/**
 * A Sync request (MS-ASCMD 2.2.1.21). {@code collections} is {@code null} when the request has no
 * Collections element (an empty or heartbeat-only request served from the cached one).
 */
record SyncRequest(List<Collection> collections, Integer waitMinutes, Integer heartbeatInterval, Integer windowSize,
        boolean partial) {
    static final String AS = "AirSync";
    static final String BASE = "AirSyncBase";

    /** The options of one collection; {@code null} fields were not sent. */
    record Options(Integer filterType, Integer bodyType, Integer truncation, Integer conflict) {
    }

    /** One collection of the request. */
    record Collection(String syncKey, String collectionId, Set<String> supported, Boolean getChanges,
            Integer windowSize, Options options, List<Element> commands) {

        Collection withKey(String key) {
            return new Collection(key, collectionId, null, getChanges, windowSize, null, List.of());
        }
    }

    /** Thrown for a request that breaks the schema: the answer is status 4. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static SyncRequest parse(Element root) throws Invalid {
        if (!root.is(AS, "Sync")) {
            throw new Invalid("not a Sync request");
        }
        List<Collection> collections = null;
        Element cs = root.child(AS, "Collections").orElse(null);
        if (cs != null) {
            collections = new ArrayList<>();
            for (Element c : cs.children(AS, "Collection")) {
                collections.add(collection(c));
            }
        }
        return new SyncRequest(collections, integer(root.childText(AS, "Wait")),
                integer(root.childText(AS, "HeartbeatInterval")), integer(root.childText(AS, "WindowSize")),
                root.child(AS, "Partial").isPresent());
    }

    private static Collection collection(Element c) throws Invalid {
        String key = c.childText(AS, "SyncKey");
        String id = c.childText(AS, "CollectionId");
        if (key == null || key.isBlank() || key.length() > 64 || id == null || id.isBlank()) {
            throw new Invalid("a collection without SyncKey or CollectionId");
        }
        Set<String> supported = null;
        Element sup = c.child(AS, "Supported").orElse(null);
        if (sup != null) {
            supported = new LinkedHashSet<>();
            for (Element f : sup.children()) {
                supported.add(f.name());
            }
        }
        Boolean getChanges = null;
        Element gc = c.child(AS, "GetChanges").orElse(null);
        if (gc != null) {
            getChanges = gc.text() == null || gc.text().isBlank() || !"0".equals(gc.text().trim());
        }
        Options options = null;
        Element o = c.child(AS, "Options").orElse(null);
        if (o != null) {
            Integer type = null;
            Integer trunc = null;
            for (Element bp : o.children(BASE, "BodyPreference")) {
                Integer t = integer(bp.childText(BASE, "Type"));
                if (t != null && (t == 1 || t == 2)) {
                    type = t;
                    trunc = integer(bp.childText(BASE, "TruncationSize"));
                    break;
                }
            }
            options = new Options(integer(o.childText(AS, "FilterType")), type, trunc, integer(o.childText(AS, "Conflict")));
        }
        List<Element> commands = new ArrayList<>();
        Element cmds = c.child(AS, "Commands").orElse(null);
        if (cmds != null) {
            commands.addAll(cmds.children());
        }
        return new Collection(key.trim(), id.trim(), supported, getChanges, integer(c.childText(AS, "WindowSize")),
                options, commands);
    }

    private static Integer integer(String s) throws Invalid {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new Invalid("not a number: " + s.length() + " characters");
        }
    }

    /** The form kept for the next empty or Partial request: collection ids, window sizes and GetChanges. */
    static CachedRequest toCache(List<Collection> collections, Integer windowSize) {
        List<CachedRequest.Collection> kept = new ArrayList<>();
        for (Collection c : collections) {
            kept.add(new CachedRequest.Collection(c.collectionId(), c.windowSize(), c.getChanges()));
        }
        return new CachedRequest(windowSize, kept);
    }

    /** The cached request's collections, without keys (the caller fills in the current ones). */
    static List<Collection> fromCache(CachedRequest cached) {
        List<Collection> out = new ArrayList<>();
        for (CachedRequest.Collection c : cached.collections()) {
            out.add(new Collection(null, c.collectionId(), null, c.getChanges(), c.windowSize(), null, List.of()));
        }
        return out;
    }
}
