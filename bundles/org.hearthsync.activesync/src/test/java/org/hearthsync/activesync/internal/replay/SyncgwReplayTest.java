package org.hearthsync.activesync.internal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hearthsync.activesync.internal.TestRig;
import org.hearthsync.activesync.internal.policy.Policy;
import org.hearthsync.api.eas.EasHttpRequest;
import org.hearthsync.activesync.internal.protocol.RawResponse;
import org.hearthsync.api.account.Account;
import org.hearthsync.wbxml.Element;
import org.hearthsync.wbxml.WbxmlReader;
import org.hearthsync.wbxml.WbxmlWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays real clients' captured requests against the engine and compares the answers with what
 * the captured server (sync*gw) answered: the same HTTP status, the same document structure and
 * the same status codes everywhere. Policy keys and sync keys differ (each server issues its own):
 * keys the trace's server issued are mapped to the ones Hearth issued before a request is replayed.
 * Folder lists and policy settings differ by design (Hearth's store and policy), so only their shape
 * is compared. The rig wires only Provision, Settings and FolderSync: the other commands (Sync, Ping,
 * GetItemEstimate, ...) must get the engine's clean 501 here, never a 500; launcher's ClientReplayIT replays
 * them through the real listener and server.
 */
class SyncgwReplayTest {
    private static final Set<String> KEYED = Set.of("PolicyKey", "SyncKey");
    /** Subtrees whose content is Hearth's own (its policy, its folders, its account details). */
    private static final Set<String> OWN_CONTENT = Set.of("EASProvisionDoc", "Changes", "Account");

    @TempDir
    Path folder;
    private TestRig rig;
    private final Map<String, String> keyMap = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        rig = new TestRig(folder);
        rig.accounts.put("t1", new Account("t1", "t1@dev.fd", "default", List.of()));
        rig.accounts.put("t2", new Account("t2", "t2@dev.fd", "default", List.of()));
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private static Path trace(String n) {
        String fixtures = System.getProperty("hearth.fixtures", "../../../shared/fixtures");
        Path p = Path.of(fixtures, "eas-wire", "syncgw-traces", n);
        Assumptions.assumeTrue(Files.isDirectory(p), "fixtures not found at " + p);
        return p;
    }

    /** Nine mail on Android 12 (EAS 16.1), its first connection: OPTIONS, Provision x3, Settings x3, FolderSync, Sync. */
    @Test
    void androidFirstConnection() throws Exception {
        List<String> replayed = replay(trace("754"));
        assertTrue(replayed.containsAll(List.of("02-Provision", "05-Provision", "07-Settings", "09-FolderSync")), replayed.toString());
    }

    /** Further Android first connections with the same client. */
    @Test
    void androidFirstConnectionsAgain() throws Exception {
        replay(trace("788"));
        rig.close();
        rig = new TestRig(folder.resolve("second"));
        rig.accounts.put("t1", new Account("t1", "t1@dev.fd", "default", List.of()));
        rig.accounts.put("t2", new Account("t2", "t2@dev.fd", "default", List.of()));
        keyMap.clear();
        replay(trace("800"));
    }

    /**
     * Microsoft's Remote Connectivity Analyzer at EAS 12.0. It does not provision: it is what
     * Exchange calls a non-provisionable device, served here when the policy allows such devices.
     */
    @Test
    void remoteConnectivityAnalyzer() throws Exception {
        rig.policy.set(new Policy(false, false, 4, true, 900, 0, false, true));
        List<String> replayed = replay(trace("810"));
        assertTrue(replayed.containsAll(List.of("04-options", "05-FolderSync", "06-FolderSync")), replayed.toString());
    }

    /** Replays every EAS step of a trace; returns the steps compared in full. */
    private List<String> replay(Path trace) throws Exception {
        List<String> compared = new ArrayList<>();
        for (TraceStep step : TraceStep.load(trace)) {
            if (step.name().contains("autodiscover")) {
                continue; // not the EAS endpoint; see AutodiscoverReplayTest
            }
            RawResponse ours = rig.engine.handle(request(step));
            String command = step.name().substring(3);
            boolean implemented = Set.of("options", "Provision", "Settings", "FolderSync").contains(command);
            if (!implemented && step.status() == 200) {
                assertEquals(501, ours.status(), step.name() + ": a command Hearth does not implement yet");
                continue;
            }
            assertEquals(step.status(), ours.status(), step.name() + ": HTTP status");
            if (step.status() == 200 && "OPTIONS".equals(step.method())) {
                assertNotNull(ours.header("MS-ASProtocolVersions"));
                assertTrue(ours.header("MS-ASProtocolCommands").contains("FolderSync"));
            }
            if (step.responseBody().length > 0) {
                Element theirs = WbxmlReader.create().read(step.responseBody());
                Element mine = WbxmlReader.create().read(ours.body());
                compare(step.name(), theirs, mine);
                learnKeys(theirs, mine);
            }
            compared.add(step.name());
        }
        return compared;
    }

    private EasHttpRequest request(TraceStep step) throws Exception {
        Map<String, String> h = new LinkedHashMap<>(step.headers());
        h.remove("Content-Length");
        if (h.containsKey("X-MS-PolicyKey")) {
            h.put("X-MS-PolicyKey", keyMap.getOrDefault(h.get("X-MS-PolicyKey"), h.get("X-MS-PolicyKey")));
        }
        if (step.status() != 401) {
            String user = step.query() == null || !step.query().contains("User=") ? "t1"
                    : java.net.URLDecoder.decode(step.query().replaceAll(".*User=([^&]*).*", "$1"), "UTF-8");
            h.put("Authorization", TestRig.basic(user, TestRig.PASSWORD));
        }
        byte[] body = step.body();
        if (body.length > 0) {
            Element doc = WbxmlReader.create().read(body);
            substituteKeys(doc);
            body = WbxmlWriter.encode(doc);
        }
        return new EasHttpRequest(step.method(), step.query(), h, body, "198.51.100.20", true);
    }

    private void substituteKeys(Element e) {
        if (KEYED.contains(e.name()) && e.text() != null && keyMap.containsKey(e.text())) {
            e.text(keyMap.get(e.text()));
        }
        e.children().forEach(this::substituteKeys);
    }

    private void learnKeys(Element theirs, Element mine) {
        Map<String, List<String>> t = keyed(theirs, "", new LinkedHashMap<>());
        Map<String, List<String>> m = keyed(mine, "", new LinkedHashMap<>());
        t.forEach((path, values) -> {
            List<String> ours = m.get(path);
            for (int i = 0; ours != null && i < Math.min(values.size(), ours.size()); i++) {
                keyMap.put(values.get(i), ours.get(i));
            }
        });
    }

    private static Map<String, List<String>> keyed(Element e, String path, Map<String, List<String>> out) {
        String p = path + "/" + e.name();
        if (KEYED.contains(e.name()) && e.text() != null) {
            out.computeIfAbsent(p, k -> new ArrayList<>()).add(e.text());
        }
        e.children().forEach(c -> keyed(c, p, out));
        return out;
    }

    /** Same root, same element paths (outside Hearth's own content), same values of every Status. */
    private static void compare(String step, Element theirs, Element mine) {
        assertEquals(theirs.namespace() + ":" + theirs.name(), mine.namespace() + ":" + mine.name(), step + ": root");
        assertEquals(shape(theirs, "", new TreeSet<>()), shape(mine, "", new TreeSet<>()), step + ": structure\n" + mine);
    }

    private static Set<String> shape(Element e, String path, Set<String> out) {
        String p = path + "/" + e.namespace() + ":" + e.name();
        // sync*gw puts DeviceInformation's Status in the Provision page; MS-ASPROV 3.2.5.1.1 (and Hearth) use the
        // Settings page: a Status is compared by its name and value only
        out.add(e.name().equals("Status") ? path + "/Status=" + e.text() : p);
        if (e.name().equals("Changes")) {
            // the folder list is Hearth's own; its count must match what it lists
            int listed = e.children().size() - 1;
            assertEquals(Integer.toString(listed), e.childText("FolderHierarchy", "Count"));
            return out;
        }
        if (!OWN_CONTENT.contains(e.name())) {
            e.children().forEach(c -> shape(c, p, out));
        }
        return out;
    }
}
