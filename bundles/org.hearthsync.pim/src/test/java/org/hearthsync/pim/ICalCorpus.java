package org.hearthsync.pim;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.ICalComponent;
import biweekly.io.text.ICalReader;
import biweekly.io.text.ICalWriter;
import biweekly.property.Uid;

/**
 * Test helper: the iCalendar corpus as stored objects. A store keeps one UID per resource, so
 * files with several items are split (written back with biweekly); a file with a single item is
 * used as the tolerant reading path gives it ({@link Fixtures#readPim}).
 */
final class ICalCorpus {
    record Item(String name, String text, boolean invalid) {
    }

    private ICalCorpus() {
    }

    static boolean invalid(Path f) {
        String n = Fixtures.name(f);
        return n.contains("/invalid/") || n.contains("broken") || n.contains("invalid") || n.contains("parsing_error")
                || n.contains("-errors");
    }

    /** Objects holding a component of the kind; invalid files are returned whole, flagged. */
    static List<Item> items(Class<? extends ICalComponent> kind) {
        return CACHE.computeIfAbsent(kind, ICalCorpus::read); // several tests walk the corpus: read it once per run
    }

    private static final Map<Class<? extends ICalComponent>, List<Item>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<Item> read(Class<? extends ICalComponent> kind) {
        List<Item> out = new ArrayList<>();
        for (Path f : Fixtures.files("icalendar", ".ics", ".vcs", ".vnt")) { // a vNote is read as the VJOURNAL it is (PimText)
            String text = Fixtures.readPim(f);
            if (invalid(f)) {
                out.add(new Item(Fixtures.name(f), text, true));
                continue;
            }
            List<ICalendar> cals;
            try (ICalReader r = new ICalReader(text)) {
                cals = r.readAll();
            } catch (Exception | AssertionError e) {
                out.add(new Item(Fixtures.name(f), text, true));
                continue;
            }
            List<List<ICalComponent>> groups = new ArrayList<>();
            List<ICalendar> owners = new ArrayList<>();
            for (ICalendar cal : cals) {
                Map<String, List<ICalComponent>> byUid = new LinkedHashMap<>();
                int n = 0;
                for (ICalComponent c : cal.getComponents(kind)) {
                    Uid uid = c.getProperty(Uid.class);
                    String key = uid == null || uid.getValue() == null ? "#" + n++ : uid.getValue();
                    byUid.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
                }
                for (List<ICalComponent> g : byUid.values()) {
                    groups.add(g);
                    owners.add(cal);
                }
            }
            if (groups.isEmpty() && java.util.regex.Pattern.compile("(?im)^BEGIN:" + kind.getSimpleName() + "\r?$").matcher(text).find()) {
                // a file that says it holds one (libical's fuzzed issue252) where biweekly finds none: the mapper must
                // reject it cleanly, as a file biweekly cannot read at all
                out.add(new Item(Fixtures.name(f), text, true));
                continue;
            }
            long others = cals.stream().flatMap(c -> c.getComponents().values().stream())
                    .filter(c -> !c.getClass().getSimpleName().equals("VTimezone")).count();
            if (groups.size() == 1 && cals.size() == 1 && others == groups.get(0).size()) {
                out.add(new Item(Fixtures.name(f), text, false));
                continue;
            }
            for (int i = 0; i < groups.size(); i++) {
                ICalendar one = new ICalendar();
                one.setTimezoneInfo(owners.get(i).getTimezoneInfo());
                for (ICalComponent c : groups.get(i)) {
                    one.addComponent(c);
                }
                StringWriter sw = new StringWriter();
                try (ICalWriter w = new ICalWriter(sw, ICalVersion.V2_0)) {
                    w.setCaretEncodingEnabled(true);
                    w.write(one);
                } catch (Exception e) {
                    out.add(new Item(Fixtures.name(f) + "#" + i, text, true)); // not even biweekly can write it
                    continue;
                }
                out.add(new Item(Fixtures.name(f) + "#" + i, sw.toString(), false));
            }
        }
        return out;
    }
}
