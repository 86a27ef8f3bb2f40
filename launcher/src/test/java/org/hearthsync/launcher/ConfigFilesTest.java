package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets an older version saved under public names move to the private (dot) names before the framework starts. */
class ConfigFilesTest {

    @TempDir
    Path etc;

    @Test
    void olderVersionsSecretsMoveToThePrivateNamesAndTheRestStays() throws Exception {
        Files.writeString(etc.resolve("org.hearthsync.account-ann.cfg"),
                "user.name = ann\nemail.address = \\u00e5se@h\\u00e9arth.test\nstore.name = \\u6771\npassword.hash = pbkdf2-sha256$1$a$b\n",
                StandardCharsets.ISO_8859_1);
        // both names: the private one was written later (a new password), so it wins
        Files.writeString(etc.resolve("org.hearthsync.account-bob.cfg"), "user.name = bob\npassword.hash = old\n.password.hash = new\n");
        Files.writeString(etc.resolve("org.hearthsync.store.dav-cloud.cfg"), "store.name = cloud\nurl = https://x/\npassword = s3cret\n");
        Files.writeString(etc.resolve("org.hearthsync.account-cy.cfg"), "user.name = cy\n.password.hash = h\n");
        long untouched = Files.getLastModifiedTime(etc.resolve("org.hearthsync.account-cy.cfg")).toMillis();

        ConfigFiles files = new ConfigFiles(etc);
        files.rename("org.hearthsync.account-", "password.hash", ".password.hash");
        files.rename("org.hearthsync.store.dav-", "password", ".password");

        Properties ann = load("org.hearthsync.account-ann.cfg");
        assertEquals("pbkdf2-sha256$1$a$b", ann.getProperty(".password.hash"));
        assertNull(ann.getProperty("password.hash"));
        assertEquals("\u00e5se@h\u00e9arth.test", ann.getProperty("email.address"));
        assertEquals("\u6771", ann.getProperty("store.name"), "a name beyond Latin-1 survives the rewrite");
        Properties bob = load("org.hearthsync.account-bob.cfg");
        assertEquals("new", bob.getProperty(".password.hash"));
        assertNull(bob.getProperty("password.hash"));
        Properties dav = load("org.hearthsync.store.dav-cloud.cfg");
        assertEquals("s3cret", dav.getProperty(".password"));
        assertNull(dav.getProperty("password"));
        assertEquals("https://x/", dav.getProperty("url"));
        assertEquals(untouched, Files.getLastModifiedTime(etc.resolve("org.hearthsync.account-cy.cfg")).toMillis(),
                "a file with nothing to move is not rewritten");
    }

    private Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(etc.resolve(name), StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        return p;
    }
}
