package org.hearthsync.ddns.twodns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.hearthsync.api.ddns.GeneratedName.Outcome;
import org.junit.jupiter.api.Test;

/** Two-DNS offers a sign-up link, not name creation. */
class TwoDnsNamesTest {

    @Test
    void offersOnlyASignUpLink() {
        TwoDnsNames n = new TwoDnsNames();
        assertEquals("twodns", n.provider());
        assertEquals(TwoDnsProvider.PID, n.accountPid());
        assertTrue(n.signUpUrl().startsWith("https://"));
        assertEquals(true, n.closed());
        assertFalse(n.canCreate());
        assertTrue(n.domains().isEmpty());
        assertEquals(Outcome.UNSUPPORTED, n.create("myhome", "example.org", Map.of()).outcome());
    }
}
