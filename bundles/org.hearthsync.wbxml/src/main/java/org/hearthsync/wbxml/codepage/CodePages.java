package org.hearthsync.wbxml.codepage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ActiveSync code pages 0..25, looked up by number or by namespace. Thread-safe. */
public final class CodePages {
    /** Number of ActiveSync code pages (0..25). */
    public static final int COUNT = 26;

    private static final CodePage[] BY_NUMBER = new CodePage[COUNT];
    private static final Map<String, CodePage> BY_NAMESPACE = new HashMap<>();

    static {
        for (int page = 0; page < COUNT; page++) {
            String[] row = CodePageTable.PAGES[page];
            CodePage cp = new CodePage(page, row[0], parse(row[0], row[1]));
            BY_NUMBER[page] = cp;
            BY_NAMESPACE.put(cp.namespace(), cp);
        }
        for (String[] alias : CodePageTable.NAMESPACE_ALIASES) {
            BY_NAMESPACE.put(alias[0], BY_NAMESPACE.get(alias[1]));
        }
    }

    private CodePages() {
    }

    private static Map<Integer, String> parse(String namespace, String entries) {
        Map<Integer, String> tags = new LinkedHashMap<>();
        for (String entry : entries.split(",")) {
            String[] parts = entry.trim().split(" ");
            if (parts.length != 2) {
                throw new IllegalStateException(namespace + ": bad table entry '" + entry + "'");
            }
            tags.put(Integer.parseInt(parts[0], 16), parts[1]);
        }
        return tags;
    }

    /** The page with this number, or {@code null} when outside 0..25. */
    public static CodePage byNumber(int number) {
        return number >= 0 && number < COUNT ? BY_NUMBER[number] : null;
    }

    /**
     * The page for a namespace name as MS-ASWBXML spells it; the libwbxml spellings
     * {@code "ItemEstimate"} and {@code "Gal"} are accepted too. {@code null} when unknown.
     */
    public static CodePage byNamespace(String namespace) {
        return BY_NAMESPACE.get(namespace);
    }

    /** All pages in page-number order. */
    public static List<CodePage> all() {
        List<CodePage> out = new ArrayList<>(COUNT);
        Collections.addAll(out, BY_NUMBER);
        return Collections.unmodifiableList(out);
    }
}
