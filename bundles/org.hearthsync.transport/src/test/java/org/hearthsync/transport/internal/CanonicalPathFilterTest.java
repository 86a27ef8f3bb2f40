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
    void otherPathsAreLeftAlone() {
        assertNull(CanonicalPathFilter.canonical("/Microsoft-Server-ActiveSync/extra"));
        assertNull(CanonicalPathFilter.canonical("/"));
        assertNull(CanonicalPathFilter.canonical(null));
    }
}
