package org.hearthsync.store.embedded.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.hearthsync.api.store.ChangeSet;
import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.StoreException;
import org.hearthsync.api.store.WriteCondition;

/**
 * Change listing cost against collection size, and insert rates. Not a test; run by hand (see BENCHMARK.md):
 * {@code mvn -pl bundles/org.hearthsync.store.embedded exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.hearthsync.store.embedded.internal.StoreBenchmark [-Dexec.args="100000 1000"]}
 */
public final class StoreBenchmark {

    private static final int CHANGES = 10;

    public static void main(String[] args) throws Exception {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int small = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path dir = Files.createTempDirectory("hearth-bench");
        System.out.printf(Locale.ROOT, "java %s, %d cores, dir %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), dir);
        try {
            Filled smallStore = fill(dir.resolve("small.mv.db"), small, threads);
            Filled largeStore = fill(dir.resolve("large.mv.db"), large, threads);
            // measure both after both are filled, alternating, best of 5 rounds: no JIT warm-up bias
            double[] best = { Double.MAX_VALUE, Double.MAX_VALUE };
            for (int round = 0; round < 5; round++) {
                best[0] = Math.min(best[0], timeChanges(smallStore));
                best[1] = Math.min(best[1], timeChanges(largeStore));
            }
            List<Result> results = List.of(result(smallStore, best[0]), result(largeStore, best[1]));
            System.out.printf(Locale.ROOT, "%n| items | changesSince(10 changes) µs/op | log entries visited/op | list() of all µs/op | file MB open | file MB after close |%n");
            System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|%n");
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "| %,d | %.2f | %d | %.0f | %.1f | %.1f |%n", r.items, r.changesMicros, r.visited,
                        r.listMicros, r.fileBytesOpen / 1e6, r.fileBytesClosed / 1e6);
            }
            System.out.printf(Locale.ROOT, "ratio changesSince %,d/%,d items: %.2f (collection %.0fx larger; list() ratio %.1f)%n",
                    large, small, results.get(1).changesMicros / results.get(0).changesMicros, (double) large / small,
                    results.get(1).listMicros / results.get(0).listMicros);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Filled(Path file, MvPimStore store, String collection, String token, int items) {
    }

    private static Result result(Filled f, double changesMicros) throws Exception {
        long before = f.store.changeEntriesVisited.get();
        ChangeSet cs = f.store.changesSince(f.collection, f.token);
        long visited = f.store.changeEntriesVisited.get() - before;
        if (cs.changed().size() + cs.deleted().size() != CHANGES) {
            throw new AssertionError("expected " + CHANGES + " changes: " + cs);
        }
        double listMicros = timeList(f.store, f.collection);
        long open = Files.size(f.file);
        f.store.close();
        long closed = Files.size(f.file);
        return new Result(f.items, changesMicros, visited, listMicros, open, closed);
    }

    private record Result(int items, double changesMicros, long visited, double listMicros, long fileBytesOpen, long fileBytesClosed) {
    }

    private static String card(int i, int version) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-" + i + "\r\nFN:Person Number " + i + "\r\nN:Number;Person;;;\r\n"
                + "EMAIL;TYPE=INTERNET:person" + i + "@example.com\r\nTEL;TYPE=CELL:+49 151 " + (1000000 + i) + "\r\n"
                + "NOTE:version " + version + "\r\nEND:VCARD\r\n";
    }

    private static Filled fill(Path file, int items, int threads) throws Exception {
        MvPimStore store = MvPimStore.open(file, StoreOptions.defaults(), null);
        {
            String c = store.collections().stream().filter(x -> x.dataClass() == DataClass.CONTACTS).findFirst()
                    .orElseThrow().id();
            // single writer: every put commits and fsyncs before it returns
            int single = Math.min(items, 2_000);
            long t0 = System.nanoTime();
            for (int i = 0; i < single; i++) {
                store.put(c, i + ".vcf", card(i, 0), WriteCondition.create());
            }
            double singleRate = single / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "[%,d items] insert, 1 writer: %,d puts, %.0f puts/s%n", items, single, singleRate);
            if (items > single) {
                AtomicInteger next = new AtomicInteger(single);
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long t1 = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < items; i = next.getAndIncrement()) {
                            store.put(c, i + ".vcf", card(i, 0), WriteCondition.create());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                pool.shutdown();
                double rate = (items - single) / ((System.nanoTime() - t1) / 1e9);
                System.out.printf(Locale.ROOT, "[%,d items] insert, %d writers (group commit): %,d puts, %.0f puts/s%n",
                        items, threads, items - single, rate);
            }
            String token = store.syncToken(c);
            for (int k = 0; k < CHANGES; k++) {
                int i = (int) ((long) k * items / CHANGES);
                if (k % 2 == 0) {
                    store.put(c, i + ".vcf", card(i, 1), WriteCondition.unconditional());
                } else {
                    store.delete(c, i + ".vcf", WriteCondition.unconditional());
                }
            }
            return new Filled(file, store, c, token, items);
        }
    }

    private static double timeChanges(Filled f) throws StoreException {
        MvPimStore store = f.store;
        String c = f.collection;
        String token = f.token;
        int sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up
            sink += store.changesSince(c, token).changed().size();
        }
        int rounds = 100_000;
        long t = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += store.changesSince(c, token).changed().size();
        }
        double micros = (System.nanoTime() - t) / 1e3 / rounds;
        if (sink == 42) {
            System.out.println();
        }
        return micros;
    }

    private static double timeList(MvPimStore store, String c) throws StoreException {
        int sink = 0;
        for (int i = 0; i < 5; i++) {
            sink += store.list(c).size();
        }
        int rounds = 20;
        long t = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += store.list(c).size();
        }
        if (sink == 42) {
            System.out.println();
        }
        return (System.nanoTime() - t) / 1e3 / rounds;
    }
}
