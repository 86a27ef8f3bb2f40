package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class EndpointsTest {
    @Test
    void readsBothPortsFromTheRuntimesEndpoints() {
        assertEquals(new Endpoints(54321, 8443), Endpoints.from(new String[] { "http://192.168.1.20:54321/",
                "http://[fe80::1]:54321/", "https://192.168.1.20:8443/" }));
        assertEquals(new Endpoints(54321, 0), Endpoints.from(List.of("http://10.0.0.1:54321/")));
        assertEquals(new Endpoints(0, 8443), Endpoints.from("https://10.0.0.1:8443/"));
        assertEquals(Endpoints.UNKNOWN, Endpoints.from(null));
        assertEquals(Endpoints.UNKNOWN, Endpoints.from(new String[] { "not a url", "http://nohost/" }));
    }
}
