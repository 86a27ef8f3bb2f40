package org.hearthsync.dav.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;

import javax.jmdns.ServiceInfo;

import org.hearthsync.dav.HomeNetworkAnnouncement;
import org.hearthsync.dav.HomeNetworkAnnouncement.Mode;
import org.junit.jupiter.api.Test;

/** What Hearth announces; that a LAN computer's Avahi resolves it is DavDiscoveryIT's part. */
class DavAnnouncerTest {

    @Test
    void caldavsAndCarddavsOnTheTlsPortWithThePathAndTheSetupPageOnThePlainOne() throws Exception {
        DavAnnouncer.Plan plan = new DavAnnouncer.Plan(InetAddress.getByName("192.0.2.20"), "den", "Hearth on den", 8443, 54321);
        List<ServiceInfo> s = plan.services();
        assertEquals(List.of("_caldavs._tcp.local.", "_carddavs._tcp.local.", "_http._tcp.local."),
                s.stream().map(ServiceInfo::getType).toList());
        assertEquals(List.of(8443, 8443, 54321), s.stream().map(ServiceInfo::getPort).toList());
        assertEquals(List.of("/dav/", "/dav/", "/"), s.stream().map(i -> i.getPropertyString("path")).toList());
        assertEquals("Hearth on den", s.get(0).getName());
        assertEquals(List.of("_http._tcp.local."), new DavAnnouncer.Plan(InetAddress.getByName("192.0.2.20"), "den",
                "x", 0, 54321).services().stream().map(ServiceInfo::getType).toList(), "no TLS port, no DAV services");
    }

    @Test
    void theHostLabelIsOneDnsLabel() {
        assertEquals("den", DavAnnouncer.hostLabel("den.fritz.box"));
        assertEquals("my-pc", DavAnnouncer.hostLabel("my_pc"));
        assertEquals("192-0-2-20", DavAnnouncer.hostLabel("192.0.2.20"));
        assertEquals("fd00--7", DavAnnouncer.hostLabel("fd00::7"));
        assertEquals("hearth", DavAnnouncer.hostLabel("..."));
        assertEquals(63, DavAnnouncer.hostLabel("a".repeat(80)).length());
    }

    @Test
    void theSettingsOthersWriteAreTheOnesTheAnnouncerReads() throws Exception {
        // the wizard writes DavSettings' names; the announcer's typed configuration must read the same ones
        assertEquals(org.hearthsync.dav.DavSettings.MDNS_PID, DavAnnouncer.PID);
        assertEquals(boolean.class, MdnsConfig.class.getDeclaredMethod(org.hearthsync.dav.DavSettings.MDNS_ENABLED).getReturnType());
    }

    @Test
    void theStateSaysWhyNothingIsAnnounced() throws Exception {
        InetAddress address = InetAddress.getByName("192.0.2.20");
        org.hearthsync.api.net.AddressService lan = new org.hearthsync.api.net.AddressService() {
            @Override
            public java.util.Optional<InetAddress> primaryAddress() {
                return java.util.Optional.of(address);
            }

            @Override
            public java.util.Set<String> hostNames() {
                return java.util.Set.of("den");
            }
        };
        DavAnnouncer byEnvironment = new DavAnnouncer(lan, config(true), false);
        DavAnnouncer bySetting = new DavAnnouncer(lan, config(false), true);
        // on, but the listeners are not up (no HTTP runtime): nothing to announce yet, and no socket opened
        DavAnnouncer waiting = new DavAnnouncer(lan, config(true), true);
        try {
            assertEquals(Mode.OFF_BY_ENVIRONMENT, byEnvironment.state().mode());
            assertEquals(Mode.OFF_BY_SETTING, bySetting.state().mode());
            assertEquals(Mode.WAITING, waiting.state().mode());
            Thread.sleep(200); // the worker's first look changes nothing
            assertEquals(Mode.OFF_BY_SETTING, bySetting.state().mode());
            assertEquals(Mode.WAITING, waiting.state().mode());
            bySetting.modified(config(true));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (bySetting.state().mode() != Mode.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(Mode.WAITING, bySetting.state().mode(), "switched on again");
            assertEquals(List.of(), bySetting.state().addresses());
        } finally {
            byEnvironment.deactivate();
            bySetting.deactivate();
            waiting.deactivate();
        }
    }

    private static MdnsConfig config(boolean enabled) {
        return (MdnsConfig) java.lang.reflect.Proxy.newProxyInstance(MdnsConfig.class.getClassLoader(),
                new Class<?>[] { MdnsConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> enabled;
                    case "name" -> "";
                    default -> method.getDefaultValue();
                });
    }
}
