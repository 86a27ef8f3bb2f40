package org.hearthsync.wbxml.codepage;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One ActiveSync code page: its number, its namespace (the page name exactly as MS-ASWBXML spells
 * it, such as {@code "AirSync"} or {@code "GAL"}) and its tag tokens. Immutable and thread-safe.
 */
public final class CodePage {
    /** Tag tokens use the low six bits; 0x00..0x04 are WBXML global tokens. */
    public static final int FIRST_TAG_TOKEN = 0x05;
    public static final int LAST_TAG_TOKEN = 0x3F;

    private final int number;
    private final String namespace;
    private final String[] names = new String[LAST_TAG_TOKEN + 1];
    private final Map<String, Integer> tokens = new HashMap<>();

    CodePage(int number, String namespace, Map<Integer, String> tags) {
        this.number = number;
        this.namespace = Objects.requireNonNull(namespace);
        tags.forEach((token, name) -> {
            if (token < FIRST_TAG_TOKEN || token > LAST_TAG_TOKEN) {
                throw new IllegalArgumentException(namespace + ": token out of range " + token);
            }
            if (names[token] != null || tokens.containsKey(name)) {
                throw new IllegalArgumentException(namespace + ": duplicate " + name + "/" + token);
            }
            names[token] = name;
            tokens.put(name, token);
        });
    }

    public int number() {
        return number;
    }

    /** The namespace, which is the code page name from MS-ASWBXML (no trailing colon). */
    public String namespace() {
        return namespace;
    }

    /** The tag name for {@code token} (0x05..0x3F), or {@code null} when the page defines none. */
    public String tagName(int token) {
        return token >= 0 && token <= LAST_TAG_TOKEN ? names[token] : null;
    }

    /** The token for the exact tag name, or -1 when this page has no such tag. */
    public int token(String tagName) {
        Integer t = tokens.get(tagName);
        return t == null ? -1 : t;
    }

    /** Every tag of this page, by token, in token order. */
    public Map<Integer, String> tags() {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int t = FIRST_TAG_TOKEN; t <= LAST_TAG_TOKEN; t++) {
            if (names[t] != null) {
                out.put(t, names[t]);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "CodePage[" + number + " " + namespace + "]";
    }
}
