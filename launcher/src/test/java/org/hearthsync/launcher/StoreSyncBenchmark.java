package org.hearthsync.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.hearthsync.auth.PasswordHash;

/**
 * A phone's initial sync of N contacts from each store adapter: the embedded store, a vdir and a
 * CalDAV/CardDAV server (a real Radicale), through the launched distribution over TLS on loopback, as
 * {@link SyncBenchmark} measures it for the embedded store. For each size (default 1,000 then 5,000) a
 * fresh data folder and a fresh Radicale are seeded with the same N ~330-byte vCards: the embedded store
 * with {@code hearth --import}, the vdir by writing one {@code .vcf} per contact, Radicale by writing its
 * storage folder (as the DAV store's benchmark does). Hearth then starts with one account per store; a
 * warm-up device syncs each store once (Radicale indexes the seeded files, JIT), then new devices sync
 * the Contacts folder from SyncKey 0 with WindowSize 512, checking GetItemEstimate and the item count.
 * Not a test: run it by hand,
 *
 * <pre>mvn -B -q -pl launcher exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.hearthsync.launcher.StoreSyncBenchmark -Dexec.args="1000,5000 3"</pre>
 *
 * (sizes, new devices per store and size) and record its output in launcher/BENCHMARK-sync.md.
 */
public final class StoreSyncBenchmark {
    static final String PASSWORD = "benchmark password";
    static final List<String> STORES = List.of("embedded", "vdir", "dav");

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "1000,5000").split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Radicale.require();
        System.out.printf("machine: %d cores, Java %s, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Map<String, Map<Integer, Double>> best = new LinkedHashMap<>();
        for (int n : sizes) {
            Map<String, Double> rates = run(n, devices);
            rates.forEach((store, rate) -> best.computeIfAbsent(store, k -> new LinkedHashMap<>()).put(n, rate));
        }
        System.out.println();
        System.out.println("| store | " + String.join(" | ", sizes.stream().map(n -> "items/s at " + n).toList())
                + (sizes.size() > 1 ? " | linearity (rate at " + sizes.get(sizes.size() - 1) + " ÷ rate at " + sizes.get(0)
                        + ", 1.00 = linear)" : "") + " |");
        System.out.println("|---".repeat(sizes.size() + (sizes.size() > 1 ? 2 : 1)) + "|");
        for (var e : best.entrySet()) {
            StringBuilder row = new StringBuilder("| " + e.getKey() + " |");
            for (int n : sizes) {
                row.append(String.format(Locale.ROOT, " %,.0f |", e.getValue().get(n)));
            }
            if (sizes.size() > 1) {
                row.append(String.format(Locale.ROOT, " %.2f |",
                        e.getValue().get(sizes.get(sizes.size() - 1)) / e.getValue().get(sizes.get(0))));
            }
            System.out.println(row);
        }
    }

    /** One size: seeds the three stores, starts Hearth, measures; returns the median rate per store. */
    static Map<String, Double> run(int n, int devices) throws Exception {
        Path tmp = Files.createTempDirectory("hearth-store-sync-bench-" + n);
        Path data = tmp.resolve("data");
        Path etc = Files.createDirectories(data.resolve("etc"));
        long t0 = System.nanoTime();
        // the embedded store: one .vcf file of N cards, imported while Hearth is stopped
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < n; i++) {
            all.append(vcard(i));
        }
        Path vcf = tmp.resolve("contacts.vcf");
        Files.writeString(vcf, all, StandardCharsets.UTF_8);
        try (RunningHearth importer = RunningHearth.start(data, "--import", vcf.toString())) {
            if (!importer.process.waitFor(300, java.util.concurrent.TimeUnit.SECONDS) || importer.process.exitValue() != 0) {
                throw new IllegalStateException("--import failed:\n" + importer.output());
            }
        }
        // the vdir: one file per contact, as vdirsyncer leaves it
        Path vdirContacts = Files.createDirectories(tmp.resolve("vdir").resolve("contacts"));
        Files.writeString(vdirContacts.getParent().resolve("contacts").resolve("displayname"), "Contacts");
        for (int i = 0; i < n; i++) {
            Files.writeString(vdirContacts.resolve("c" + i + ".vcf"), vcard(i), StandardCharsets.UTF_8);
        }
        try (Radicale radicale = Radicale.start(tmp.resolve("radicale"))) {
            // Radicale's storage written directly: an address book's .Radicale.props and one .vcf per contact
            Path book = Files.createDirectories(radicale.storage.resolve("collection-root").resolve(Radicale.USER)
                    .resolve("contacts"));
            Files.writeString(book.resolve(".Radicale.props"), "{\"D:displayname\": \"Contacts\", \"tag\": \"VADDRESSBOOK\"}");
            for (int i = 0; i < n; i++) {
                Files.writeString(book.resolve("c" + i + ".vcf"), vcard(i), StandardCharsets.UTF_8);
            }
            account(etc, "embedded", "default");
            account(etc, "vdir", "benchvdir");
            Files.writeString(etc.resolve("org.hearthsync.store.vdir-bench.cfg"),
                    "store.name = benchvdir\npath = " + vdirContacts.getParent() + "\nrescan.seconds = 60\n");
            account(etc, "dav", "cloud");
            Files.writeString(etc.resolve("org.hearthsync.store.dav-cloud.cfg"), "store.name = cloud\nurl = " + radicale.url()
                    + "\nuser = " + Radicale.USER + "\n.password = " + Radicale.PASSWORD + "\npoll.seconds = 60\n");
            System.out.printf("%n%,d contacts: seeded the three stores in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            long ti = System.nanoTime();
            radicale.index();
            System.out.printf("  Radicale indexed the seeded cards (first PROPFIND, not a result): %.1f s%n",
                    (System.nanoTime() - ti) / 1e9);
            try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
                SSLContext tls = hearth.trustingHearth();
                Map<String, Double> medians = new LinkedHashMap<>();
                for (String store : STORES) {
                    long w = System.nanoTime();
                    awaitAccount(tls, hearth, store);
                    initialSync(tls, hearth, store, "WARMUP", n); // first listing (Radicale indexes), JIT: not a result
                    System.out.printf("  %-8s warm-up device (first access, not a result): %.2f s%n", store,
                            (System.nanoTime() - w) / 1e9);
                }
                for (String store : STORES) {
                    List<Double> rates = new ArrayList<>();
                    for (int d = 1; d <= devices; d++) {
                        rates.add(initialSync(tls, hearth, store, "NEW" + d, n));
                    }
                    Collections.sort(rates);
                    double median = rates.get(rates.size() / 2);
                    medians.put(store, median);
                    System.out.printf(Locale.ROOT, "  %-8s %,d contacts: median %,.0f items/s, best %,.0f (%d new devices)%n",
                            store, n, median, rates.get(rates.size() - 1), devices);
                }
                return medians;
            }
        }
    }

    static void account(Path etc, String user, String store) throws Exception {
        Files.writeString(etc.resolve("org.hearthsync.account-" + user + ".cfg"), "user.name = " + user
                + "\nemail.address = " + user + "@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray())
                + "\nstore.name = " + store + "\n", StandardCharsets.UTF_8);
    }

    static EasPhone phone(SSLContext tls, RunningHearth hearth, String user, String id) {
        return new EasPhone(EasTestClient.of(tls, hearth.easPort, user, PASSWORD, id, "BenchPhone", "16.1", false));
    }

    static void awaitAccount(SSLContext tls, RunningHearth hearth, String user) throws Exception {
        EasTestClient probe = phone(tls, hearth, user, "PROBE").client;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (probe.options().status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("account " + user + " not served within 60 s");
            }
            Thread.sleep(250);
        }
    }

    /** A new device's initial sync of the Contacts folder, WindowSize 512; returns items per second. */
    static double initialSync(SSLContext tls, RunningHearth hearth, String user, String id, int expected) throws Exception {
        EasPhone p = phone(tls, hearth, user, id).setUp();
        String f = p.folder("Contacts");
        if (f == null) {
            throw new IllegalStateException(user + ": no Contacts folder: " + p.folderByClass);
        }
        p.window = 512;
        long t0 = System.nanoTime();
        p.sync(f); // SyncKey 0
        int estimate = p.estimate(f);
        int trips = p.syncAll(f);
        double s = (System.nanoTime() - t0) / 1e9;
        int got = p.items(f).size();
        long distinct = p.items(f).values().stream().map(d -> d.childText("Contacts", "LastName")).distinct().count();
        if (got != expected || estimate != expected || distinct != expected) {
            throw new IllegalStateException(user + ": expected " + expected + " items, estimate " + estimate + ", got " + got
                    + ", distinct " + distinct);
        }
        double rate = got / s;
        if (!id.equals("WARMUP")) {
            System.out.printf(Locale.ROOT, "  %-8s initial sync of %,d contacts by a new device (%d round trips): %.2f s, %,.0f items/s%n",
                    user, got, trips + 1, s, rate);
        }
        return rate;
    }

    /** The DAV store benchmark's vCard (~330 bytes): every contact a distinct family name. */
    static String vcard(int i) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c" + i + "\r\nFN:Person Number" + i + "\r\nN:Number" + i
                + ";Person;;;\r\nEMAIL;TYPE=work:person" + i + "@example.org\r\nTEL;TYPE=cell:+1 555 010 " + (1000 + i % 9000)
                + "\r\nORG:Example Ltd\r\nNOTE:Seeded for the Hearth benchmark\r\nEND:VCARD\r\n";
    }
}
