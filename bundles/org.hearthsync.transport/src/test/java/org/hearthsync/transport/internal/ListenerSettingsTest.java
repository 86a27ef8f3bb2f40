package org.hearthsync.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;

import org.junit.jupiter.api.Test;

class ListenerSettingsTest {

    @Test
    void consoleIsLoopbackUnlessLanAllowed() {
        assertEquals("127.0.0.1", new ListenerSettings(8443, 54321, 54322, "", false).consoleHost());
        assertEquals("0.0.0.0", new ListenerSettings(8443, 54321, 54322, "", true).consoleHost());
    }

    @Test
    void portsMustBeValidAndDistinct() {
        assertThrows(IllegalArgumentException.class, () -> new ListenerSettings(0, 54321, 54322, "", false));
        assertThrows(IllegalArgumentException.class, () -> new ListenerSettings(8443, 8443, 54322, "", false));
        assertThrows(IllegalArgumentException.class, () -> new ListenerSettings(8443, 54321, 70000, "", false));
    }

    @Test
    void configurationIsRewrittenOnlyWhenAValueDiffers() {
        Hashtable<String, Object> wanted = new Hashtable<>();
        wanted.put("org.osgi.service.http.port", 54321);
        Hashtable<String, Object> current = new Hashtable<>(wanted);
        current.put("service.pid", "org.apache.felix.http");
        assertTrue(ListenerConfigurator.sameValues(current, wanted));
        current.put("org.osgi.service.http.port", "54321");
        assertTrue(ListenerConfigurator.sameValues(current, wanted), "same value, other type");
        current.put("org.osgi.service.http.port", 1);
        assertFalse(ListenerConfigurator.sameValues(current, wanted));
        assertFalse(ListenerConfigurator.sameValues(null, wanted));
    }

    @Test
    void bannerNamesThePhoneServerSetupPageAndConsole() {
        String text = StartupBanner.bannerText(new ListenerSettings(8443, 54321, 54322, "", false), "192.0.2.7");
        assertTrue(text.contains("https://192.0.2.7:8443/Microsoft-Server-ActiveSync"), text);
        assertTrue(text.contains("http://192.0.2.7:54321/"), text);
        assertTrue(text.contains("http://127.0.0.1:54322/system/console"), text);
    }

    @Test
    void aListeningPortIsSeenAndAClosedOneIsNot() throws Exception {
        try (java.net.ServerSocket open = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertTrue(StartupBanner.accepts("", open.getLocalPort()));
            assertTrue(StartupBanner.accepts("127.0.0.1", open.getLocalPort()));
        }
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertFalse(StartupBanner.accepts("", closed));
    }

    @Test
    void onlyAnAddressThisComputerCanBindIsHandedToJetty() {
        assertTrue(ListenerConfigurator.canListenOn(""));
        assertTrue(ListenerConfigurator.canListenOn("127.0.0.1"));
        assertTrue(ListenerConfigurator.canListenOn("127.0.0.2"), "all of 127/8 is this computer's on Linux");
        // TEST-NET-2 (RFC 5737): never assigned to a real interface
        assertFalse(ListenerConfigurator.canListenOn("198.51.100.77"));
    }
}
