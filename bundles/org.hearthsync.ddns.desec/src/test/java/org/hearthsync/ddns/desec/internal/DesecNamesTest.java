package org.hearthsync.ddns.desec.internal;

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

/** Creating dedyn.io names against a loopback emulator of deSEC's REST API. */
class DesecNamesTest {
    static final String TOKEN = "n3w-T0kenZxRTQnVd7fBk6LmHyP";

    ProviderEmulator desec;

    @BeforeEach
    void setUp() throws Exception {
        desec = ProviderEmulator.start(r -> {
            if (!("Token " + TOKEN).equals(r.header("Authorization"))) {
                return Response.of(401, "{\"detail\": \"Invalid token.\"}");
            }
            if (!"POST".equals(r.method()) || !"/api/v1/domains/".equals(r.path())) {
                return Response.of(404, "{\"detail\": \"Not found.\"}");
            }
            if (r.body().contains("\"taken.dedyn.io\"")) {
                return Response.of(400, "{\"name\": [\"This domain name conflicts with an existing zone, or is disallowed by policy.\"]}");
            }
            return Response.of(201, "{\"created\": \"2025-01-01T00:00:00Z\", \"name\": \"" + r.body().replaceAll(".*\"name\": \"([^\"]+)\".*", "$1")
                    + "\", \"minimum_ttl\": 60}").withHeader("Content-Type", "application/json");
        });
    }

    @AfterEach
    void tearDown() {
        desec.close();
    }

    DesecNames names() {
        return new DesecNames(TestConfigs.of(DesecNamesConfig.class, Map.of("api_url", desec.baseUrl() + "/api/v1/")), "0.1.0",
                Dyndns2.newClient());
    }

    GeneratedName create(String label, String token) {
        return names().create(label, "dedyn.io", Map.of(DesecNames.TOKEN, token));
    }

    @Test
    void createsTheNameAndGivesTheAccountConfiguration() {
        GeneratedName r = create("MyHome", TOKEN);
        assertEquals(Outcome.CREATED, r.outcome(), r.message());
        assertEquals("myhome.dedyn.io", r.hostName());
        assertEquals(Map.of("hostname", "myhome.dedyn.io", "_token", TOKEN), r.accountConfig());
        ProviderEmulator.Request q = desec.lastRequest();
        assertEquals("POST", q.method());
        assertEquals("{\"name\": \"myhome.dedyn.io\"}", q.body());
        assertTrue(q.header("Content-Type").startsWith("application/json"));
        assertFalse(r.toString().contains(TOKEN), r.toString());
    }

    @Test
    void aTakenNameSaysSo() {
        GeneratedName r = create("taken", TOKEN);
        assertEquals(Outcome.TAKEN, r.outcome());
        assertTrue(r.message().contains("conflicts"), r.message());
        assertNull(r.hostName());
        assertTrue(r.accountConfig().isEmpty());
    }

    @Test
    void aBadNameIsInvalid() {
        desec.answer(q -> Response.of(400, "{\"name\": [\"Invalid value.\"]}"));
        assertEquals(Outcome.INVALID, create("fine", TOKEN).outcome());
    }

    @Test
    void aMalformedLabelIsRefusedWithoutARequest() {
        assertEquals(Outcome.INVALID, create("-no-", TOKEN).outcome());
        assertEquals(Outcome.INVALID, create("a.b", TOKEN).outcome());
        assertEquals(Outcome.INVALID, names().create("fine", "example.com", Map.of(DesecNames.TOKEN, TOKEN)).outcome());
        assertTrue(desec.requests().isEmpty());
    }

    @Test
    void aWrongTokenIsBadAuth() {
        assertEquals(Outcome.BAD_AUTH, create("myhome", "wrong").outcome());
        assertEquals(Outcome.BAD_AUTH, names().create("myhome", "dedyn.io", Map.of()).outcome());
    }

    @Test
    void theDomainLimitIsLimit() {
        desec.answer(q -> Response.of(403, "{\"detail\": \"Domain limit 1 exceeded. Please contact support to create additional domains.\"}"));
        GeneratedName r = create("second", TOKEN);
        assertEquals(Outcome.LIMIT, r.outcome());
        assertTrue(r.message().startsWith("HTTP 403: Domain limit"), r.message());
        desec.answer(q -> Response.of(403, "{\"detail\": \"You do not have permission to perform this action.\"}"));
        assertEquals(Outcome.BAD_AUTH, create("second", TOKEN).outcome());
    }

    @Test
    void throttlingCarriesRetryAfter() {
        desec.answer(q -> Response.of(429, "{\"detail\": \"Request was throttled. Expected available in 3600 seconds.\"}")
                .withHeader("Retry-After", "3600"));
        GeneratedName r = create("myhome", TOKEN);
        assertEquals(Outcome.RATE_LIMITED, r.outcome());
        assertEquals(Duration.ofSeconds(3600), r.retryAfter());
    }

    @Test
    void aServerErrorIsServerError() {
        desec.answer(q -> Response.of(503, ""));
        assertEquals(Outcome.SERVER_ERROR, create("myhome", TOKEN).outcome());
    }

    @Test
    void anUnreachableServiceIsUnreachable() {
        String url = desec.baseUrl();
        desec.close();
        GeneratedName r = new DesecNames(TestConfigs.of(DesecNamesConfig.class, Map.of("api_url", url + "/api/v1/")), "0.1.0",
                Dyndns2.newClient()).create("myhome", "dedyn.io", Map.of(DesecNames.TOKEN, TOKEN));
        assertEquals(Outcome.UNREACHABLE, r.outcome());
    }

    @Test
    void offersTheSignUpPageAndTheDomain() {
        DesecNames n = names();
        assertEquals("desec", n.provider());
        assertEquals(DesecProvider.PID, n.accountPid());
        assertTrue(n.canCreate());
        assertEquals("https://desec.io/signup", n.signUpUrl());
        assertTrue(n.credentials().get(0).secret());
    }

    @Test
    void theTokenNeverReachesTheLogs() {
        String logs;
        try (LogCapture log = new LogCapture()) {
            create("myhome", TOKEN);
            create("taken", TOKEN);
            logs = log.text();
        }
        assertTrue(logs.contains("myhome.dedyn.io"), logs);
        assertFalse(logs.contains(TOKEN), logs);
    }
}
