package org.hearthsync.pim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;

class ZzExploreTest {
    static List<String> lines(String t) {
        List<String> out = new ArrayList<>();
        for (String l : t.replaceAll("\r?\n[ \t]", "").split("\r?\n")) {
            if (!l.isBlank()) out.add(l);
        }
        return out;
    }

    @Test
    void explore() throws Exception {
        StringBuilder sb = new StringBuilder();
        Map<String, Integer> kinds = new TreeMap<>();
        for (ICalCorpusTest.Kind k : ICalCorpusTest.KINDS) {
            for (ICalCorpus.Item item : ICalCorpus.items(k.type())) {
                if (item.invalid()) continue;
                try {
                    Element eas = k.mapper().toEas(item.text(), ICalCorpusTest.OPTS);
                    Element changed = EasTrees.withText(eas, k.ns(), k.changeField(), "Geändert");
                    MergeResult r = k.mapper().fromEas(item.text(), changed, ICalCorpusTest.OPTS);
                    Set<String> after = new HashSet<>(lines(r.text()));
                    List<String> missing = new ArrayList<>();
                    for (String l : lines(item.text())) {
                        String n = l.split("[;:]", 2)[0].toUpperCase();
                        if (Set.of("SUMMARY", "DTSTAMP", "LAST-MODIFIED", "VERSION", "PRODID").contains(n)) continue;
                        if (!after.contains(l)) { missing.add(l); kinds.merge(n, 1, Integer::sum); }
                    }
                    if (!missing.isEmpty()) {
                        sb.append("=== ").append(k.name()).append(' ').append(item.name()).append('\n');
                        for (String m : missing) {
                            sb.append("  - ").append(m.length() > 200 ? m.substring(0, 200) : m).append('\n');
                            String n = m.split("[;:]", 2)[0].toUpperCase();
                            for (String a : lines(r.text())) if (a.toUpperCase().startsWith(n + ";") || a.toUpperCase().startsWith(n + ":")) {
                                if (!lines(item.text()).contains(a)) sb.append("  + ").append(a.length() > 200 ? a.substring(0, 200) : a).append('\n');
                            }
                        }
                    }
                } catch (Exception e) {
                    sb.append("!!! ").append(item.name()).append(' ').append(e).append('\n');
                }
            }
        }
        sb.append(kinds).append('\n');
        Files.writeString(Path.of("/tmp/pim2-explore.txt"), sb.toString());
    }
}
