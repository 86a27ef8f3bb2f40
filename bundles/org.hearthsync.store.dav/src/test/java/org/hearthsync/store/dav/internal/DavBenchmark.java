package org.hearthsync.store.dav.internal;

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
 * Full and incremental sync of 1,000 and 5,000 contacts from a real Radicale (see BENCHMARK.md). The
 * address books are seeded by writing Radicale's storage folder directly, then Radicale indexes them on
 * first access. Not run by {@code mvn verify}.
 */
public final class DavBenchmark {

    private DavBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] sizes = { 1_000, 5_000 };
        Path dir = Files.createTempDirectory("hearth-dav-bench");
        try (DavServer server = DavServer.radicale(dir)) {
            Path user = server.storage.resolve("collection-root").resolve(DavServer.USER);
            for (int n : sizes) {
                seed(user.resolve("bench-" + n), n);
            }
            System.out.printf(Locale.ROOT, "| contacts | first access (Radicale indexes) ms | list changes (token=null) ms | "
                    + "fetch all (multiget) ms | full sync items/s | 10 changes: changesSince ms |%n");
            System.out.printf("|---|---|---|---|---|---|%n");
            for (int n : sizes) {
                String id = "/" + DavServer.USER + "/bench-" + n + "/";
                try (DavStore store = DavStore.create(new DavStore.Options(server.url(), DavServer.USER, DavServer.PASSWORD,
                        java.time.Duration.ofMinutes(10), 256 * 1024 * 1024, true, "bench"), null)) {
                    long t0 = System.nanoTime();
                    store.collections();
                    store.syncToken(id);
                    long firstAccess = System.nanoTime() - t0;
                    long bestList = Long.MAX_VALUE;
                    long bestFetch = Long.MAX_VALUE;
                    for (int r = 0; r < rounds; r++) {
                        long a = System.nanoTime();
                        ChangeSet all = store.changesSince(id, null);
                        long b = System.nanoTime();
                        List<String> names = new ArrayList<>();
                        for (ResourceRef ref : all.changed()) {
                            names.add(ref.name());
                        }
                        Map<String, Resource> items = store.getAll(id, names);
                        long c = System.nanoTime();
                        if (all.changed().size() != n || items.size() != n) {
                            throw new IllegalStateException("expected " + n + " items, got " + all.changed().size()
                                    + " listed and " + items.size() + " fetched");
                        }
                        bestList = Math.min(bestList, b - a);
                        bestFetch = Math.min(bestFetch, c - b);
                    }
                    String token = store.syncToken(id);
                    for (int i = 0; i < 10; i++) {
                        String name = "c" + (i * (n / 10)) + ".vcf";
                        store.put(id, name, vcard(i * (n / 10), "Changed"), WriteCondition.unconditional());
                    }
                    long d = System.nanoTime();
                    ChangeSet changes = store.changesSince(id, token);
                    long incremental = System.nanoTime() - d;
                    if (changes.changed().size() != 10) {
                        throw new IllegalStateException("expected 10 changes, got " + changes.changed().size());
                    }
                    double full = (bestList + bestFetch) / 1e9;
                    System.out.printf(Locale.ROOT, "| %,d | %.0f | %.0f | %.0f | %,.0f | %.1f |%n", n, firstAccess / 1e6,
                            bestList / 1e6, bestFetch / 1e6, n / full, incremental / 1e6);
                }
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** An address book in Radicale's file layout: .Radicale.props plus one .vcf per contact. */
    static void seed(Path book, int n) throws Exception {
        Files.createDirectories(book);
        Files.writeString(book.resolve(".Radicale.props"),
                "{\"D:displayname\": \"Bench " + n + "\", \"tag\": \"VADDRESSBOOK\"}");
        for (int i = 0; i < n; i++) {
            Files.writeString(book.resolve("c" + i + ".vcf"), vcard(i, "Person"));
        }
    }

    static String vcard(int i, String given) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c" + i + "\r\nFN:" + given + " Number" + i + "\r\nN:Number" + i + ";"
                + given + ";;;\r\nEMAIL;TYPE=work:person" + i + "@example.org\r\nTEL;TYPE=cell:+1 555 010 " + (1000 + i % 9000)
                + "\r\nORG:Example Ltd\r\nNOTE:Seeded for the Hearth benchmark\r\nEND:VCARD\r\n";
    }
}
