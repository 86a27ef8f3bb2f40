package org.hearthsync.ddns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import org.hearthsync.api.ddns.ProviderEmulator;
import org.hearthsync.api.ddns.ProviderEmulator.Response;
import org.hearthsync.ddns.internal.StableIpv6.Local;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 point 4: the AAAA record gets this computer's stable IPv6 address, never a temporary
 * (privacy) one that a check-IP service sees and that changes every day.
 */
class StableIpv6Test {
    static final String TEMP = "2001:db8:1:2:9c4e:1f2a:77b1:c0de";
    static final String STABLE = "2001:db8:1:2:211:22ff:fe33:4455";

    /** A Linux /proc/net/if_inet6 as the kernel writes it (address, ifindex, prefix length, scope, flags, name). */
    static final String PROC = """
            00000000000000000000000000000001 01 80 10 80       lo
            20010db8000100029c4e1f2a77b1c0de 02 40 00 01     eth0
            20010db8000100020211222233fe0000 02 40 00 20     eth0
            20010db800010002021122fffe334455 02 40 00 00     eth0
            fe800000000000000211 22fffe334455 02 40 20 80     eth0
            fe80000000000000021122fffe334455 02 40 20 80     eth0
            """;

    static InetAddress addr(String s) {
        return Addresses.literal(s).orElseThrow();
    }

    @Test
    void readsTheKernelsFlags() {
        List<Local> l = StableIpv6.parseProcNetIfInet6(PROC);
        assertEquals(5, l.size(), "the malformed line is skipped");
        Local temp = l.get(1);
        assertEquals(addr(TEMP), temp.address());
        assertEquals(64, temp.prefixLength());
        assertEquals(StableIpv6.TEMPORARY, temp.flags());
        assertEquals(false, temp.stable());
        assertEquals(false, l.get(2).stable(), "deprecated (0x20)");
        assertEquals(true, l.get(3).stable());
    }

    @Test
    void aTemporaryAddressIsReplacedByTheStableOneOnItsPrefix() {
        StableIpv6 s = new StableIpv6(() -> StableIpv6.parseProcNetIfInet6(PROC));
        assertEquals(addr(STABLE), s.choose(addr(TEMP)));
        assertEquals(addr(STABLE), s.choose(addr(STABLE)), "a stable address stays");
        assertEquals(addr("2001:db8:9::1"), s.choose(addr("2001:db8:9::1")), "not this computer's (NAT66, router): kept");
    }

    @Test
    void onlyTemporaryAddressesGiveNoIpv6() {
        StableIpv6 s = new StableIpv6(() -> List.of(new Local((Inet6Address) addr(TEMP), 64, StableIpv6.TEMPORARY)));
        assertNull(s.choose(addr(TEMP)));
    }

    @Test
    void readsMacOsIfconfigAndWindowsNetsh() {
        List<Local> mac = StableIpv6.parseIfconfig("""
                en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
                	inet6 fe80::1c2b:3a4d:5e6f:7081%en0 prefixlen 64 secured scopeid 0x6
                	inet6 2001:db8:1:2:211:22ff:fe33:4455 prefixlen 64 autoconf secured
                	inet6 2001:db8:1:2:9c4e:1f2a:77b1:c0de prefixlen 64 autoconf temporary
                	inet 192.168.1.20 netmask 0xffffff00 broadcast 192.168.1.255
                """);
        assertEquals(3, mac.size());
        assertEquals(addr(STABLE), new StableIpv6(() -> mac).choose(addr(TEMP)));
        List<Local> win = StableIpv6.parseNetsh("""
                Interface 12: Ethernet

                Addr Type  DAD State   Valid Life Pref. Life Address
                ---------  ----------- ---------- ---------- ------------------------
                Public     Preferred    6d23h58m   23h58m    2001:db8:1:2:211:22ff:fe33:4455
                Temporary  Preferred    6d23h58m   23h58m    2001:db8:1:2:9c4e:1f2a:77b1:c0de
                Other      Preferred     infinite   infinite fe80::211:22ff:fe33:4455%12
                """);
        assertEquals(3, win.size());
        assertEquals(addr(STABLE), new StableIpv6(() -> win).choose(addr(TEMP)));
    }

    /** The whole path: a check-IP service sees the temporary address; the finder reports the stable one. */
    @Test
    void theFinderPublishesTheStableAddress() throws Exception {
        try (ProviderEmulator checkIp = ProviderEmulator.start(r -> Response.ok(TEMP))) {
            AddressFinder f = new AddressFinder(List::of, "Hearth test",
                    new StableIpv6(() -> StableIpv6.parseProcNetIfInet6(PROC)));
            f.urls(List.of(), List.of(checkIp.baseUrl() + "/v6"));
            assertEquals(addr(STABLE), f.find().ipv6());
            assertTrue(checkIp.requests().size() == 1);
        }
    }

    @Test
    void readingThisComputerNeverFails() {
        StableIpv6.readSystem().forEach(l -> assertTrue(l.prefixLength() >= 0 && l.prefixLength() <= 128));
    }
}
