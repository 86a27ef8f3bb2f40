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
    void theDavLoopbackPortIsOffByDefaultAndMustDifferFromTheOthers() {
        assertFalse(new ListenerSettings(8443, 54321, 54322, "", false).davLoopback());
        assertEquals(5232, new ListenerSettings(8443, 54321, 54322, "", false, 5232).davLoopbackPort());
        assertThrows(IllegalArgumentException.class, () -> new ListenerSettings(8443, 54321, 54322, "", false, 54321));
        assertThrows(IllegalArgumentException.class, () -> new ListenerSettings(8443, 54321, 54322, "", false, 8443));
        assertThrows(IllegalArgumentException.class, () -> new ListenerSettings(8443, 54321, 54322, "", false, 65536));
        assertThrows(IllegalArgumentException.class, () -> new ListenerSettings(8443, 54321, 54322, "", false, -1));
    }

    @Test
    void theDavLoopbackListenerRefusesToBindAnyAddressButLoopback() {
        for (String host : new String[] { "0.0.0.0", "::", "", " ", "192.0.2.7", "10.0.0.1", "fd00::2", "[::]",
                "localhost", "hearth.home.test", "127.0.0.1.nip.io", "::ffff:192.0.2.7", null }) {
            assertThrows(IllegalArgumentException.class, () -> ListenerConfigurator.davLoopbackProperties(host, 5232),
                    "binding " + host);
        }
        for (String host : new String[] { "127.0.0.1", "::1", "[::1]", "127.0.0.2" }) {
            assertEquals(host, ListenerConfigurator.davLoopbackProperties(host, 5232).get("org.apache.felix.http.host"));
        }
        java.util.Dictionary<String, Object> p = ListenerConfigurator.davLoopbackProperties(
                ListenerConfigurator.DAV_LOOPBACK_HOST, 5232);
        assertEquals(5232, p.get("org.osgi.service.http.port"));
        assertEquals(Boolean.FALSE, p.get("org.apache.felix.https.enable"));
        assertEquals("dav-loopback", p.get("org.apache.felix.http.runtime.init.hearth.listener"));
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
        assertFalse(text.contains("/dav/"), "no DAV loopback line while it is off: " + text);
        String on = StartupBanner.bannerText(new ListenerSettings(8443, 54321, 54322, "", false, 5232), "192.0.2.7");
        assertTrue(on.contains("http://127.0.0.1:5232/dav/"), on);
        assertTrue(on.endsWith("/system/console\n"), "the console line stays last (scripts wait for it): " + on);
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
