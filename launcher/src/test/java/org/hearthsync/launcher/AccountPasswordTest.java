package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.hearthsync.auth.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountPasswordTest {

    @TempDir
    Path etc;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesOnlyAHashAndKeepsOtherSettings() throws Exception {
        Files.writeString(etc.resolve("org.hearthsync.account-alice.cfg"), "store.name = other\nemail.address = a@x.org\npassword.hash = pbkdf2-sha256$1$old$old\n");
        int code = set("alice", null, "correct horse battery\n");
        assertEquals(0, code, err.toString());
        Properties p = load("alice");
        assertEquals("other", p.getProperty("store.name"));
        assertEquals("a@x.org", p.getProperty("email.address"), "an existing address is kept");
        assertTrue(PasswordHash.verify("correct horse battery".toCharArray(), p.getProperty(".password.hash")));
        assertEquals(null, p.getProperty("password.hash"), "the public name of older versions is gone");
        assertFalse(Files.readString(etc.resolve("org.hearthsync.account-alice.cfg")).contains("correct horse"));
    }

    @Test
    void newAccountGetsAnAddress() throws Exception {
        assertEquals(0, set("bob", "bob@home.example", "longenough\n"));
        assertEquals("bob@home.example", load("bob").getProperty("email.address"));
    }

    @Test
    void shortOrMissingPasswordChangesNothing() throws Exception {
        assertEquals(1, set("carol", null, "short\n"));
        assertEquals(1, set("carol", null, ""));
        assertFalse(Files.exists(etc.resolve("org.hearthsync.account-carol.cfg")));
    }

    private int set(String user, String email, String stdin) throws Exception {
        return new AccountPassword(etc, new PrintStream(out), new PrintStream(err)).set(user, email, null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }

    private Properties load(String user) throws Exception {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(etc.resolve("org.hearthsync.account-" + user + ".cfg"))) {
            p.load(r);
        }
        return p;
    }
}
