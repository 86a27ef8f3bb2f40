package org.hearthsync.activesync.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;
import org.hearthsync.wbxml.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random interleavings of phone edits, store edits, lost responses with identical and different
 * retries, stale keys, store outages and write failures, expired store tokens, and restarts and
 * crashes of the engine, with two phones on one folder. After a final full sync every phone must
 * hold exactly the store's items (same fields), nothing twice, and no acknowledged write may be
 * lost. Seeded: {@code -Dhearth.model.seed=N}, {@code -Dhearth.model.ops=N} for a longer soak.
 */
class SyncModelTest {
    @TempDir
    Path folder;

    @Test
    void randomInterleavingsEndConsistent() throws Exception {
        long seed = Long.getLong("hearth.model.seed", 20261122L);
        int ops = Integer.getInteger("hearth.model.ops", 1500);
        Random rnd = new Random(seed);
        MemStore store = new MemStore();
        Map<String, Integer> counts = new TreeMap<>();
        try (SyncRig rig = new SyncRig(folder, store)) {
            List<Phone> phones = List.of(new Phone(rig, "M1", "14.1"), new Phone(rig, "M2", "16.1"));
            String f = phones.get(0).folder("Contacts");
            Map<Phone, List<String>> oldKeys = new HashMap<>();
            Set<String> acked = new HashSet<>();
            Set<String> deleted = new HashSet<>();
            int seq = 0;
            for (Phone p : phones) {
                p.window = 1 + rnd.nextInt(8);
                p.syncAll(f);
            }
            for (int i = 0; i < ops; i++) {
                Phone p = phones.get(rnd.nextInt(phones.size()));
                int op = rnd.nextInt(100);
                String name;
                if (op < 14) {
                    name = "phone add";
                    p.add(f, Phone.contact("L" + (++seq), "v" + seq));
                } else if (op < 24) {
                    name = "phone change";
                    String sid = pick(rnd, p.items(f).keySet());
                    if (sid != null) {
                        p.change(f, sid, Phone.contact(label(p.items(f).get(sid)), "v" + (++seq)));
                    }
                } else if (op < 30) {
                    name = "phone delete";
                    String sid = pick(rnd, p.items(f).keySet());
                    if (sid != null) {
                        deleted.add(label(p.items(f).get(sid)));
                        p.delete(f, sid);
                    }
                } else if (op < 55) {
                    name = "phone sync";
                    oldKeys.computeIfAbsent(p, k -> new ArrayList<>()).add(p.key(f));
                    p.window = 1 + rnd.nextInt(8);
                    p.sync(f);
                } else if (op < 62) {
                    name = "fault: lost response, same retry";
                    p.syncLost(f);
                    p.sync(f);
                } else if (op < 67) {
                    name = "fault: lost response, different retry";
                    p.syncLost(f);
                    p.add(f, Phone.contact("L" + (++seq), "v" + seq));
                    p.window = 1 + rnd.nextInt(8);
                } else if (op < 69) {
                    name = "fault: stale sync key";
                    List<String> old = oldKeys.getOrDefault(p, List.of());
                    if (old.size() > 3) {
                        p.keys.put(f, old.get(rnd.nextInt(old.size() - 2)));
                        p.sync(f);
                    }
                } else if (op < 77) {
                    name = "store add";
                    String label = "S" + (++seq);
                    store.put("1", label + ".vcf", Phone.vcard(label, label, "v" + seq), WriteCondition.create());
                    acked.add(label);
                } else if (op < 83) {
                    name = "store change";
                    Resource r = pickResource(rnd, store);
                    if (r != null) {
                        store.put("1", r.name(), Phone.vcard("u", fn(r.content()), "v" + (++seq)),
                                WriteCondition.ifMatch(r.etag()));
                    }
                } else if (op < 87) {
                    name = "store delete";
                    Resource r = pickResource(rnd, store);
                    if (r != null) {
                        deleted.add(fn(r.content()));
                        store.delete("1", r.name(), WriteCondition.ifMatch(r.etag()));
                    }
                } else if (op < 90) {
                    name = "fault: store unavailable";
                    store.available = false;
                    p.sync(f);
                    store.available = true;
                } else if (op < 93) {
                    name = "fault: write failure mid-request";
                    store.failWrites = 1;
                    p.sync(f);
                    store.failWrites = 0;
                } else if (op < 95) {
                    name = "fault: store tokens expired";
                    store.expireTokens();
                } else if (op < 96) {
                    name = "fault: engine crash mid-request (store written, state not)";
                    boolean[] once = { false };
                    java.util.function.BiConsumer<String, String> crash = (st, c) -> {
                        if (!once[0]) {
                            once[0] = true;
                            try {
                                rig.kill();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    };
                    store.listeners.add(crash);
                    p.sync(f);
                    store.listeners.remove(crash);
                } else if (op < 98) {
                    name = "fault: engine restart";
                    rig.restart();
                } else {
                    name = "fault: engine killed (state abandoned)";
                    rig.kill();
                }
                counts.merge(name, 1, Integer::sum);
                for (Phone q : phones) {
                    q.items(f).values().forEach(d -> acked.add(label(d)));
                }
            }
            // final full sync: twice round, so each phone sees the other's last changes
            for (int round = 0; round < 2; round++) {
                for (Phone p : phones) {
                    p.window = 50;
                    p.syncAll(f);
                }
            }
            Map<String, String> truth = new TreeMap<>();
            for (Resource r : store.snapshot("1").values()) {
                String label = fn(r.content());
                assertTrue(truth.put(label, title(r.content())) == null, "stored twice: " + label);
            }
            for (Phone p : phones) {
                List<String> labels = new ArrayList<>();
                Map<String, String> view = new TreeMap<>();
                p.items(f).values().forEach(d -> {
                    labels.add(label(d));
                    view.put(label(d), d.childText("Contacts", "JobTitle"));
                });
                Collections.sort(labels);
                assertEquals(new ArrayList<>(truth.keySet()), labels, "phone " + p.id + " holds the store's items once each");
                assertEquals(truth, view, "phone " + p.id + " holds the store's versions");
            }
            Set<String> lost = new HashSet<>(acked);
            lost.removeAll(deleted);
            lost.removeAll(truth.keySet());
            assertTrue(lost.isEmpty(), "acknowledged writes lost: " + lost);
            int faults = counts.entrySet().stream().filter(e -> e.getKey().startsWith("fault")).mapToInt(Map.Entry::getValue)
                    .sum();
            System.out.printf("sync model: seed %d, %d operations (%d faults), %d items at the end, %d conflicts journaled, "
                    + "%d restarts%n  %s%n  phone statuses %s / %s%n", seed, ops, faults, truth.size(),
                    rig.syncState.journalSize(), rig.restarts, counts, phones.get(0).statuses, phones.get(1).statuses);
        }
    }

    static String label(Element d) {
        return d.childText("Contacts", "FileAs");
    }

    static String fn(String vcard) {
        for (String line : vcard.split("\r?\n")) {
            if (line.startsWith("FN:")) {
                return line.substring(3);
            }
        }
        return null;
    }

    static String title(String vcard) {
        for (String line : vcard.split("\r?\n")) {
            if (line.startsWith("TITLE:")) {
                return line.substring(6);
            }
        }
        return null;
    }

    static <T> T pick(Random rnd, java.util.Collection<T> c) {
        if (c.isEmpty()) {
            return null;
        }
        List<T> l = new ArrayList<>(c);
        return l.get(rnd.nextInt(l.size()));
    }

    static Resource pickResource(Random rnd, MemStore store) throws StoreException {
        return pick(rnd, store.snapshot("1").values());
    }
}
