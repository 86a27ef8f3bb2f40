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
            Result smallResult = run(dir.resolve("small.mv.db"), small, threads);
            Result largeResult = run(dir.resolve("large.mv.db"), large, threads);
            System.out.printf(Locale.ROOT, "%n| items | changesSince(10 changes) µs/op | entries visited/op | list() all µs/op |%n");
            System.out.printf(Locale.ROOT, "|---|---|---|---|%n");
            for (Result r : List.of(smallResult, largeResult)) {
                System.out.printf(Locale.ROOT, "| %,d | %.1f | %d | %.1f |%n", r.items, r.changesMicros, r.visited, r.listMicros);
            }
            System.out.printf(Locale.ROOT, "ratio changesSince %,d/%,d items: %.2f (collection %.0fx larger; list() ratio %.1f)%n",
                    large, small, largeResult.changesMicros / smallResult.changesMicros, (double) large / small,
                    largeResult.listMicros / smallResult.listMicros);
            System.out.printf(Locale.ROOT, "file size with %,d items: %.1f MB%n", large, largeResult.fileBytes / 1e6);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Result(int items, double changesMicros, long visited, double listMicros, long fileBytes) {
    }

    private static String card(int i, int version) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-" + i + "\r\nFN:Person Number " + i + "\r\nN:Number;Person;;;\r\n"
                + "EMAIL;TYPE=INTERNET:person" + i + "@example.com\r\nTEL;TYPE=CELL:+49 151 " + (1000000 + i) + "\r\n"
                + "NOTE:version " + version + "\r\nEND:VCARD\r\n";
    }

    private static Result run(Path file, int items, int threads) throws Exception {
        try (MvPimStore store = MvPimStore.open(file, StoreOptions.defaults(), null)) {
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
            double changesMicros = timeChanges(store, c, token);
            long before = store.changeEntriesVisited.get();
            ChangeSet cs = store.changesSince(c, token);
            long visited = store.changeEntriesVisited.get() - before;
            if (cs.changed().size() + cs.deleted().size() != CHANGES) {
                throw new AssertionError("expected " + CHANGES + " changes: " + cs);
            }
            double listMicros = timeList(store, c);
            System.out.printf(Locale.ROOT, "[%,d items] changesSince: %.1f µs/op, list(): %.1f µs/op%n", items,
                    changesMicros, listMicros);
            return new Result(items, changesMicros, visited, listMicros, Files.size(file));
        }
    }

    private static double timeChanges(MvPimStore store, String c, String token) throws StoreException {
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
