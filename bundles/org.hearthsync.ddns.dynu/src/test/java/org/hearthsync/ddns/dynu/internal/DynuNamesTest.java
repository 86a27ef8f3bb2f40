package org.hearthsync.ddns.dynu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.hearthsync.ddns.support.Dyndns2;
import org.hearthsync.api.ddns.GeneratedName;
import org.hearthsync.api.ddns.GeneratedName.Outcome;
import org.hearthsync.api.ddns.LogCapture;
import org.hearthsync.api.ddns.ProviderEmulator;
import org.hearthsync.api.ddns.ProviderEmulator.Response;
import org.hearthsync.api.ddns.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating host names against a loopback emulator of Dynu's API v2. */
class DynuNamesTest {
    static final String KEY = "dynuApiKey6Z4XbYc3";
    static final String PASSWORD = "dynu-Pa55word";

    ProviderEmulator dynu;

    @BeforeEach
    void setUp() throws Exception {
        dynu = ProviderEmulator.start(r -> {
            if (!KEY.equals(r.header("API-Key"))) {
                return Response.of(401, "{\"statusCode\":401,\"type\":\"Authentication Exception\",\"message\":\"Invalid API key.\"}");
            }
            if (!"POST".equals(r.method()) || !"/v2/dns".equals(r.path())) {
                return Response.of(404, "{\"statusCode\":404,\"type\":\"Not Found\",\"message\":\"Not found.\"}");
            }
            if (r.body().contains("\"taken.ddnsfree.com\"")) {
                return Response.of(501, "{\"statusCode\":501,\"type\":\"Argument Exception\",\"message\":\"Domain name already exists.\"}");
            }
            return Response.ok("{\"statusCode\":200,\"id\":100345616,\"name\":\"myhome.ddnsfree.com\",\"ttl\":90,\"ipv4\":true}");
        });
    }

    @AfterEach
    void tearDown() {
        dynu.close();
    }

    DynuNames names() {
        return new DynuNames(TestConfigs.of(DynuNamesConfig.class, Map.of("api_url", dynu.baseUrl() + "/v2/")), "0.1.0",
                Dyndns2.newClient());
    }

    GeneratedName create(String label, String key) {
        return names().create(label, "ddnsfree.com",
                Map.of(DynuNames.API_KEY, key, DynuNames.USERNAME, "me", DynuNames.PASSWORD, PASSWORD));
    }

    @Test
    void createsTheNameAndGivesTheAccountConfiguration() {
        GeneratedName r = create("myhome", KEY);
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        assertEquals("myhome.ddnsfree.com", r.hostName());
        assertTrue(r.message().contains("100345616"), r.message());
        assertEquals(Map.of("hostname", "myhome.ddnsfree.com", "username", "me", "_password", PASSWORD), r.accountConfig());
        ProviderEmulator.Request q = dynu.lastRequest();
        assertEquals("POST", q.method());
        assertTrue(q.body().contains("\"name\": \"myhome.ddnsfree.com\""), q.body());
        assertTrue(q.body().contains("\"ipv4\": true"), q.body());
        assertEquals(KEY, q.header("API-Key"));
        assertFalse(r.toString().contains(PASSWORD), r.toString());
    }

    @Test
    void aTakenNameSaysSo() {
        GeneratedName r = create("taken", KEY);
        assertEquals(Outcome.TAKEN, r.outcome());
        assertTrue(r.message().contains("already exists"), r.message());
        assertNull(r.hostName());
        assertTrue(r.accountConfig().isEmpty());
    }

    @Test
    void anErrorInsideA200IsReadToo() {
        dynu.answer(q -> Response.ok("{\"statusCode\":501,\"type\":\"Argument Exception\",\"message\":\"Invalid host name.\"}"));
        assertEquals(Outcome.INVALID, create("myhome", KEY).outcome());
        dynu.answer(q -> Response.ok("{\"statusCode\":501,\"type\":\"Argument Exception\",\"message\":\"Host name is not available.\"}"));
        assertEquals(Outcome.TAKEN, create("myhome", KEY).outcome());
        dynu.answer(q -> Response.ok("{\"statusCode\":200}"));
        assertEquals(Outcome.SERVER_ERROR, create("myhome", KEY).outcome());
    }

    @Test
    void aWrongKeyIsBadAuth() {
        GeneratedName r = create("myhome", "wrong");
        assertEquals(Outcome.BAD_AUTH, r.outcome());
        assertTrue(r.message().contains("Authentication Exception"), r.message());
        assertEquals(Outcome.BAD_AUTH, names().create("myhome", "ddnsfree.com", Map.of(DynuNames.API_KEY, KEY)).outcome());
    }

    @Test
    void theAccountLimitIsLimit() {
        dynu.answer(q -> Response.ok("{\"statusCode\":501,\"type\":\"Limit Exception\",\"message\":\"Maximum domain limit reached.\"}"));
        assertEquals(Outcome.LIMIT, create("myhome", KEY).outcome());
    }

    @Test
    void throttlingCarriesRetryAfter() {
        dynu.answer(q -> Response.of(429, "{\"statusCode\":429,\"type\":\"Rate Limit\",\"message\":\"Too many requests.\"}")
                .withHeader("Retry-After", "120"));
        GeneratedName r = create("myhome", KEY);
        assertEquals(Outcome.RATE_LIMITED, r.outcome());
        assertEquals(Duration.ofSeconds(120), r.retryAfter());
    }

    @Test
    void aMalformedLabelOrForeignDomainIsRefusedWithoutARequest() {
        assertEquals(Outcome.INVALID, create("my_home", KEY).outcome());
        assertEquals(Outcome.INVALID, names().create("myhome", "dedyn.io",
                Map.of(DynuNames.API_KEY, KEY, DynuNames.USERNAME, "me", DynuNames.PASSWORD, PASSWORD)).outcome());
        assertTrue(dynu.requests().isEmpty());
    }

    @Test
    void aServerErrorIsServerError() {
        dynu.answer(q -> Response.of(503, ""));
        assertEquals(Outcome.SERVER_ERROR, create("myhome", KEY).outcome());
    }

    @Test
    void offersTheFreeDomainsAndTheSignUpPage() {
        DynuNames n = names();
        assertEquals("dynu", n.provider());
        assertEquals(DynuProvider.PID, n.accountPid());
        assertEquals("ddnsfree.com", n.domains().get(0));
        assertTrue(n.canCreate());
        assertTrue(n.signUpUrl().startsWith("https://www.dynu.com/"));
    }

    @Test
    void noSecretReachesTheLogs() {
        String logs;
        try (LogCapture log = new LogCapture()) {
            create("myhome", KEY);
            create("taken", KEY);
            create("myhome", "wrong");
            logs = log.text();
        }
        assertTrue(logs.contains("myhome.ddnsfree.com"), logs);
        assertFalse(logs.contains(KEY), logs);
        assertFalse(logs.contains(PASSWORD), logs);
    }
}
