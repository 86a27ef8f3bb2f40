package org.hearthsync.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;

import org.hearthsync.api.listener.Listener;
import org.junit.jupiter.api.Test;

class PublishedListenersTest {

    static TransportConfig config(int eas, int setup, int console, String bind, boolean lan) {
        return config(eas, setup, console, bind, lan, 0);
    }

    static TransportConfig config(int eas, int setup, int console, String bind, boolean lan, int davLoopback) {
        return new TransportConfig() {
            @Override public Class<? extends Annotation> annotationType() { return TransportConfig.class; }
            @Override public int eas_port() { return eas; }
            @Override public int setup_port() { return setup; }
            @Override public int console_port() { return console; }
            @Override public String bind_address() { return bind; }
            @Override public boolean console_allow_lan() { return lan; }
            @Override public int dav_loopback_port() { return davLoopback; }
        };
    }

    @Test
    void publishesTheConfiguredListenersAndFollowsChanges() {
        PublishedListeners p = new PublishedListeners(config(18443, 15432, 15433, " 192.168.1.20 ", false));
        assertEquals(List.of(new Listener(Listener.Role.EAS, "192.168.1.20", 18443, true),
                new Listener(Listener.Role.SETUP, "192.168.1.20", 15432, false),
                new Listener(Listener.Role.CONSOLE, "127.0.0.1", 15433, false)), p.listeners());
        p.modified(config(8443, 54321, 54322, "", true));
        assertEquals(8443, p.listener(Listener.Role.EAS).orElseThrow().port());
        assertTrue(p.listener(Listener.Role.EAS).orElseThrow().tls());
        assertFalse(p.listener(Listener.Role.SETUP).orElseThrow().tls());
        assertEquals("0.0.0.0", p.listener(Listener.Role.CONSOLE).orElseThrow().bindAddress());
    }

    @Test
    void theDavLoopbackListenerIsPublishedOnlyWhenOnAndOnLoopback() {
        PublishedListeners p = new PublishedListeners(config(8443, 54321, 54322, "", false, 5232));
        assertEquals(new Listener(Listener.Role.DAV_LOOPBACK, "127.0.0.1", 5232, false),
                p.listener(Listener.Role.DAV_LOOPBACK).orElseThrow());
        p.modified(config(8443, 54321, 54322, "", false, 0));
        assertTrue(p.listener(Listener.Role.DAV_LOOPBACK).isEmpty());
        assertEquals(3, p.listeners().size());
    }

    @Test
    void settingsTheListenersRefuseAreNotPublished() {
        PublishedListeners p = new PublishedListeners(config(8443, 8443, 54322, "", false));
        assertEquals(List.of(), p.listeners());
        assertTrue(p.listener(Listener.Role.EAS).isEmpty());
    }
}
