package org.hearthsync.launcher;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

/**
 * Makes the data folder of src/test/resources/upgrade/ that {@link UpgradeIT} opens with the current build: run it
 * with {@code -Dhearth.dist} set to the distribution of the release to upgrade from (the fixture committed was made
 * by main of 2026-12-04):
 *
 * <pre>mvn -B -q -o -f launcher/pom.xml exec:java -Dexec.classpathScope=test -Dhearth.dist=/path/to/old/launcher/target/hearth \
 *     -Dexec.mainClass=org.hearthsync.launcher.UpgradeFixture -Dexec.args="src/test/resources/upgrade"</pre>
 *
 * It creates the account alice as a user does ({@code --set-password}), starts Hearth, and lets one phone provision,
 * sync its folders and add three contacts; then it stops Hearth and keeps the data folder (without the framework's
 * cache) and the phone's side (policy key, folder ids, sync keys, items) in phone.properties.
 */
public final class UpgradeFixture {
    static final String USER = "alice";
    static final String PASSWORD = "upgrade-secret-1";
    static final String DEVICE = "UpgradePhone1";
    static final String[] NAMES = {"Ada Lovelace", "Alan Turing", "Grace Hopper"};

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        Path data = Files.createTempDirectory("hearth-upgrade").resolve("data");
        PeerTools.createAccount(data, USER, "alice@home.test", PASSWORD);
        Properties phoneState = new Properties();
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            SSLContext tls = hearth.trustingHearth();
            EasPhone phone = new EasPhone(EasTestClient.of(tls, hearth.easPort, USER, PASSWORD, DEVICE, "TestPhone", "16.1", false)).setUp();
            String contacts = phone.folder("Contacts");
            phone.syncAll(contacts);
            for (String name : NAMES) {
                phone.add(contacts, EasPhone.item("Contacts", name, "before the upgrade"));
            }
            phone.syncAll(contacts);
            phoneState.setProperty("policyKey", phone.client.policyKey);
            phone.folderByClass.forEach((cls, id) -> phoneState.setProperty("folder." + cls, id));
            phone.keys.forEach((f, k) -> phoneState.setProperty("key." + f, k));
            for (Map.Entry<String, org.hearthsync.wbxml.Element> e : phone.items(contacts).entrySet()) {
                phoneState.setProperty("item." + e.getKey(), EasPhone.label(e.getValue()));
            }
            if (hearth.stop() != 143) {
                throw new IllegalStateException("Hearth did not stop cleanly:\n" + hearth.output());
            }
        }
        delete(data.resolve("cache"));
        delete(out);
        Files.createDirectories(out);
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = out.resolve("data").resolve(data.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        try (OutputStream o = Files.newOutputStream(out.resolve("phone.properties"))) {
            phoneState.store(new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8),
                    "the phone's side of the fixture (UpgradeFixture); password " + PASSWORD);
        }
        System.out.println("fixture written to " + out);
    }

    static void delete(Path p) throws Exception {
        if (Files.exists(p)) {
            try (Stream<Path> all = Files.walk(p)) {
                for (Path q : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(q);
                }
            }
        }
    }
}
