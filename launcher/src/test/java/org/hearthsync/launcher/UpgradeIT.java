package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrades keep everything: the data folder in src/test/resources/upgrade was written by the previous release (main
 * of 2026-12-04, see {@link UpgradeFixture}): an account, a phone partnered with its sync state, three contacts. This
 * build opens it, and the same phone syncs on with the policy key, folder ids and sync keys it had, without
 * provisioning or syncing again from scratch.
 */
class UpgradeIT {
    static final Path FIXTURE = Path.of("src/test/resources/upgrade");

    @Test
    void thePreviousReleasesDataFolderSyncsOn(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        copy(FIXTURE.resolve("data"), data);
        Properties state = new Properties();
        try (Reader r = Files.newBufferedReader(FIXTURE.resolve("phone.properties"), StandardCharsets.UTF_8)) {
            state.load(r);
        }
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            SSLContext tls = hearth.trustingHearth();
            EasTestClient client = EasTestClient.of(tls, hearth.easPort, UpgradeFixture.USER, UpgradeFixture.PASSWORD,
                    UpgradeFixture.DEVICE, "TestPhone", "16.1", false);
            client.policyKey = state.getProperty("policyKey");
            // the engine answers 503 until its components are up
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (client.options().status() != 200) {
                assertTrue(System.nanoTime() < deadline, "the engine and the account are up within a minute");
                Thread.sleep(200);
            }
            EasPhone phone = new EasPhone(client);
            String contacts = state.getProperty("folder.Contacts");
            phone.folderByClass.put("Contacts", contacts);
            phone.keys.put(contacts, state.getProperty("key." + contacts));
            Set<String> before = new TreeSet<>();
            for (String name : state.stringPropertyNames()) {
                if (name.startsWith("item.")) {
                    phone.items(contacts).put(name.substring(5), EasPhone.item("Contacts", state.getProperty(name), null));
                    before.add(state.getProperty(name));
                }
            }
            assertEquals(Set.of(UpgradeFixture.NAMES), before, "the fixture's phone holds the three contacts");

            // the same sync key goes on (status 1 is asserted by apply): the partnership and the sync state were kept
            phone.window = 100;
            phone.syncAll(contacts);
            assertEquals(3, phone.items(contacts).size(), "nothing new, nothing resent: " + phone.items(contacts).keySet());
            phone.add(contacts, EasPhone.item("Contacts", "Katherine Johnson", "after the upgrade"));
            phone.syncAll(contacts);
            assertEquals(4, phone.items(contacts).size());

            EasPhone other = new EasPhone(EasTestClient.of(tls, hearth.easPort, UpgradeFixture.USER, UpgradeFixture.PASSWORD,
                    "UpgradePhone2", "TestPhone", "16.1", false)).setUp();
            assertEquals(contacts, other.folder("Contacts"), "the folder ids are the ones the phone knows");
            other.syncAll(contacts);
            Set<String> names = new TreeSet<>();
            other.items(contacts).values().forEach(e -> names.add(EasPhone.label(e)));
            assertEquals(new TreeSet<>(Set.of("Ada Lovelace", "Alan Turing", "Grace Hopper", "Katherine Johnson")), names);
            assertTrue(hearth.output().lines().noneMatch(l -> l.contains("[ERROR]")), hearth.output());
            assertEquals(143, hearth.stop(), "SIGTERM, handled");
        }
    }

    static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
