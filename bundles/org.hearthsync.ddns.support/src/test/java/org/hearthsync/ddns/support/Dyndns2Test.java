package org.hearthsync.ddns.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.hearthsync.api.ddns.UpdateResult;
import org.hearthsync.api.ddns.UpdateResult.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Dyndns2Test {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest
    @CsvSource({ "200,good 1.2.3.4,UPDATED", "200,GOOD,UPDATED", "200,nochg 1.2.3.4,UNCHANGED",
            "200,badauth,BAD_AUTH", "401,badauth,BAD_AUTH", "200,nohost,NO_HOST", "200,!yours,NO_HOST",
            "200,notfqdn,BAD_NAME", "200,numhost,BAD_NAME", "200,abuse,ABUSE", "200,badagent,REFUSED",
            "200,!donator,REFUSED", "200,badsys,REFUSED", "200,911,SERVER_ERROR", "200,dnserr,SERVER_ERROR",
            "200,,SERVER_ERROR", "200,<html>hello</html>,SERVER_ERROR", "500,,SERVER_ERROR", "503,oops,SERVER_ERROR",
            "401,,BAD_AUTH", "403,Forbidden,BAD_AUTH", "404,,NO_HOST", "400,bad request,REFUSED",
            "302,,SERVER_ERROR", "429,,RATE_LIMITED" })
    void answers(int status, String body, Outcome expected) {
        assertEquals(expected, Dyndns2.answer(status, body, null, NOW).outcome());
    }

    @Test
    void onlyTheFirstLineCounts() {
        UpdateResult r = Dyndns2.answer(200, "\n  good 1.2.3.4\nnohost\n", null, NOW);
        assertEquals(Outcome.UPDATED, r.outcome());
        assertEquals("good 1.2.3.4", r.message());
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        assertEquals(Duration.ofSeconds(120), Dyndns2.answer(429, "", "120", NOW).retryAfter());
        assertEquals(Duration.ofMinutes(30),
                Dyndns2.answer(429, "", "Sun, 01 Mar 2026 10:30:00 GMT", NOW).retryAfter());
        assertEquals(Duration.ZERO, Dyndns2.retryAfter("Sun, 01 Mar 2026 09:00:00 GMT", NOW));
        assertNull(Dyndns2.retryAfter("soon", NOW));
        assertNull(Dyndns2.answer(429, "", null, NOW).retryAfter());
        assertEquals(Duration.ofSeconds(3600), Dyndns2.answer(503, "", "3600", NOW).retryAfter());
    }

    @Test
    void messagesAreShortAndPlain() {
        String longBody = "x".repeat(5000);
        assertTrue(Dyndns2.answer(200, longBody, null, NOW).message().length() < 260);
        assertFalse(Dyndns2.answer(200, "good\u0007\u001b[31m", null, NOW).message().contains("\u001b"));
    }

    /**
     * Issue 19 point 5: No-IP asks software clients for {@code NameOfProgram/OSVersion-ReleaseVersion
     * maintainer-contact@example.com} (https://www.noip.com/integrate/request); the OS part was missing
     * and the contact was a mailbox nobody reads.
     */
    @Test
    void userAgentNamesTheProgramTheOperatingSystemAndTheUsersContact() {
        String os = System.getProperty("os.name").replaceAll("[^A-Za-z0-9._+-]", "");
        String osVersion = System.getProperty("os.version").replaceAll("[^A-Za-z0-9._+-]", "");
        assertEquals("Hearth/0.1.0 " + os + "-" + osVersion + " alice@example.net",
                Dyndns2.userAgent("0.1.0", "alice@example.net"));
        assertEquals("Hearth/0.1.0 " + os + "-" + osVersion, Dyndns2.userAgent("0.1.0"),
                "no contact is better than one nobody reads");
        assertEquals(Dyndns2.userAgent("0.1.0"), Dyndns2.userAgent("0.1.0", "not a mailbox"));
        assertFalse(Dyndns2.userAgent("0.1.0", "alice@example.net").contains(Dyndns2.CONTACT));
        assertTrue(Dyndns2.userAgent("0.1.0 (x)").matches("Hearth/0\\.1\\.0x \\S+-\\S+"));
    }

    /** Issue 19 point 6: IPv6 addresses go out in the RFC 5952 canonical form. */
    @ParameterizedTest
    @CsvSource({ "2a00:1450:4001:82b:0:0:0:200e,2a00:1450:4001:82b::200e", "2001:DB8:0:0:1:0:0:1,2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1,2001:db8:0:1:1:1:1:1", "2001:0db8:0000:0000:0000:0000:0002:0001,2001:db8::2:1",
            "0:0:0:0:0:0:0:1,::1", "0:0:0:0:0:0:0:0,::", "2001:db8:0:0:0:0:0:0,2001:db8::", "0:0:0:0:0:0:0:2a,::2a",
            "2001:0:0:1:0:0:0:1,2001:0:0:1::1", "fe80:0:0:0:0:0:0:1%1,fe80::1", "203.0.113.7,203.0.113.7" })
    void addressesAreWrittenInTheCanonicalForm(String in, String canonical) throws Exception {
        assertEquals(canonical, Dyndns2.text(java.net.InetAddress.getByName(in)));
    }

    @Test
    void helpers() {
        assertEquals("Basic bWU6cMOkc3M=", Dyndns2.basicAuth("me", "päss"));
        assertEquals("a%20b%26c%3Dd", Dyndns2.encode("a b&c=d"));
        assertTrue(UpdateResult.Outcome.BAD_AUTH.needsUser());
        assertFalse(UpdateResult.Outcome.SERVER_ERROR.needsUser());
    }
}
