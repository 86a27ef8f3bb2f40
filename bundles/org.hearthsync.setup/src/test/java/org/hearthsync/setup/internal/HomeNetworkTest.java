package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.servlet.http.HttpServletRequest;

/** Who may learn an account's spelling and e-mail address from the setup page. */
class HomeNetworkTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, true", "192.168.1.20, true", "10.0.0.7, true", "172.16.3.4, true", "169.254.1.1, true",
            "0:0:0:0:0:0:0:1, true", "fd12:3456::1, true", "fe80:0:0:0:0:0:0:1%2, true", "100.64.0.9, true",
            "203.0.113.9, false", "8.8.8.8, false", "2001:db8:0:0:0:0:0:1, false", "'', false",
            "example.org, false", "not an address, false" })
    void onlyLocalCallersAreHome(String remote, boolean home) {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HttpServletRequest.class },
                (proxy, method, args) -> "getRemoteAddr".equals(method.getName()) ? remote : null);
        assertEquals(home, SetupServlet.fromHomeNetwork(req), remote);
    }
}
