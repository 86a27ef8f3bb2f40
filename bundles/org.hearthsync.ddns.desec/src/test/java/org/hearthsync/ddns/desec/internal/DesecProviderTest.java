package org.hearthsync.ddns.desec.internal;

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

/** deSEC's dynDNS API against a loopback emulator of update.dedyn.io. */
class DesecProviderTest {
    static final String TOKEN = "i-T3XVCbZxRTQnVd7fBk6LmHyP";
    static final InetAddress V4 = addr("203.0.113.12");
    static final InetAddress V6 = addr("2001:db8::12");

    ProviderEmulator desec;

    @BeforeEach
    void setUp() throws Exception {
        desec = ProviderEmulator.start(r -> ("Token " + TOKEN).equals(r.header("Authorization")) ? Response.ok("good")
                : Response.of(401, "badauth"));
    }

    @AfterEach
    void tearDown() {
        desec.close();
    }

    DesecProvider provider(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("hostname", "myhome.dedyn.io", "_token", TOKEN, "base_url",
                desec.baseUrl() + "/"));
        v.putAll(extra);
        return new DesecProvider(TestConfigs.of(DesecConfig.class, v), "0.1.0", Dyndns2.newClient());
    }

    @Test
    void sendsTheDocumentedRequest() {
        assertEquals(Outcome.UPDATED, provider(Map.of()).update(V4, V6).outcome());
        ProviderEmulator.Request r = desec.lastRequest();
        assertEquals("/", r.path());
        assertEquals("myhome.dedyn.io", r.param("hostname"));
        assertEquals("203.0.113.12", r.param("myipv4"));
        assertEquals("2001:db8::12", r.param("myipv6"));
        assertEquals("Token " + TOKEN, r.header("Authorization"));
    }

    @Test
    void anUnknownAddressIsPreserved() {
        provider(Map.of()).update(V4, null);
        assertEquals("preserve", desec.lastRequest().param("myipv6"));
        provider(Map.of()).update(null, V6);
        assertEquals("preserve", desec.lastRequest().param("myipv4"));
        provider(Map.of("ddns_ipv6", false)).update(V4, V6);
        assertEquals("preserve", desec.lastRequest().param("myipv6"));
    }

    @ParameterizedTest
    @CsvSource({ "200,good,UPDATED", "200,nochg,UNCHANGED", "401,badauth,BAD_AUTH", "401,,BAD_AUTH",
            "404,nohost,NO_HOST", "404,,NO_HOST", "400,,REFUSED", "500,,SERVER_ERROR", "503,,SERVER_ERROR",
            "200,911,SERVER_ERROR" })
    void everyAnswer(int status, String body, Outcome expected) {
        desec.answer(r -> Response.of(status, body == null ? "" : body));
        assertEquals(expected, provider(Map.of()).update(V4, null).outcome());
    }

    @Test
    void throttlingCarriesRetryAfter() {
        desec.answer(r -> Response.of(429, "{\"detail\":\"Request was throttled. Expected available in 60 seconds.\"}")
                .withHeader("Retry-After", "60"));
        UpdateResult r = provider(Map.of()).update(V4, null);
        assertEquals(Outcome.RATE_LIMITED, r.outcome());
        assertEquals(Duration.ofSeconds(60), r.retryAfter());
    }

    @Test
    void aWrongTokenIsBadAuth() {
        assertEquals(Outcome.BAD_AUTH, provider(Map.of("_token", "wrong")).update(V4, null).outcome());
    }

    @Test
    void theTokenNeverReachesTheLogs() {
        String logs;
        try (LogCapture log = new LogCapture()) {
            provider(Map.of()).update(V4, V6);
            logs = log.text();
        }
        assertTrue(logs.contains("myhome.dedyn.io"), logs);
        assertFalse(logs.contains(TOKEN), logs);
        assertNull(null);
        assertTrue(basic("a", "b").startsWith("Basic "));
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
