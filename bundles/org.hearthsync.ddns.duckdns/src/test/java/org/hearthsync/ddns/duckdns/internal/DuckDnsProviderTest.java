package org.hearthsync.ddns.duckdns.internal;

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
import org.hearthsync.api.ddns.TestConfigs;
import org.hearthsync.api.ddns.UpdateResult;
import org.hearthsync.api.ddns.UpdateResult.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DuckDNS's update API against a loopback emulator of www.duckdns.org. */
class DuckDnsProviderTest {
    static final String TOKEN = "a7c4d0ad-114e-40ef-ba1d-d217904a50f2";
    static final InetAddress V4 = addr("203.0.113.11");
    static final InetAddress V6 = addr("2001:db8::11");

    ProviderEmulator duck;

    @BeforeEach
    void setUp() throws Exception {
        duck = ProviderEmulator.start(r -> TOKEN.equals(r.param("token")) && "myhome".equals(r.param("domains"))
                ? Response.ok("OK\n" + r.param("ip") + "\n" + r.param("ipv6") + "\nUPDATED")
                : Response.ok("KO"));
    }

    @AfterEach
    void tearDown() {
        duck.close();
    }

    DuckDnsProvider provider(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("hostname", "myhome.duckdns.org", "_token", TOKEN, "base_url",
                duck.baseUrl() + "/update"));
        v.putAll(extra);
        return new DuckDnsProvider(TestConfigs.of(DuckDnsConfig.class, v), "0.1.0", Dyndns2.newClient());
    }

    @Test
    void sendsTheDocumentedRequest() {
        DuckDnsProvider p = provider(Map.of());
        assertEquals("myhome.duckdns.org", p.hostName());
        assertEquals(Outcome.UPDATED, p.update(V4, V6).outcome());
        ProviderEmulator.Request r = duck.lastRequest();
        assertEquals("/update", r.path());
        assertEquals("myhome", r.param("domains"));
        assertEquals(TOKEN, r.param("token"));
        assertEquals("203.0.113.11", r.param("ip"));
        assertEquals("2001:db8::11", r.param("ipv6"));
        assertEquals("true", r.param("verbose"));
    }

    @Test
    void theSubDomainAloneIsAccepted() {
        assertEquals("myhome.duckdns.org", provider(Map.of("hostname", "MyHome")).hostName());
        assertEquals(Outcome.UPDATED, provider(Map.of("hostname", "myhome")).update(V4, null).outcome());
        assertNull(duck.lastRequest().param("ipv6"));
    }

    @Test
    void anotherDomainIsABadName() {
        assertEquals(Outcome.BAD_NAME, provider(Map.of("hostname", "myhome.example.org")).update(V4, null).outcome());
        assertTrue(duck.requests().isEmpty());
    }

    @Test
    void ipv6CanBeSwitchedOff() {
        provider(Map.of("ddns_ipv6", false)).update(V4, V6);
        assertNull(duck.lastRequest().param("ipv6"));
    }

    @Test
    void noChange() {
        duck.answer(r -> Response.ok("OK\n203.0.113.11\n\nNOCHANGE"));
        assertEquals(Outcome.UNCHANGED, provider(Map.of()).update(V4, null).outcome());
    }

    @Test
    void koIsAWrongTokenOrDomain() {
        UpdateResult r = provider(Map.of("_token", "wrong")).update(V4, null);
        assertEquals(Outcome.BAD_AUTH, r.outcome());
        assertTrue(r.outcome().needsUser());
    }

    @ParameterizedTest
    @CsvSource({ "500,,SERVER_ERROR", "502,<html/>,SERVER_ERROR", "200,<html>maintenance</html>,SERVER_ERROR" })
    void serverTrouble(int status, String body, Outcome expected) {
        duck.answer(r -> Response.of(status, body == null ? "" : body));
        assertEquals(expected, provider(Map.of()).update(V4, null).outcome());
    }

    @Test
    void tooManyRequests() {
        duck.answer(r -> Response.of(429, "").withHeader("Retry-After", "60"));
        UpdateResult r = provider(Map.of()).update(V4, null);
        assertEquals(Outcome.RATE_LIMITED, r.outcome());
        assertEquals(Duration.ofMinutes(1), r.retryAfter());
    }

    @Test
    void theTokenNeverReachesTheLogsOrTheResult() {
        String logs;
        UpdateResult ok;
        UpdateResult unreachable;
        try (LogCapture log = new LogCapture()) {
            ok = provider(Map.of()).update(V4, V6);
            String dead = duck.baseUrl();
            duck.close();
            unreachable = provider(Map.of("base_url", dead + "/update")).update(V4, V6);
            logs = log.text();
        }
        assertEquals(Outcome.UNREACHABLE, unreachable.outcome());
        assertTrue(logs.contains("myhome.duckdns.org"), logs);
        for (String text : new String[] { logs, ok.message(), unreachable.message() }) {
            assertFalse(text.contains(TOKEN), text);
        }
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
