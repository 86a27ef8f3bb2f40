package org.hearthsync.ddns.dnsdynamic.internal;

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

/** DNSdynamic's documented dyndns2 API against a loopback emulator of www.dnsdynamic.org. */
class DnsDynamicProviderTest {
    static final String PASSWORD = "dnsdyn-s3cr3t";
    static final InetAddress V4 = addr("203.0.113.10");

    ProviderEmulator dnsdynamic;

    @BeforeEach
    void setUp() throws Exception {
        dnsdynamic = ProviderEmulator.start(r -> Response.ok("good " + r.param("myip")));
    }

    @AfterEach
    void tearDown() {
        dnsdynamic.close();
    }

    DnsDynamicProvider provider(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("hostname", "techno.ns360.info", "username", "me@example.com",
                "_password", PASSWORD, "base_url", dnsdynamic.baseUrl() + "/api/"));
        v.putAll(extra);
        return new DnsDynamicProvider(TestConfigs.of(DnsDynamicConfig.class, v), "0.1.0", Dyndns2.newClient());
    }

    @Test
    void sendsTheDocumentedRequest() {
        assertEquals(Outcome.UPDATED, provider(Map.of()).update(V4, addr("2001:db8::1")).outcome());
        ProviderEmulator.Request r = dnsdynamic.lastRequest();
        assertEquals("GET", r.method());
        assertEquals("/api/", r.path());
        assertEquals("techno.ns360.info", r.param("hostname"));
        assertEquals("203.0.113.10", r.param("myip"));
        assertEquals(2, r.params().size(), "IPv4 only: " + r.params());
        assertEquals(basic("me@example.com", PASSWORD), r.header("Authorization"));
    }

    @ParameterizedTest
    @CsvSource({ "200,good 203.0.113.10,UPDATED", "200,nochg 203.0.113.10,UNCHANGED", "200,badauth,BAD_AUTH",
            "200,nohost,NO_HOST", "200,notfqdn,BAD_NAME", "200,abuse,ABUSE", "200,911,SERVER_ERROR",
            "500,,SERVER_ERROR" })
    void everyAnswerCode(int status, String body, Outcome expected) {
        dnsdynamic.answer(r -> Response.of(status, body == null ? "" : body));
        assertEquals(expected, provider(Map.of()).update(V4, null).outcome());
    }

    @Test
    void theClosedServiceIsUnreachable() {
        String dead = dnsdynamic.baseUrl();
        dnsdynamic.close();
        UpdateResult r = provider(Map.of("base_url", dead + "/api/")).update(V4, null);
        assertEquals(Outcome.UNREACHABLE, r.outcome());
        assertTrue(r.message().contains("appears closed"), r.message());
    }

    @Test
    void thePasswordNeverReachesTheLogs() {
        String logs;
        try (LogCapture log = new LogCapture()) {
            provider(Map.of()).update(V4, null);
            logs = log.text();
        }
        assertTrue(logs.contains("techno.ns360.info"), logs);
        assertFalse(logs.contains(PASSWORD), logs);
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
