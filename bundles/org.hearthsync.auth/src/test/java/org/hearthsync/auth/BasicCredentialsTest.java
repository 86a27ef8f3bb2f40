package org.hearthsync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    @Test
    void parsesUserAndPasswordWithColonsInThePassword() {
        BasicCredentials c = BasicCredentials.parse(basic("DOM\\ann", "pa:ss wörd")).orElseThrow();
        assertEquals("DOM\\ann", c.userName());
        assertEquals("pa:ss wörd", new String(c.password()));
        assertFalse(c.toString().contains("pa:ss"), "toString never shows the password");
    }

    @Test
    void rejectsWhatIsNotBasic() {
        assertTrue(BasicCredentials.parse(null).isEmpty());
        assertTrue(BasicCredentials.parse("Bearer abc").isEmpty());
        assertTrue(BasicCredentials.parse("Basic !!!").isEmpty());
        assertTrue(BasicCredentials.parse("Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes())).isEmpty());
        assertTrue(BasicCredentials.parse("Basic " + "A".repeat(5000)).isEmpty());
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
