package org.hearthsync.upnp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;

import org.hearthsync.api.listener.Listener;
import org.hearthsync.api.listener.ListenerPorts;
import org.junit.jupiter.api.Test;

class PortMappingManagerSettingsTest {

    static UpnpConfig config(boolean acme) {
        return new UpnpConfig() {
            @Override public Class<? extends Annotation> annotationType() { return UpnpConfig.class; }
            @Override public boolean enabled() { return true; }
            @Override public int renewal_minutes() { return 60; }
            @Override public int lease_seconds() { return 3600; }
            @Override public int eas_external_port() { return 443; }
            @Override public int[] eas_fallback_ports() { return new int[] { 8443, 10443, 0, 70000 }; }
            @Override public int setup_external_port() { return 54321; }
            @Override public int[] setup_fallback_ports() { return new int[] { 55321 }; }
            @Override public boolean acme() { return acme; }
            @Override public int acme_external_port() { return 80; }
        };
    }

    @Test
    void followsTheTransportPorts() {
        TransportPorts ports = TransportPorts.from(published("", 18443, 15432));
        MappingManager.Settings s = PortMappingManager.settings(config(true), ports, null);
        assertNull(s.offReason());
        assertEquals(Duration.ofMinutes(60), s.renewal());
        assertEquals(3, s.wanted().size());
        MappingManager.Wanted eas = s.wanted().get(0);
        assertEquals("Hearth EAS", eas.description());
        assertEquals(443, eas.externalPort());
        assertEquals(18443, eas.internalPort());
        assertEquals(List.of(8443, 10443), eas.fallbacks(), "out-of-range fallbacks dropped");
        MappingManager.Wanted setup = s.wanted().get(1);
        assertEquals("Hearth setup", setup.description());
        assertEquals(15432, setup.internalPort());
        MappingManager.Wanted acme = s.wanted().get(2);
        assertEquals(80, acme.externalPort());
        assertEquals(15432, acme.internalPort());
        assertEquals(List.of(), acme.fallbacks());
    }

    @Test
    void withoutListenersNothingIsForwarded() {
        assertNull(TransportPorts.from(null));
        MappingManager.Settings s = PortMappingManager.settings(config(false), null, null);
        assertEquals(List.of(), s.wanted());
        assertTrue(s.offReason().contains("listeners are not running"), s.offReason());
        ListenerPorts easOnly = () -> List.of(new Listener(Listener.Role.EAS, "", 8443, true));
        assertNull(TransportPorts.from(easOnly), "no setup listener: nothing to lead the setup forwarding to");
    }

    @Test
    void noAcmeForwardingUnlessAsked() {
        MappingManager.Settings s = PortMappingManager.settings(config(false), TransportPorts.from(published("", 8443, 54321)), null);
        assertEquals(2, s.wanted().size());
        assertEquals(8443, s.wanted().get(0).internalPort());
        assertEquals(54321, s.wanted().get(1).internalPort());
    }

    static ListenerPorts published(String bind, int eas, int setup) {
        List<Listener> all = List.of(new Listener(Listener.Role.EAS, bind, eas, true), new Listener(Listener.Role.SETUP, bind, setup, false),
                new Listener(Listener.Role.CONSOLE, "127.0.0.1", 54322, false));
        return () -> all;
    }

    @Test
    void loopbackListenersOrTheEnvironmentSwitchKeepTheRouterAlone() {
        assertTrue(PortMappingManager.settings(config(false), TransportPorts.from(published("127.0.0.1", 8443, 54321)), null)
                .offReason().contains("127.0.0.1"));
        assertTrue(PortMappingManager.settings(config(false), TransportPorts.from(published("", 8443, 54321)), "off").offReason()
                .contains("HEARTH_UPNP"));
    }
}
