package org.hearthsync.ddns.dnsdynamic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.hearthsync.api.ddns.GeneratedName.Outcome;
import org.junit.jupiter.api.Test;

/** DNSdynamic offers a sign-up link, not name creation. */
class DnsDynamicNamesTest {

    @Test
    void offersOnlyASignUpLink() {
        DnsDynamicNames n = new DnsDynamicNames();
        assertEquals("dnsdynamic", n.provider());
        assertEquals(DnsDynamicProvider.PID, n.accountPid());
        assertTrue(n.signUpUrl().startsWith("https://"));
        assertEquals(true, n.closed());
        assertFalse(n.canCreate());
        assertTrue(n.domains().isEmpty());
        assertEquals(Outcome.UNSUPPORTED, n.create("myhome", "example.org", Map.of()).outcome());
    }
}
