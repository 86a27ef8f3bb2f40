package org.hearthsync.dav.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Store etags as HTTP entity-tags and back. A store's etag is opaque and may hold characters an entity-tag cannot
 * ({@code "}, spaces, another server's quoted tag); such a one is carried as {@code ~} and its base64url form, so the
 * tag a client sends back in {@code If-Match} names exactly the stored version.
 */
final class Etags {
    private Etags() {
    }

    static String quote(String storeEtag) {
        boolean plain = !storeEtag.isEmpty() && !storeEtag.startsWith("~")
                && storeEtag.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"');
        return '"' + (plain ? storeEtag : "~" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(storeEtag.getBytes(StandardCharsets.UTF_8))) + '"';
    }

    /** The store etag an entity-tag names; weak tags never match a write precondition, so they map to null. */
    static String unquote(String entityTag) {
        String t = entityTag.trim();
        if (t.startsWith("W/") || t.length() < 2 || !t.startsWith("\"") || !t.endsWith("\"")) {
            return null;
        }
        String inner = t.substring(1, t.length() - 1);
        if (inner.startsWith("~")) {
            try {
                return new String(Base64.getUrlDecoder().decode(inner.substring(1)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return inner;
    }

    /** The entity-tags of an If-Match or If-None-Match header; {@code ["*"]} for the wildcard. */
    static List<String> list(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        String h = header.trim();
        if (h.equals("*")) {
            out.add("*");
            return out;
        }
        int i = 0;
        while (i < h.length()) {
            int q = h.indexOf('"', i);
            if (q < 0) {
                break;
            }
            int e = h.indexOf('"', q + 1);
            if (e < 0) {
                break;
            }
            boolean weak = q >= 2 && h.startsWith("W/", q - 2);
            out.add((weak ? "W/" : "") + h.substring(q, e + 1));
            i = e + 1;
        }
        return out;
    }
}
