package org.hearthsync.store.vdir.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.ResourceRef;
import org.hearthsync.api.store.WriteCondition;

/**
 * Full and incremental sync of 1,000 and 5,000 contacts from a vdir folder written directly, as
 * vdirsyncer leaves it (see BENCHMARK.md). Not run by {@code mvn verify}.
 */
public final class VdirBenchmark {

    private VdirBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] sizes = { 1_000, 5_000 };
        Path dir = Files.createTempDirectory("hearth-vdir-bench");
        try {
            System.out.printf("| contacts | open (index built, no state) ms | reopen (state file) ms | "
                    + "list changes (token=null) ms | fetch all (getAll) ms | full sync items/s | 10 changes: changesSince µs |%n");
            System.out.printf("|---|---|---|---|---|---|---|%n");
            for (int n : sizes) {
                Path root = dir.resolve("vdir-" + n);
                Path book = root.resolve("contacts");
                Files.createDirectories(book);
                for (int i = 0; i < n; i++) {
                    Files.writeString(book.resolve("c" + i + ".vcf"), vcard(i, "Person"));
                }
                Path state = dir.resolve("state-" + n);
                long t0 = System.nanoTime();
                VdirStore first = VdirStore.open(root, state, VdirStore.Options.defaults(), null);
                long open = System.nanoTime() - t0;
                first.close();
                long t1 = System.nanoTime();
                try (VdirStore store = VdirStore.open(root, state, VdirStore.Options.defaults(), null)) {
                    long reopen = System.nanoTime() - t1;
                    long bestList = Long.MAX_VALUE;
                    long bestFetch = Long.MAX_VALUE;
                    for (int r = 0; r < rounds; r++) {
                        long a = System.nanoTime();
                        ChangeSet all = store.changesSince("contacts", null);
                        long b = System.nanoTime();
                        List<String> names = new ArrayList<>();
                        for (ResourceRef ref : all.changed()) {
                            names.add(ref.name());
                        }
                        Map<String, Resource> items = store.getAll("contacts", names);
                        long c = System.nanoTime();
                        if (all.changed().size() != n || items.size() != n) {
                            throw new IllegalStateException("expected " + n + " items");
                        }
                        bestList = Math.min(bestList, b - a);
                        bestFetch = Math.min(bestFetch, c - b);
                    }
                    String token = store.syncToken("contacts");
                    for (int i = 0; i < 10; i++) {
                        store.put("contacts", "c" + (i * (n / 10)) + ".vcf", vcard(i * (n / 10), "Changed"),
                                WriteCondition.unconditional());
                    }
                    store.changesSince("contacts", token); // persists the state once
                    long best = Long.MAX_VALUE;
                    for (int r = 0; r < 1000; r++) {
                        long d = System.nanoTime();
                        ChangeSet changes = store.changesSince("contacts", token);
                        best = Math.min(best, System.nanoTime() - d);
                        if (changes.changed().size() != 10) {
                            throw new IllegalStateException("expected 10 changes");
                        }
                    }
                    double full = (bestList + bestFetch) / 1e9;
                    System.out.printf(Locale.ROOT, "| %,d | %.0f | %.0f | %.1f | %.0f | %,.0f | %.1f |%n", n, open / 1e6,
                            reopen / 1e6, bestList / 1e6, bestFetch / 1e6, n / full, best / 1e3);
                }
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String vcard(int i, String given) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c" + i + "\r\nFN:" + given + " Number" + i + "\r\nN:Number" + i + ";"
                + given + ";;;\r\nEMAIL;TYPE=work:person" + i + "@example.org\r\nTEL;TYPE=cell:+1 555 010 " + (1000 + i % 9000)
                + "\r\nORG:Example Ltd\r\nNOTE:Seeded for the Hearth benchmark\r\nEND:VCARD\r\n";
    }
}
