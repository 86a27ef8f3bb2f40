package org.hearthsync.ddns.twodns.internal;

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

/** Two-DNS's API as documented before it closed, against a loopback emulator of api.twodns.de. */
class TwoDnsProviderTest {
    static final String TOKEN = "twodns-T0ken";
    static final InetAddress V4 = addr("203.0.113.13");

    ProviderEmulator twodns;

    @BeforeEach
    void setUp() throws Exception {
        twodns = ProviderEmulator.start(r -> Response.ok("{\"fqdn\": \"myhome.dd-dns.de\", \"ip_address\": \"203.0.113.13\"}"));
    }

    @AfterEach
    void tearDown() {
        twodns.close();
    }

    TwoDnsProvider provider(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("hostname", "myhome.dd-dns.de", "username", "me@example.com",
                "_token", TOKEN, "base_url", twodns.baseUrl()));
        v.putAll(extra);
        return new TwoDnsProvider(TestConfigs.of(TwoDnsConfig.class, v), "0.1.0", Dyndns2.newClient());
    }

    @Test
    void putsTheAddressAsJson() {
        assertEquals(Outcome.UPDATED, provider(Map.of()).update(V4, addr("2001:db8::1")).outcome());
        ProviderEmulator.Request r = twodns.lastRequest();
        assertEquals("PUT", r.method());
        assertEquals("/hosts/myhome.dd-dns.de", r.path());
        assertEquals("{\"ip_address\": \"203.0.113.13\"}", r.body());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals(basic("me@example.com", TOKEN), r.header("Authorization"));
    }

    @ParameterizedTest
    @CsvSource({ "200,UPDATED", "201,UPDATED", "401,BAD_AUTH", "403,BAD_AUTH", "404,NO_HOST", "500,SERVER_ERROR",
            "422,REFUSED" })
    void everyAnswer(int status, Outcome expected) {
        twodns.answer(r -> Response.of(status, "{}"));
        assertEquals(expected, provider(Map.of()).update(V4, null).outcome());
    }

    @Test
    void tooManyRequests() {
        twodns.answer(r -> Response.of(429, "").withHeader("Retry-After", "30"));
        assertEquals(Duration.ofSeconds(30), provider(Map.of()).update(V4, null).retryAfter());
    }

    @Test
    void whenNothingAnswersTheServiceIsClosed() {
        String dead = twodns.baseUrl();
        twodns.close();
        UpdateResult r = provider(Map.of("base_url", dead)).update(V4, null);
        assertEquals(Outcome.SERVICE_CLOSED, r.outcome());
        assertTrue(r.outcome().needsUser());
    }

    @Test
    void aHostNameThatIsNotADnsNameIsNotSent() {
        assertEquals(Outcome.BAD_NAME, provider(Map.of("hostname", "../admin")).update(V4, null).outcome());
        assertTrue(twodns.requests().isEmpty());
    }

    @Test
    void theTokenNeverReachesTheLogs() {
        String logs;
        try (LogCapture log = new LogCapture()) {
            provider(Map.of()).update(V4, null);
            logs = log.text();
        }
        assertTrue(logs.contains("myhome.dd-dns.de"), logs);
        assertFalse(logs.contains(TOKEN), logs);
        assertNull(null);
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
