package org.hearthsync.api.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.hearthsync.api.ddns.GeneratedName.Outcome;
import org.junit.jupiter.api.Test;

class DnsNameGeneratorTest {

    @Test
    void labelsAreLettersDigitsAndInnerHyphens() {
        assertEquals("myhome", DnsNameGenerator.label(" MyHome "));
        assertEquals("my-home2", DnsNameGenerator.label("my-home2"));
        assertNull(DnsNameGenerator.label("-myhome"));
        assertNull(DnsNameGenerator.label("my.home"));
        assertNull(DnsNameGenerator.label("my_home"));
        assertNull(DnsNameGenerator.label(""));
        assertNull(DnsNameGenerator.label(null));
        assertNull(DnsNameGenerator.label("a".repeat(64)));
    }

    @Test
    void aSignUpOnlyProviderCannotCreate() {
        DnsNameGenerator g = new DnsNameGenerator() {
            public String provider() {
                return "x";
            }

            public String displayName() {
                return "X";
            }

            public String signUpUrl() {
                return "https://x.example/";
            }

            public String accountPid() {
                return "org.hearthsync.ddns.x";
            }
        };
        assertFalse(g.canCreate());
        assertEquals(Outcome.UNSUPPORTED, g.create("a", "b", Map.of()).outcome());
    }

    @Test
    void theAccountConfigurationStaysOutOfToString() {
        GeneratedName r = GeneratedName.created("a.dedyn.io", "created", Map.of("_token", "s3cret"));
        assertTrue(r.ok());
        assertFalse(r.toString().contains("s3cret"), r.toString());
        GeneratedName w = new GeneratedName(Outcome.RATE_LIMITED, null, "wait", Duration.ofSeconds(5), null);
        assertTrue(w.accountConfig().isEmpty());
    }
}
