package org.hearthsync.launcher;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import org.hearthsync.wbxml.Element;

/**
 * Makes the data folder of src/test/resources/upgrade-state/ that {@link SavedStateUpgradeIT} opens with the current
 * build: every kind of saved sync record, written by the release to upgrade from. Run it with {@code -Dhearth.dist}
 * set to that release's distribution (the fixture committed was made by main of 2026-12-04, before the typed record
 * codecs):
 *
 * <pre>mvn -B -q -o -f launcher/pom.xml exec:java -Dexec.classpathScope=test -Dhearth.dist=/path/to/old/launcher/target/hearth \
 *     -Dexec.mainClass=org.hearthsync.launcher.SavedStateFixture -Dexec.args="src/test/resources/upgrade-state"</pre>
 *
 * Two phones of one account sync a contacts folder; phone A deletes two contacts (recycle bin), loses a conflict
 * with phone B (conflict journal), deletes 30 of its 41 contacts at once (a held mass deletion), and finally loses
 * the response to a Sync that brought it B's new contact (the pending resend record). Both phones' sides go to
 * phones.properties.
 */
public final class SavedStateFixture {
    static final String USER = "keeper";
    static final String PASSWORD = "saved-state-secret-1";
    static final String PHONE_A = "FixturePhoneA";
    static final String PHONE_B = "FixturePhoneB";

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        Path data = Files.createTempDirectory("hearth-saved-state").resolve("data");
        PeerTools.createAccount(data, USER, "keeper@home.test", PASSWORD);
        Properties state = new Properties();
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            SSLContext tls = hearth.trustingHearth();
            EasPhone a = new EasPhone(EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, PHONE_A, "TestPhone", "16.1", false)).setUp();
            String f = a.folder("Contacts");
            a.syncAll(f);
            for (int i = 0; i < 40; i++) {
                a.add(f, EasPhone.item("Contacts", "victim-" + i, null));
            }
            a.add(f, EasPhone.item("Contacts", "binned-0", null));
            a.add(f, EasPhone.item("Contacts", "binned-1", null));
            a.add(f, EasPhone.item("Contacts", "Conflicted", "first"));
            a.syncAll(f);
            EasPhone b = new EasPhone(EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, PHONE_B, "TestPhone", "16.1", false)).setUp();
            b.syncAll(f);

            // two deletes: below the guard, they go to the recycle bin
            a.delete(f, sidOf(a, f, "binned-0"));
            a.delete(f, sidOf(a, f, "binned-1"));
            a.syncAll(f);
            // both phones change one contact; A comes second and loses (the server's version wins by default)
            b.change(f, sidOf(b, f, "Conflicted"), EasPhone.item("Contacts", "Conflicted", "from phone B"));
            b.syncAll(f);
            a.change(f, sidOf(a, f, "Conflicted"), EasPhone.item("Contacts", "Conflicted", "from phone A"));
            a.syncAll(f);
            // 30 of 41 deleted in one Sync: held
            List<String> victims = new ArrayList<>();
            a.items(f).forEach((sid, d) -> {
                if (EasPhone.label(d).startsWith("victim-") && victims.size() < 30) {
                    victims.add(sid);
                }
            });
            victims.forEach(sid -> a.delete(f, sid));
            a.syncAll(f);
            b.add(f, EasPhone.item("Contacts", "Resent Contact", null));
            b.syncAll(f);
            // A's next response is lost: A keeps its key, the server keeps the response for the exact resend
            EasTestClient.Result lost = a.client.post("Sync", a.request(f));
            Element coll = lost.document().child("AirSync", "Collections").orElseThrow().child("AirSync", "Collection").orElseThrow();
            state.setProperty("lost.key", coll.childText("AirSync", "SyncKey"));
            Element add = coll.child("AirSync", "Commands").orElseThrow().child("AirSync", "Add").orElseThrow();
            state.setProperty("lost.sid", add.childText("AirSync", "ServerId"));
            state.setProperty("folder.Contacts", f);
            save(state, "a.", a, f);
            save(state, "b.", b, f);
            if (hearth.stop() != 143) {
                throw new IllegalStateException("Hearth did not stop cleanly:\n" + hearth.output());
            }
        }
        UpgradeFixture.delete(data.resolve("cache"));
        UpgradeFixture.delete(out);
        Files.createDirectories(out);
        UpgradeIT.copy(data, out.resolve("data"));
        try (OutputStream o = Files.newOutputStream(out.resolve("phones.properties"))) {
            state.store(new OutputStreamWriter(o, StandardCharsets.UTF_8),
                    "the phones' side of the fixture (SavedStateFixture); password " + PASSWORD);
        }
        System.out.println("fixture written to " + out);
    }

    static String sidOf(EasPhone p, String folder, String label) {
        return p.items(folder).entrySet().stream().filter(e -> label.equals(EasPhone.label(e.getValue()))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + label)).getKey();
    }

    private static void save(Properties state, String prefix, EasPhone p, String folder) {
        state.setProperty(prefix + "policyKey", p.client.policyKey);
        state.setProperty(prefix + "key", p.key(folder));
        for (Map.Entry<String, Element> e : p.items(folder).entrySet()) {
            state.setProperty(prefix + "item." + e.getKey(), EasPhone.label(e.getValue()));
        }
    }
}
