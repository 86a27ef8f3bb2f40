package org.hearthsync.upnp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.hearthsync.api.portmap.MappingResult.Outcome;
import org.hearthsync.api.portmap.PortMappingReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MappingManagerTest {
    static final InetAddress HERE = Addresses.v4(192, 168, 1, 20);

    FakeGateway router;
    ManualScheduler time;

    @BeforeEach
    void setUp() {
        router = new FakeGateway();
        time = new ManualScheduler();
    }

    static MappingManager.Settings settings(boolean enabled, int leaseSeconds, boolean acme) {
        List<MappingManager.Wanted> wanted = new java.util.ArrayList<>(List.of(
                new MappingManager.Wanted("eas", "Hearth EAS", 443, List.of(8443, 10443), 8443, "https",
                        "/Microsoft-Server-ActiveSync"),
                new MappingManager.Wanted("setup", "Hearth setup", 54321, List.of(55321), 54321, "http", "/")));
        if (acme) {
            wanted.add(new MappingManager.Wanted("acme", "Hearth setup (ACME)", 80, List.of(), 54321, "http", "/"));
        }
        return new MappingManager.Settings(enabled, Duration.ofMinutes(60), leaseSeconds, wanted, null);
    }

    MappingManager started(MappingManager.Settings s) {
        MappingManager m = new MappingManager(router, () -> Optional.of(HERE), time, time, s);
        m.start();
        time.runDue();
        return m;
    }

    @Test
    void mapsEasAndSetupForThePrimaryAddress() {
        MappingManager m = started(settings(true, 3600, false));
        assertEquals(List.of(443, 54321), List.copyOf(router.table.keySet()));
        assertEquals("192.168.1.20", router.table.get(443).internalHost());
        assertEquals(8443, router.table.get(443).internalPort());
        assertEquals("Hearth EAS", router.table.get(443).description());
        assertEquals(3600, router.table.get(443).leaseSeconds());
        PortMappingReport r = m.report();
        assertTrue(r.enabled());
        assertEquals(Optional.of(router.external), r.externalAddress());
        assertFalse(r.sharedAddress());
        assertEquals("https://198.51.100.7/Microsoft-Server-ActiveSync", r.entries().get(0).url());
        assertEquals("http://198.51.100.7:54321/", r.entries().get(1).url());
        assertEquals("", r.advice());
        assertEquals(Optional.of(router.external), m.publicAddress());
    }

    @Test
    void acmeAddsPort80ToTheSetupPort() {
        started(settings(true, 3600, true));
        assertEquals(54321, router.table.get(80).internalPort());
        assertEquals("Hearth setup (ACME)", router.table.get(80).description());
    }

    @Test
    void renewsBeforeTheLeaseEndsAndEveryIntervalWithPermanentLeases() {
        started(settings(true, 3600, false));
        assertEquals(2, router.count("map "));
        // lease 3600 s: renewed after 54 min (90 % of the lease), not only after the 60 min interval
        assertEquals(List.of(time.instant().plus(Duration.ofMinutes(54))), time.pending());
        time.advance(Duration.ofMinutes(53));
        assertEquals(2, router.count("map "));
        time.advance(Duration.ofMinutes(1));
        assertEquals(4, router.count("map "));
        time.advance(Duration.ofMinutes(54 * 3));
        assertEquals(10, router.count("map "));

        ManualScheduler t2 = new ManualScheduler();
        FakeGateway r2 = new FakeGateway();
        MappingManager m2 = new MappingManager(r2, () -> Optional.of(HERE), t2, t2, settings(true, 0, false));
        m2.start();
        t2.runDue();
        assertEquals(List.of(t2.instant().plus(Duration.ofMinutes(60))), t2.pending());
    }

    @Test
    void conflictOnTheWantedPortFallsBackToTheNextAndKeepsIt() {
        router.refusals.put(443, Outcome.CONFLICT);
        MappingManager m = started(settings(true, 3600, false));
        assertFalse(router.table.containsKey(443));
        assertEquals(8443, router.table.get(8443).externalPort());
        PortMappingReport.Entry eas = m.report().entries().get(0);
        assertEquals(Outcome.MAPPED, eas.result().outcome());
        assertEquals(8443, eas.result().externalPort());
        assertEquals(443, eas.wantedPort());
        assertTrue(eas.result().message().contains("another computer"), eas.result().message());
        assertEquals("https://198.51.100.7:8443/Microsoft-Server-ActiveSync", eas.url());

        // the next renewal asks for the port in use first: phones keep their URL
        router.calls.clear();
        time.advance(Duration.ofMinutes(54));
        assertEquals("map 8443->192.168.1.20:8443 lease 3600", router.calls.get(router.calls.indexOf("available") + 1));
    }

    @Test
    void refusedPrivilegedPortsFallBackUntilOneIsAccepted() {
        router.refusals.put(443, Outcome.REFUSED);
        router.refusals.put(8443, Outcome.REFUSED);
        MappingManager m = started(settings(true, 3600, false));
        assertTrue(router.table.containsKey(10443));
        assertEquals(10443, m.active().get("eas").externalPort());
        assertTrue(m.report().entries().get(0).result().message().contains("606"));
    }

    @Test
    void everyPortRefusedGivesManualInstructions() {
        router.refusals.put(443, Outcome.CONFLICT);
        router.refusals.put(8443, Outcome.REFUSED);
        router.refusals.put(10443, Outcome.REFUSED);
        MappingManager m = started(settings(true, 3600, false));
        PortMappingReport.Entry eas = m.report().entries().get(0);
        assertEquals(Outcome.CONFLICT, eas.result().outcome());
        assertEquals("", eas.url());
        assertTrue(m.report().advice().contains("TCP 443 to 192.168.1.20 port 8443 (Hearth EAS)"), m.report().advice());
        assertFalse(m.report().advice().contains("54321"), "the setup port was forwarded");
        assertEquals(Outcome.MAPPED, m.report().entries().get(1).result().outcome());
    }

    @Test
    void noGatewayReportsManualPortForwardingAndBacksOff() {
        router.present = false;
        MappingManager m = started(settings(true, 3600, false));
        PortMappingReport r = m.report();
        assertFalse(r.gatewayAvailable());
        assertTrue(r.entries().stream().allMatch(e -> e.result().outcome() == Outcome.NO_GATEWAY));
        assertEquals("Forward these ports by hand in the router's settings (often called Port forwarding or Virtual "
                + "server): TCP 443 to 192.168.1.20 port 8443 (Hearth EAS), TCP 54321 to 192.168.1.20 port 54321 "
                + "(Hearth setup).", r.advice());
        // retries after 1, 2, 4, ... minutes, never more often, at most every interval
        List<Long> gaps = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            java.time.Instant before = time.instant();
            java.time.Instant due = time.pending().get(0);
            gaps.add(Duration.between(before, due).toMinutes());
            time.advance(Duration.between(before, due));
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L), gaps);

        router.present = true;
        time.advance(Duration.ofMinutes(60));
        assertTrue(router.table.containsKey(443));
        assertEquals(List.of(time.instant().plus(Duration.ofMinutes(54))), time.pending());
    }

    @Test
    void transientFailureKeepsStateAndRetriesSoon() {
        MappingManager m = started(settings(true, 3600, false));
        router.failing = true;
        time.advance(Duration.ofMinutes(54));
        assertEquals(Outcome.FAILED, m.report().entries().get(0).result().outcome());
        assertEquals(2, m.active().size(), "what was mapped is still remembered for removal");
        assertEquals(List.of(time.instant().plus(Duration.ofMinutes(1))), time.pending());
        router.failing = false;
        time.advance(Duration.ofMinutes(1));
        assertEquals(Outcome.MAPPED, m.report().entries().get(0).result().outcome());
    }

    @Test
    void stopRemovesEveryForwardingAndStopsRenewing() {
        router.refusals.put(443, Outcome.CONFLICT);
        MappingManager m = started(settings(true, 3600, true));
        assertEquals(3, router.table.size());
        m.stop();
        assertTrue(router.table.isEmpty(), router.table.toString());
        assertTrue(router.watchClosed);
        long maps = router.count("map ");
        time.advance(Duration.ofHours(5));
        router.announce.run();
        time.advance(Duration.ofHours(1));
        assertEquals(maps, router.count("map "));
    }

    @Test
    void stopLeavesOtherComputersForwardingsAlone() {
        MappingManager m = started(settings(true, 3600, false));
        // the lease ran out and another computer took port 54321 meanwhile
        router.table.put(54321, new org.hearthsync.api.portmap.PortMapping("TCP", 54321, "192.168.1.33", 80, "NAS", 0));
        m.stop();
        assertEquals(List.of(54321), List.copyOf(router.table.keySet()));
        assertEquals("192.168.1.33", router.table.get(54321).internalHost());
    }

    @Test
    void routerRebootRecreatesTheForwardingsAtOnce() {
        MappingManager m = started(settings(true, 3600, false));
        router.reboot();
        assertTrue(router.table.isEmpty());
        time.advance(MappingManager.ANNOUNCE_DEBOUNCE);
        assertEquals(List.of(443, 54321), List.copyOf(router.table.keySet()));
        // the regular renewal is rescheduled from now, not doubled
        assertEquals(1, time.pending().size());
        assertEquals(2, m.active().size());
    }

    @Test
    void announcementBurstsAreCoalescedAndRateLimited() {
        started(settings(true, 3600, false));
        long before = router.count("map ");
        for (int i = 0; i < 10; i++) {
            router.announce.run(); // one restart sends several NOTIFYs
        }
        time.advance(MappingManager.ANNOUNCE_DEBOUNCE);
        assertEquals(before + 2, router.count("map "));
        router.announce.run();
        time.advance(MappingManager.ANNOUNCE_DEBOUNCE);
        assertEquals(before + 2, router.count("map "), "not again within 30 s");
        time.advance(MappingManager.ANNOUNCE_MIN_GAP);
        assertEquals(before + 4, router.count("map "));
    }

    @Test
    void disablingRemovesTheForwardingsAndStopsListening() {
        MappingManager m = started(settings(true, 3600, false));
        m.configure(settings(false, 3600, false));
        time.runDue();
        assertTrue(router.table.isEmpty());
        assertTrue(router.watchClosed);
        assertFalse(m.report().enabled());
        assertEquals(Optional.empty(), m.publicAddress());
        assertTrue(time.pending().isEmpty());
    }

    @Test
    void droppingAcmeRemovesPort80Only() {
        MappingManager m = started(settings(true, 3600, true));
        m.configure(settings(true, 3600, false));
        time.runDue();
        assertEquals(List.of(443, 54321), List.copyOf(router.table.keySet()));
        assertEquals(2, m.active().size());
    }

    @Test
    void offReasonKeepsEverythingQuiet() {
        MappingManager.Settings s = settings(true, 3600, false);
        MappingManager m = started(new MappingManager.Settings(true, s.renewal(), 3600, s.wanted(), "bound to 127.0.0.1"));
        assertTrue(router.calls.isEmpty(), router.calls.toString());
        assertTrue(m.report().summary().contains("127.0.0.1"));
    }

    @Test
    void carrierGradeNatIsReportedPlainly() {
        router.external = Addresses.v4(100, 72, 3, 4);
        MappingManager m = started(settings(true, 3600, false));
        PortMappingReport r = m.report();
        assertTrue(r.sharedAddress());
        assertTrue(r.advice().startsWith(MappingManager.CGNAT_ADVICE), r.advice());
        assertEquals("", r.entries().get(0).url());
        assertEquals(Optional.empty(), m.publicAddress());
    }

    @Test
    void doubleNatIsReportedToo() {
        router.external = Addresses.v4(192, 168, 0, 2);
        MappingManager m = started(settings(true, 3600, false));
        assertTrue(m.report().sharedAddress());
        assertTrue(m.report().advice().contains(MappingManager.CGNAT_ADVICE));
        assertTrue(m.report().advice().contains("forward the same ports there to 192.168.0.2"), m.report().advice());
    }
}
