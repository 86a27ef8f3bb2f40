package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ServerAddressTest {
    private static final Optional<InetAddress> LAN = Optional.of(literal("192.0.2.2"));

    @Test
    void keepsANameTheCertificateCovers() {
        assertEquals(new ServerAddress("vm", 8443), ServerAddress.choose("vm", Fixtures.server(), LAN, "", 443, 8443));
        assertEquals(new ServerAddress("VM", 8443), ServerAddress.choose("VM", Fixtures.server(), LAN, "", 443, 8443));
        assertEquals(new ServerAddress("fd00::2", 8443),
                ServerAddress.choose("[fd00::2]", Fixtures.server(), LAN, "", 443, 8443));
    }

    @Test
    void replacesLoopbackAndUncoveredNamesWithThePrimaryAddress() {
        assertEquals(new ServerAddress("192.0.2.2", 8443), ServerAddress.choose("127.0.0.1", Fixtures.server(), LAN, "", 443, 8443));
        assertEquals(new ServerAddress("192.0.2.2", 8443), ServerAddress.choose("localhost", Fixtures.server(), LAN, "", 443, 8443));
        assertEquals(new ServerAddress("192.0.2.2", 8443),
                ServerAddress.choose("evil.example", Fixtures.server(), LAN, "", 443, 8443), "a Host header changes nothing");
        assertEquals(new ServerAddress("evil.example", 8443),
                ServerAddress.choose("evil.example", Fixtures.server(), Optional.empty(), "", 443, 8443));
    }

    @Test
    void theInternetNameGetsTheInternetPort() {
        assertEquals(new ServerAddress("home.example.net", 443),
                ServerAddress.choose("Home.Example.net", Fixtures.server(), LAN, "home.example.net", 443, 8443));
    }

    @Test
    void hostAndPortBracketsIpv6() {
        assertEquals("[fd00::2]:8443", new ServerAddress("fd00::2", 8443).hostAndPort());
        assertEquals("vm:8443", new ServerAddress("vm", 8443).hostAndPort());
    }

    @Test
    void coverageComparesAddressesNotSpellings() {
        assertTrue(ServerAddress.coveredBy("fd00:0:0::2", Fixtures.server()));
        assertTrue(ServerAddress.coveredBy("192.0.2.2", Fixtures.server()));
        assertFalse(ServerAddress.coveredBy("192.0.2.3", Fixtures.server()));
        assertFalse(ServerAddress.coveredBy("vm.example", Fixtures.server()));
        assertFalse(ServerAddress.coveredBy("vm", Fixtures.root()), "a certificate without SANs covers nothing");
    }

    private static InetAddress literal(String s) {
        return ServerAddress.addressLiteral(s).orElseThrow();
    }
}
