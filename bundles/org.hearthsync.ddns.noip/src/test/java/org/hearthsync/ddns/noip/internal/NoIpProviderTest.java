package org.hearthsync.ddns.noip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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

/** No-IP's protocol against a loopback emulator of dynupdate.no-ip.com. */
class NoIpProviderTest {
    static final String PASSWORD = "n0-ip-S3cret!";
    static final InetAddress V4 = addr("203.0.113.7");
    static final InetAddress V6 = addr("2001:db8::7");

    ProviderEmulator noip;
    NoIpProvider provider;

    @BeforeEach
    void setUp() throws Exception {
        noip = ProviderEmulator.start(r -> Response.ok("good " + r.param("myip")));
        provider = provider(Map.of());
    }

    NoIpProvider provider(Map<String, Object> extra) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("hostname", "myhome.ddns.net", "username",
                "me@example.com", "_password", PASSWORD, "base_url", noip.baseUrl() + "/nic/update"));
        values.putAll(extra);
        return new NoIpProvider(TestConfigs.of(NoIpConfig.class, values), "0.1.0", Dyndns2.newClient());
    }

    @AfterEach
    void tearDown() {
        noip.close();
    }

    @Test
    void sendsTheDocumentedRequest() {
        UpdateResult r = provider(Map.of("ddns_ipv6", true)).update(V4, V6);
        assertEquals(Outcome.UPDATED, r.outcome());
        ProviderEmulator.Request req = noip.lastRequest();
        assertEquals("GET", req.method());
        assertEquals("/nic/update", req.path());
        assertEquals("myhome.ddns.net", req.param("hostname"));
        assertEquals("203.0.113.7", req.param("myip"));
        assertEquals("2001:db8::7", req.param("myipv6"), "RFC 5952 form (issue 19 point 6)");
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("me@example.com:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)), req.header("Authorization"));
        assertEquals(Dyndns2.userAgent("0.1.0", "me@example.com"), req.header("User-Agent"));
        assertEquals("myhome.ddns.net", provider.hostName());
    }

    /**
     * Issue 19 point 4: IPv6 is off by default. No-IP documents that "Excessive nochg responses may result
     * in your client being blocked" (https://www.noip.com/integrate/response) and keeps A and AAAA hosts
     * apart (https://www.noip.com/integrate/request): with IPv6 on, every IPv6 change of an A-only host
     * re-sends the unchanged IPv4 and earns a nochg.
     */
    @Test
    void ipv6IsOffByDefault() {
        UpdateResult r = provider.update(V4, V6);
        assertEquals(Outcome.UPDATED, r.outcome());
        assertNull(noip.lastRequest().param("myipv6"));
        assertEquals(new SentAddresses(V4, null), r.sent());
        assertEquals(new SentAddresses(V4, null), provider.toSend(V4, V6), "an IPv6 change alone sends nothing");
    }

    /**
     * Issue 19 point 5: the User-Agent is {@code Hearth/<version> <OS>-<version> <contact>}, the contact
     * being the user's own address: the contact setting, else an e-mail user name.
     */
    @Test
    void userAgentCarriesTheOperatingSystemAndTheUsersAddress() {
        provider(Map.of("contact", "alice@example.net")).update(V4, null);
        String ua = noip.lastRequest().header("User-Agent");
        assertTrue(ua.matches("Hearth/0\\.1\\.0 [A-Za-z0-9._+-]+-[A-Za-z0-9._+-]+ alice@example\\.net"), ua);
        assertTrue(ua.contains(System.getProperty("os.name").replaceAll("[^A-Za-z0-9._+-]", "")), ua);
        provider(Map.of()).update(V4, null);
        assertTrue(noip.lastRequest().header("User-Agent").endsWith(" me@example.com"));
        provider(Map.of("username", "ddnskey7")).update(V4, null);
        assertFalse(noip.lastRequest().header("User-Agent").contains("@"), "never a made-up mailbox");
    }

    @Test
    void nothingIsSentWithoutAnAddressItWouldCarry() {
        UpdateResult r = provider.update(null, V6);
        assertEquals(Outcome.SKIPPED, r.outcome(), "without myip No-IP takes the connection's address");
        assertTrue(noip.requests().isEmpty());
    }

    @Test
    void ipv6CanBeSwitchedOff() {
        provider(Map.of("ddns_ipv6", false)).update(V4, V6);
        assertNull(noip.lastRequest().param("myipv6"));
    }

    @ParameterizedTest
    @CsvSource({ "200,good 203.0.113.7,UPDATED", "200,nochg 203.0.113.7,UNCHANGED", "200,nohost,NO_HOST",
            "401,badauth,BAD_AUTH", "200,badauth,BAD_AUTH", "200,badagent,REFUSED", "200,!donator,REFUSED",
            "200,abuse,ABUSE", "200,911,SERVER_ERROR", "500,,SERVER_ERROR", "502,<html>Bad gateway</html>,SERVER_ERROR",
            "200,something else,SERVER_ERROR", "403,,BAD_AUTH" })
    void everyAnswerCode(int status, String body, Outcome expected) {
        noip.answer(r -> Response.of(status, body == null ? "" : body));
        UpdateResult r = provider.update(V4, null);
        assertEquals(expected, r.outcome(), r.message());
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        noip.answer(r -> Response.of(429, "slow down").withHeader("Retry-After", "600"));
        UpdateResult r = provider.update(V4, null);
        assertEquals(Outcome.RATE_LIMITED, r.outcome());
        assertEquals(Duration.ofMinutes(10), r.retryAfter());
    }

    @Test
    void unreachableWhenNothingListens() {
        String dead = noip.baseUrl();
        noip.close();
        UpdateResult r = provider(Map.of("base_url", dead + "/nic/update")).update(V4, null);
        assertEquals(Outcome.UNREACHABLE, r.outcome());
    }

    @Test
    void noHostNameIsABadName() {
        assertEquals(Outcome.BAD_NAME, provider(Map.of("hostname", " ")).update(V4, null).outcome());
        assertTrue(noip.requests().isEmpty());
    }

    @Test
    void thePasswordNeverReachesTheLogsOrTheResult() {
        String logs;
        UpdateResult ok;
        UpdateResult bad;
        try (LogCapture log = new LogCapture()) {
            ok = provider.update(V4, V6);
            noip.answer(r -> Response.of(401, "badauth"));
            bad = provider.update(V4, V6);
            logs = log.text();
        }
        assertTrue(logs.contains("myhome.ddns.net"), "debug logging is captured:\n" + logs);
        for (String text : new String[] { logs, ok.message(), bad.message() }) {
            assertFalse(text.contains(PASSWORD), text);
            assertFalse(text.contains(Base64.getEncoder().encodeToString(("me@example.com:" + PASSWORD).getBytes())), text);
        }
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
