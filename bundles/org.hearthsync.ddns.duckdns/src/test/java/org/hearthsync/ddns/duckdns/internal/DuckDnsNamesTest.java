package org.hearthsync.ddns.duckdns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.hearthsync.api.ddns.GeneratedName.Outcome;
import org.junit.jupiter.api.Test;

/** DuckDNS offers a sign-up link, not name creation. */
class DuckDnsNamesTest {

    @Test
    void offersOnlyASignUpLink() {
        DuckDnsNames n = new DuckDnsNames();
        assertEquals("duckdns", n.provider());
        assertEquals(DuckDnsProvider.PID, n.accountPid());
        assertTrue(n.signUpUrl().startsWith("https://"));
        assertEquals(false, n.closed());
        assertFalse(n.canCreate());
        assertTrue(n.domains().isEmpty());
        assertEquals(Outcome.UNSUPPORTED, n.create("myhome", "example.org", Map.of()).outcome());
    }
}
