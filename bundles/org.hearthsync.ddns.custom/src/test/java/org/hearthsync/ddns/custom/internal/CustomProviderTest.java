package org.hearthsync.ddns.custom.internal;

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

/** The URL-template provider against a loopback emulator of a dyndns2-style service. */
class CustomProviderTest {
    static final String PASSWORD = "cust&m p@ss";
    static final InetAddress V4 = addr("203.0.113.14");
    static final InetAddress V6 = addr("2001:db8::14");

    ProviderEmulator service;

    @BeforeEach
    void setUp() throws Exception {
        service = ProviderEmulator.start(r -> Response.ok("good " + r.param("myip")));
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    CustomProvider provider(Map<String, Object> extra) {
        Map<String, Object> v = new HashMap<>(Map.of("hostname", "myhome.example.net", "_update_url",
                service.baseUrl() + "/nic/update?hostname={hostname}&myip={ip}", "username", "me",
                "_password", PASSWORD));
        v.putAll(extra);
        return new CustomProvider(TestConfigs.of(CustomConfig.class, v), "0.1.0", Dyndns2.newClient());
    }

    @Test
    void fillsTheTemplate() {
        assertEquals(Outcome.UPDATED, provider(Map.of("_update_url",
                service.baseUrl() + "/nic/update?hostname={hostname}&myip={ip}&myipv6={ipv6}")).update(V4, V6).outcome());
        ProviderEmulator.Request r = service.lastRequest();
        assertEquals("GET", r.method());
        assertEquals("/nic/update", r.path());
        assertEquals("myhome.example.net", r.param("hostname"));
        assertEquals("203.0.113.14", r.param("myip"));
        assertEquals("2001:db8::14", r.param("myipv6"));
        assertEquals(basic("me", PASSWORD), r.header("Authorization"));
    }

    /**
     * Issue 19 point 1: a template without {@code {ipv6}} (like the form's example) does not send IPv6,
     * and says so, so the updater never calls it for an IPv6 change alone (the request would be
     * byte-for-byte the previous one).
     */
    @Test
    void aTemplateWithoutIpv6SaysItSendsNoIpv6() {
        CustomProvider p = provider(Map.of());
        assertEquals(new SentAddresses(V4, null), p.toSend(V4, V6));
        UpdateResult r = p.update(V4, V6);
        assertEquals(new SentAddresses(V4, null), r.sent(), "it reports what it sent");
        assertEquals(new SentAddresses(null, V6), provider(Map.of("_update_url",
                service.baseUrl() + "/u?h={hostname}&v6={ipv6}")).toSend(V4, V6));
    }

    /**
     * Issue 19 point 2: a placeholder without a value skips the call ({@code myip=} empty would make the
     * service use the connection's address or delete the A record), with a reason for the console.
     */
    @Test
    void aPlaceholderWithoutValueSkipsTheCall() {
        CustomProvider p = provider(Map.of("_update_url",
                service.baseUrl() + "/nic/update?hostname={hostname}&myip={ip}&myipv6={ipv6}"));
        assertEquals(SentAddresses.NONE, p.toSend(null, V6));
        UpdateResult r = p.update(null, V6);
        assertEquals(Outcome.SKIPPED, r.outcome());
        assertTrue(r.message().contains("{ip}") && r.message().contains("IPv4"), r.message());
        assertTrue(service.requests().isEmpty(), "nothing was sent");
        assertEquals(Outcome.SKIPPED, p.update(V4, null).outcome(), "{ipv6} without IPv6 too");
        assertTrue(service.requests().isEmpty());
    }

    @Test
    void aTemplateWithoutAddressesCountsAsSendingTheConnectionsAddress() {
        CustomProvider p = provider(Map.of("_update_url", service.baseUrl() + "/update?token={password}"));
        assertEquals(new SentAddresses(V4, null), p.toSend(V4, V6));
        assertEquals(new SentAddresses(null, V6), p.toSend(null, V6));
    }

    @Test
    void placeholdersAreUrlEncoded() {
        provider(Map.of("_update_url", service.baseUrl() + "/u?h={hostname}&p={password}&u={username}&v4={ipv4}",
                "username", "")).update(V4, null);
        ProviderEmulator.Request r = service.lastRequest();
        assertEquals(PASSWORD, r.param("p"), r.rawQuery());
        assertEquals("203.0.113.14", r.param("v4"));
        assertNull(r.header("Authorization"), "no user name, no Basic authentication");
    }

    @Test
    void postsAFormBody() {
        provider(Map.of("method", "POST", "_update_url", service.baseUrl() + "/update", "body",
                "host={hostname}&addr={ip}&pw={password}")).update(V4, null);
        ProviderEmulator.Request r = service.lastRequest();
        assertEquals("POST", r.method());
        assertEquals("host=myhome.example.net&addr=203.0.113.14&pw=cust%26m%20p%40ss", r.body());
        assertEquals("application/x-www-form-urlencoded", r.header("Content-Type"));
    }

    @Test
    void putsAJsonBodyAsIs() {
        provider(Map.of("method", "PUT", "_update_url", service.baseUrl() + "/hosts/{hostname}", "body",
                "{\"ip\":\"{ip}\"}", "content_type", "application/json")).update(V4, null);
        ProviderEmulator.Request r = service.lastRequest();
        assertEquals("PUT", r.method());
        assertEquals("/hosts/myhome.example.net", r.path());
        assertEquals("{\"ip\":\"203.0.113.14\"}", r.body());
    }

    @Test
    void theSuccessPatternDecides() {
        service.answer(r -> Response.ok("<result>success</result>"));
        assertEquals(Outcome.SERVER_ERROR, provider(Map.of()).update(V4, null).outcome());
        assertEquals(Outcome.UPDATED, provider(Map.of("success_regex", "<result>success</result>")).update(V4, null)
                .outcome());
    }

    @ParameterizedTest
    @CsvSource({ "200,good 203.0.113.14,UPDATED", "200,nochg 203.0.113.14,UNCHANGED", "200,badauth,BAD_AUTH",
            "200,nohost,NO_HOST", "200,!yours,NO_HOST", "200,notfqdn,BAD_NAME", "200,numhost,BAD_NAME",
            "200,abuse,ABUSE", "200,badagent,REFUSED", "200,!donator,REFUSED", "200,911,SERVER_ERROR",
            "200,dnserr,SERVER_ERROR", "500,,SERVER_ERROR", "401,,BAD_AUTH" })
    void everyDyndns2AnswerCode(int status, String body, Outcome expected) {
        service.answer(r -> Response.of(status, body == null ? "" : body));
        assertEquals(expected, provider(Map.of()).update(V4, null).outcome());
    }

    @Test
    void tooManyRequests() {
        service.answer(r -> Response.of(429, "").withHeader("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT"));
        UpdateResult r = provider(Map.of()).update(V4, null);
        assertEquals(Outcome.RATE_LIMITED, r.outcome());
        assertTrue(r.retryAfter().toDays() > 1000);
    }

    @Test
    void nameOnlyNeverCallsAnything() {
        CustomProvider p = provider(Map.of("mode", "name-only", "_update_url", ""));
        assertEquals("myhome.example.net", p.hostName());
        UpdateResult r = p.update(V4, V6);
        assertEquals(Outcome.UNCHANGED, r.outcome());
        assertTrue(service.requests().isEmpty());
    }

    @Test
    void badTemplatesAreRefusedWithoutQuotingThem() {
        UpdateResult none = provider(Map.of("_update_url", "")).update(V4, null);
        assertEquals(Outcome.REFUSED, none.outcome());
        UpdateResult ftp = provider(Map.of("_update_url", "ftp://example.net/{password}")).update(V4, null);
        assertEquals(Outcome.REFUSED, ftp.outcome());
        UpdateResult broken = provider(Map.of("_update_url", "http://exa mple.net/?p={password}|" + PASSWORD))
                .update(V4, null);
        assertEquals(Outcome.REFUSED, broken.outcome());
        assertFalse(broken.message().contains(PASSWORD));
        UpdateResult userInfo = provider(Map.of("_update_url", "http://me:" + "pw@127.0.0.1/")).update(V4, null);
        assertEquals(Outcome.REFUSED, userInfo.outcome());
        assertTrue(service.requests().isEmpty());
    }

    @Test
    void thePasswordNeverReachesTheLogs() {
        String logs;
        try (LogCapture log = new LogCapture()) {
            provider(Map.of("_update_url", service.baseUrl() + "/u?h={hostname}&p={password}")).update(V4, V6);
            service.answer(r -> Response.of(401, "badauth"));
            provider(Map.of("_update_url", service.baseUrl() + "/u?h={hostname}&p={password}")).update(V4, V6);
            logs = log.text();
        }
        assertTrue(logs.contains("myhome.example.net"), logs);
        assertFalse(logs.contains(PASSWORD), logs);
        assertFalse(logs.contains(Dyndns2.encode(PASSWORD)), logs);
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
