package org.hearthsync.ddns.dynu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.LogCapture;
import org.hearthsync.api.ddns.ProviderEmulator;
import org.hearthsync.api.ddns.ProviderEmulator.Response;
import org.hearthsync.api.ddns.SentAddresses;
import org.hearthsync.api.ddns.TestConfigs;
import org.hearthsync.api.ddns.UpdateResult;
import org.hearthsync.api.ddns.UpdateResult.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dynu's dyndns2 API against a loopback emulator of api.dynu.com. */
class DynuProviderTest {
    static final String PASSWORD = "dynu-Pa55word";
    static final InetAddress V4 = addr("203.0.113.9");
    static final InetAddress V6 = addr("2001:db8::9");

    ProviderEmulator dynu;

    @BeforeEach
    void setUp() throws Exception {
        dynu = ProviderEmulator.start(r -> Response.ok("good " + r.param("myip")));
    }

    @AfterEach
    void tearDown() {
        dynu.close();
    }

    DynuProvider provider(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("hostname", "myhome.freeddns.org", "username", "me", "_password",
                PASSWORD, "base_url", dynu.baseUrl() + "/nic/update"));
        v.putAll(extra);
        return new DynuProvider(TestConfigs.of(DynuConfig.class, v), "0.1.0", Dyndns2.newClient());
    }

    @Test
    void sendsIpv4AndIpv6() {
        assertEquals(Outcome.UPDATED, provider(Map.of()).update(V4, V6).outcome());
        ProviderEmulator.Request r = dynu.lastRequest();
        assertEquals("/nic/update", r.path());
        assertEquals("myhome.freeddns.org", r.param("hostname"));
        assertEquals("203.0.113.9", r.param("myip"));
        assertEquals("2001:db8::9", r.param("myipv6"), "RFC 5952 form (issue 19 point 6)");
        assertEquals(basic("me", PASSWORD), r.header("Authorization"));
    }

    @Test
    void withIpv6OffDynuIsToldToLeaveItAlone() {
        provider(Map.of("ddns_ipv6", false)).update(V4, V6);
        assertEquals("no", dynu.lastRequest().param("myipv6"));
    }

    /**
     * Issue 19 point 3: with no IPv4 known, {@code myip=no} tells Dynu to leave the A record alone; left
     * out, Dynu would take the connection's address (ddclient sends {@code myip=no} too).
     */
    @Test
    void ipv6AloneIsSentWithMyipNo() {
        UpdateResult r = provider(Map.of()).update(null, V6);
        assertEquals("no", dynu.lastRequest().param("myip"));
        assertEquals("2001:db8::9", dynu.lastRequest().param("myipv6"));
        assertEquals(new SentAddresses(null, V6), r.sent());
    }

    @Test
    void nothingToSendIsNotSent() {
        assertEquals(Outcome.SKIPPED, provider(Map.of("ddns_ipv6", false)).update(null, V6).outcome());
        assertTrue(dynu.requests().isEmpty());
    }

    @ParameterizedTest
    @CsvSource({ "200,good 203.0.113.9,UPDATED", "200,nochg,UNCHANGED", "200,badauth,BAD_AUTH", "200,nohost,NO_HOST",
            "200,notfqdn,BAD_NAME", "200,numhost,BAD_NAME", "200,abuse,ABUSE", "200,911,SERVER_ERROR",
            "200,dnserr,SERVER_ERROR", "503,,SERVER_ERROR", "401,,BAD_AUTH" })
    void everyAnswerCode(int status, String body, Outcome expected) {
        dynu.answer(r -> Response.of(status, body == null ? "" : body));
        assertEquals(expected, provider(Map.of()).update(V4, null).outcome());
    }

    @Test
    void tooManyRequests() {
        dynu.answer(r -> Response.of(429, "").withHeader("Retry-After", "120"));
        UpdateResult r = provider(Map.of()).update(V4, null);
        assertEquals(Outcome.RATE_LIMITED, r.outcome());
        assertEquals(Duration.ofMinutes(2), r.retryAfter());
    }

    @Test
    void thePasswordNeverReachesTheLogs() {
        String logs;
        try (LogCapture log = new LogCapture()) {
            provider(Map.of()).update(V4, V6);
            dynu.answer(r -> Response.of(401, "badauth"));
            provider(Map.of()).update(V4, V6);
            logs = log.text();
        }
        assertTrue(logs.contains("myhome.freeddns.org"), logs);
        assertFalse(logs.contains(PASSWORD), logs);
        assertFalse(logs.contains(basic("me", PASSWORD).substring(6)), logs);
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
