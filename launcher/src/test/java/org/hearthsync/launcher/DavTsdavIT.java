package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.hearthsync.auth.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hearth's CalDAV/CardDAV server driven by tsdav, the third and independently written client (JavaScript,
 * from npm), on the launched server: account discovery from the TLS address and from the plain setup port's
 * well-known path, calendar and address book listing, create/update/delete of an event and a contact with ETags
 * (a stale one must get 412), a time-range calendar-query, one with expand (RFC 4791 9.6.5) and a sync-collection
 * from an old token
 * (src/test/resources/dav/tsdav/tsdav_client.mjs). Hearth's CA is trusted through NODE_EXTRA_CA_CERTS, as a
 * user's Node program would. tsdav is installed by {@code npm ci} from the committed lock file into
 * target/tsdav, never globally. Needs node and npm (and the npm registry for the first install); skips without
 * them, fails in CI.
 */
class DavTsdavIT {
    static final String USER = "tess";
    static final String PASSWORD = "tsdav password of tess";
    static final List<String> FILES = List.of("package.json", "package-lock.json", "tsdav_client.mjs");

    /** A project-local tsdav: the committed package.json and lock file, installed with npm ci on first use. */
    static Path installTsdav() throws IOException, InterruptedException {
        Path npm = PeerTools.require("npm", "npm");
        Path dir = Path.of("target", "tsdav").toAbsolutePath();
        Files.createDirectories(dir);
        boolean changed = false;
        for (String f : FILES) {
            byte[] wanted;
            try (InputStream in = DavTsdavIT.class.getResourceAsStream("/dav/tsdav/" + f)) {
                wanted = in.readAllBytes();
            }
            Path p = dir.resolve(f);
            if (!Files.exists(p) || !java.util.Arrays.equals(Files.readAllBytes(p), wanted)) {
                Files.write(p, wanted);
                changed |= !f.endsWith(".mjs");
            }
        }
        if (changed || !Files.isDirectory(dir.resolve("node_modules").resolve("tsdav"))) {
            PeerTools.run(Duration.ofMinutes(5), Optional.empty(), List.of("bash", "-c",
                    "cd \"$1\" && \"$2\" ci --no-audit --no-fund --loglevel=error", "npm-ci", dir.toString(), npm.toString()))
                    .assertOk("npm ci (tsdav) in " + dir);
        }
        return dir;
    }

    @Test
    void tsdavDiscoversListsAndWritesEventsAndContacts(@TempDir Path tmp) throws Exception {
        Path node = PeerTools.require("node", "nodejs");
        Path dir = installTsdav();
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("etc"));
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.account-tess.cfg"), "user.name = " + USER + "\n"
                + "email.address = tess@hearth.test\npassword.hash = " + PasswordHash.hash(PASSWORD.toCharArray()) + "\n",
                StandardCharsets.UTF_8);
        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            Path ca = data.resolve("certs").resolve("ca.pem");
            PeerTools.Result r = PeerTools.run(Duration.ofMinutes(3), Optional.empty(), List.of("env",
                    "NODE_EXTRA_CA_CERTS=" + ca, node.toString(), dir.resolve("tsdav_client.mjs").toString(),
                    "https://localhost:" + hearth.easPort + "/", "http://localhost:" + hearth.setupPort + "/", USER, PASSWORD));
            System.out.println("tsdav against Hearth:\n" + r.out());
            assertFalse(r.out().contains("FAIL"), r.out() + "\n" + r.err());
            assertTrue(r.out().lines().filter(l -> l.startsWith("PASS")).count() >= 10, r.out() + "\n" + r.err());
            r.assertOk("tsdav_client.mjs");
            String out = hearth.output();
            assertFalse(out.contains(PASSWORD), "a password reached the log");
            assertFalse(out.contains("Exception"), out);
        }
    }
}
