package org.hearthsync.ddns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.ddns.ProviderEmulator;
import org.hearthsync.api.ddns.ProviderEmulator.Response;
import org.hearthsync.api.ddns.PublicAddressSource;
import org.hearthsync.ddns.internal.AddressFinder.Found;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public address from check-IP services (a loopback emulator) and from pluggable sources. */
class AddressFinderTest {
    ProviderEmulator checkIp;
    volatile List<PublicAddressSource> sources = List.of();
    AddressFinder finder;

    @BeforeEach
    void setUp() throws Exception {
        checkIp = ProviderEmulator.start(r -> switch (r.path()) {
            case "/v4" -> Response.ok("198.51.100.20\n");
            case "/v6" -> Response.ok("2001:db8::20");
            case "/private" -> Response.ok("192.168.1.20");
            case "/cgnat" -> Response.ok("100.64.1.1");
            case "/html" -> Response.ok("<html>Your IP is 198.51.100.20</html>");
            case "/name" -> Response.ok("localhost");
            default -> Response.of(503, "down");
        });
        finder = new AddressFinder(() -> sources, "Hearth test");
    }

    @AfterEach
    void tearDown() {
        checkIp.close();
    }

    String url(String path) {
        return checkIp.baseUrl() + path;
    }

    @Test
    void fallsBackThroughTheListUntilOneAnswersWithAPublicAddress() {
        String dead = "http://127.0.0.1:1/ip";
        finder.urls(List.of(dead, url("/down"), url("/private"), url("/cgnat"), url("/html"), url("/name"), url("/v4")),
                List.of(url("/v4"), url("/v6")));
        Found f = finder.find();
        assertEquals("198.51.100.20", f.ipv4().getHostAddress());
        assertEquals("2001:db8:0:0:0:0:0:20", f.ipv6().getHostAddress(), "an IPv4 answer is no IPv6 address");
        assertEquals(8, checkIp.requests().size());
    }

    @Test
    void nothingFoundWhenNoServiceHelps() {
        finder.urls(List.of(url("/private"), url("/down")), List.of());
        Found f = finder.find();
        assertNull(f.ipv4());
        assertNull(f.ipv6());
        assertFalse(f.any());
    }

    @Test
    void sourcesComeFirstAndAFailingSourceIsSkipped() throws Exception {
        InetAddress router = InetAddress.getByName("198.51.100.99");
        PublicAddressSource broken = () -> {
            throw new IllegalStateException("router went away");
        };
        InetAddress lan = InetAddress.getByName("10.0.0.1");
        PublicAddressSource natted = () -> Optional.of(lan);
        PublicAddressSource upnp = () -> Optional.of(router);
        sources = List.of(broken, natted, upnp);
        finder.urls(List.of(url("/v4")), List.of());
        assertEquals(router, finder.find().ipv4());
        assertTrue(checkIp.requests().isEmpty(), "no web service asked when the router knows");
    }

    @Test
    void literalsOnlyNeverANameLookup() {
        assertTrue(Addresses.literal("198.51.100.1").isPresent());
        assertTrue(Addresses.literal("[2001:db8::1]").isPresent());
        assertTrue(Addresses.literal("example.com").isEmpty());
        assertTrue(Addresses.literal("1.2.3").isEmpty());
        assertTrue(Addresses.literal("256.1.1.1").isEmpty());
        assertFalse(Addresses.isPublic(Addresses.literal("127.0.0.1").orElseThrow()));
        assertFalse(Addresses.isPublic(Addresses.literal("fd00::1").orElseThrow()));
        assertFalse(Addresses.isPublic(Addresses.literal("fe80::1").orElseThrow()));
        assertTrue(Addresses.isPublic(Addresses.literal("2001:db8::1").orElseThrow()));
    }
}
