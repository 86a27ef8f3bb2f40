package org.hearthsync.store.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hearthsync.api.store.DataClass;
import org.hearthsync.api.store.Resource;
import org.hearthsync.api.store.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes and acknowledges items until it is killed with SIGKILL in the middle of its writes;
 * every acknowledged write must be in the store when it is opened again.
 */
class KillDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 800; // spans several compaction checks (every 256 commits)
    private static final int ROUNDS = 2;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAcknowledgedWriteSurvivesKill9() throws Exception {
        Path file = dir.resolve("killed.mv.db");
        Map<String, String[]> acked = new HashMap<>(); // name -> {etag, version}
        for (int round = 0; round < ROUNDS; round++) {
            runAndKill(file, round, acked);
            verify(file, acked);
        }
    }

    /** Runs a writer child until it acknowledged {@link #ACKS_BEFORE_KILL} writes, then kills it with SIGKILL. */
    private static void runAndKill(Path file, int round, Map<String, String[]> acked) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Writer.class.getName(), file.toString(), "r" + round)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int acks = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (f[0].equals("ACK")) {
                    acked.put(f[1], new String[] { f[2], f[3] });
                    if (++acks == ACKS_BEFORE_KILL) {
                        child.destroyForcibly(); // SIGKILL while the child keeps writing
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(ACKS_BEFORE_KILL, acks, "child stopped before it was killed");
        assertTrue(child.exitValue() != 0, "child was killed");
    }

    private static void verify(Path file, Map<String, String[]> acked) throws Exception {
        try (MvPimStore store = MvPimStore.open(file, StoreOptions.defaults(), null)) {
            String contacts = store.collections().stream().filter(c -> c.dataClass() == DataClass.CONTACTS)
                    .findFirst().orElseThrow().id();
            Map<String, Resource> stored = store.getAll(contacts, acked.keySet());
            for (Map.Entry<String, String[]> e : acked.entrySet()) {
                Resource r = stored.get(e.getKey());
                assertTrue(r != null, "acknowledged " + e.getKey() + " lost");
                int ackedVersion = Integer.parseInt(e.getValue()[1]);
                int storedVersion = version(r.content());
                // a write in flight at the kill may have landed without its acknowledgement
                assertTrue(storedVersion >= ackedVersion, e.getKey() + ": version " + storedVersion + " < " + ackedVersion);
                if (storedVersion == ackedVersion) {
                    assertEquals(e.getValue()[0], r.etag(), e.getKey());
                }
                assertEquals(content(e.getKey(), storedVersion), r.content());
                e.getValue()[0] = r.etag();
                e.getValue()[1] = Integer.toString(storedVersion);
            }
            // the store is usable and consistent after the crash
            assertEquals(store.list(contacts).size(), store.changesSince(contacts, null).changed().size());
        }
    }

    static String content(String name, int version) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + name + "\r\nFN:Kill Test Ünïcode 😀\r\nNOTE:version " + version
                + "\r\nX-PAD:" + "p".repeat(200 + version % 500) + "\r\nEND:VCARD\r\n";
    }

    private static int version(String content) {
        int i = content.indexOf("NOTE:version ") + "NOTE:version ".length();
        return Integer.parseInt(content.substring(i, content.indexOf('\r', i)));
    }

    /** The child: writes new items and updates of earlier ones, acknowledging each on stdout once put returned. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            MvPimStore store = MvPimStore.open(Path.of(args[0]), StoreOptions.defaults(), null);
            String contacts = store.collections().stream().filter(c -> c.dataClass() == DataClass.CONTACTS)
                    .findFirst().orElseThrow().id();
            String prefix = args[1];
            Map<String, String> etags = new HashMap<>();
            Map<String, Integer> versions = new HashMap<>();
            for (int i = 0; ; i++) {
                String name = prefix + "-item" + i + ".vcf";
                List<String> targets = i % 3 == 0 && i > 10 ? List.of(name, prefix + "-item" + (i - 7) + ".vcf") : List.of(name);
                for (String target : targets) {
                    String etag = etags.get(target);
                    int version = etag == null ? 0 : versions.get(target) + 1;
                    String newEtag = store.put(contacts, target, content(target, version),
                            etag == null ? WriteCondition.create() : WriteCondition.ifMatch(etag));
                    etags.put(target, newEtag);
                    versions.put(target, version);
                    out.println("ACK " + target + " " + newEtag + " " + version);
                }
            }
        }
    }
}
