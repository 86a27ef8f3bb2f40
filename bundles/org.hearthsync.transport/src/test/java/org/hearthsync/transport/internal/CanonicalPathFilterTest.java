package org.hearthsync.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CanonicalPathFilterTest {

    @Test
    void wellKnownPathsMatchInAnyCase() {
        assertEquals("/Microsoft-Server-ActiveSync", CanonicalPathFilter.canonical("/microsoft-server-activesync"));
        assertEquals("/Microsoft-Server-ActiveSync", CanonicalPathFilter.canonical("/MICROSOFT-SERVER-ACTIVESYNC"));
        assertEquals("/autodiscover/autodiscover.xml", CanonicalPathFilter.canonical("/AutoDiscover/AutoDiscover.xml"));
    }

    @Test
    void aTrailingSlashIsTheSamePath() {
        assertEquals("/Microsoft-Server-ActiveSync", CanonicalPathFilter.canonical("/Microsoft-Server-ActiveSync/"));
        assertEquals("/Microsoft-Server-ActiveSync", CanonicalPathFilter.canonical("/microsoft-server-activesync//"));
        assertEquals("/autodiscover/autodiscover.xml", CanonicalPathFilter.canonical("/Autodiscover/Autodiscover.xml/"));
        assertEquals("/autodiscover/autodiscover.json", CanonicalPathFilter.canonical("/AutoDiscover/AutoDiscover.JSON/"));
    }

    @Test
    void theJsonFormKeepsItsAddressPath() {
        assertEquals("/autodiscover/autodiscover.json/v1.0/Alice@Home.example",
                CanonicalPathFilter.canonical("/AutoDiscover/autodiscover.json/v1.0/Alice@Home.example"));
    }

    @Test
    void davPathsAreServedOnTls() {
        org.junit.jupiter.api.Assertions.assertTrue(CanonicalPathFilter.servedOnTls("/dav/home/ann/1/x.ics"));
        org.junit.jupiter.api.Assertions.assertTrue(CanonicalPathFilter.servedOnTls("/dav"));
        org.junit.jupiter.api.Assertions.assertTrue(CanonicalPathFilter.servedOnTls("/.well-known/caldav"));
        org.junit.jupiter.api.Assertions.assertFalse(CanonicalPathFilter.servedOnTls("/davx"));
        org.junit.jupiter.api.Assertions.assertFalse(CanonicalPathFilter.servedOnTls("/.well-known/caldavx"));
        org.junit.jupiter.api.Assertions.assertFalse(CanonicalPathFilter.servedOnTls("/"));
    }

    @Test
    void otherPathsAreLeftAlone() {
        assertNull(CanonicalPathFilter.canonical("/Microsoft-Server-ActiveSync/extra"));
        assertNull(CanonicalPathFilter.canonical("/"));
        assertNull(CanonicalPathFilter.canonical(null));
    }
}
