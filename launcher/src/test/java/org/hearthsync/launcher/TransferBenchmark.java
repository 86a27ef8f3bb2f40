package org.hearthsync.launcher;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.auth.PasswordHash;

/**
 * The console's import and export on the launched distribution, timed from the client as a browser
 * would see them: one .vcf of N contacts imported into an empty address book, the same file again
 * (every contact already there and unchanged), the file with every contact changed (every contact
 * updated), and the .zip export of the store. On the embedded store and on a vdir, at 1,000 and 5,000
 * contacts (a fresh Hearth for each size). Not part of {@code mvn verify}; see {@code BENCHMARK-transfer.md}.
 *
 * <pre>
 * mvn -B -q -pl launcher exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.hearthsync.launcher.TransferBenchmark -Dexec.args="1000 5000"
 * </pre>
 */
public final class TransferBenchmark {
    static final Pattern IMPORTED = Pattern.compile("data-imported='(\\d+)' data-added='(\\d+)' data-updated='(\\d+)'");

    public static void main(String[] args) throws Exception {
        String[] sizes = args.length > 0 ? args : new String[] { "1000", "5000" };
        System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| store | contacts | import new | same file again | every contact changed | export .zip |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String size : sizes) {
            run(Integer.parseInt(size));
        }
    }

    private static void run(int n) throws Exception {
        Path tmp = Files.createTempDirectory("hearth-transfer-bench");
        Path etc = Files.createDirectories(tmp.resolve("data").resolve("etc"));
        Files.writeString(etc.resolve("org.hearthsync.account-bench.cfg"), "user.name = bench\nemail.address = bench@hearth.test\n"
                + "password.hash = " + PasswordHash.hash("benchmark password".toCharArray()) + "\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("org.hearthsync.store.vdir-files.cfg"), "store.name = files\npath = " + tmp.resolve("vdir")
                + "\nrescan.seconds = 60\n", StandardCharsets.UTF_8);
        try (RunningHearth hearth = RunningHearth.start(tmp.resolve("data")).awaitRunning()) {
            ConsoleTransferClient web = new ConsoleTransferClient(hearth);
            String page = ConsoleBrowserIT.eventually("both stores are up", () -> web.get("/hearth-transfer").body(),
                    b -> b.contains("id='store-default'") && b.contains("id='store-files'"));
            for (String store : new String[] { "default", "files" }) {
                String collection = ConsoleTransferClient.collectionId(page, store, "contacts");
                byte[] file = vcf(n, "Gardener");
                double fresh = timed(web, store, collection, file, n, 0);
                double same = timed(web, store, collection, file, 0, 0);
                double changed = timed(web, store, collection, vcf(n, "Beekeeper"), 0, n);
                long t0 = System.nanoTime();
                byte[] zip = web.export(store);
                double export = (System.nanoTime() - t0) / 1e9;
                int exported = ConsoleTransferClient.unzip(zip).values().stream().mapToInt(t -> t.split("BEGIN:VCARD", -1).length - 1).sum();
                if (exported != n) {
                    throw new AssertionError("exported " + exported + " contacts, not " + n);
                }
                System.out.printf("| %s | %,d | %.2f s (%,.0f/s) | %.2f s (%,.0f/s) | %.2f s (%,.0f/s) | %.2f s (%,.0f/s, %,d KB) |%n",
                        store.equals("default") ? "embedded" : "vdir", n, fresh, n / fresh, same, n / same, changed, n / changed, export,
                        n / export, zip.length / 1024);
            }
        }
    }

    /** Imports the file and checks the counts; returns the seconds from sending it to the summary's redirect. */
    private static double timed(ConsoleTransferClient web, String store, String collection, byte[] file, int added, int updated)
            throws Exception {
        String page = web.get("/hearth-transfer").body();
        long t0 = System.nanoTime();
        HttpResponse<String> r = web.postMultipart(page, store, collection, true, "bench.vcf", file, true);
        double s = (System.nanoTime() - t0) / 1e9;
        String location = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError(r.statusCode() + " " + r.body()));
        String summary = web.get(location.substring(location.indexOf("/hearth-transfer"))).body();
        Matcher m = IMPORTED.matcher(summary);
        if (!m.find() || Integer.parseInt(m.group(2)) != added || Integer.parseInt(m.group(3)) != updated) {
            throw new AssertionError("expected " + added + " added, " + updated + " updated:\n" + summary);
        }
        return s;
    }

    private static byte[] vcf(int n, String title) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-").append(i).append("\r\nFN:Person ").append(i).append("\r\nN:").append(i)
                    .append(";Person;;;\r\nTEL;TYPE=CELL:+49 170 ").append(1000000 + i).append("\r\nEMAIL:person").append(i)
                    .append("@example.org\r\nTITLE:").append(title).append("\r\nEND:VCARD\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
