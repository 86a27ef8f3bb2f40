package org.hearthsync.setup.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.api.certs.ServerIdentity;
import org.hearthsync.api.net.AddressService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The setup port may be forwarded from the Internet: a caller from outside the home network, whatever
 * Host header it sends, never learns the LAN address from the page or the iOS profile; one on the LAN does.
 */
class SetupServletCallerTest {
    static final String LAN = "192.168.1.20";

    @TempDir
    Path data;

    @Test
    void aCallerFromTheInternetIsNotToldTheLanAddress() throws Exception {
        for (String path : List.of("/", SetupPage.PROFILE)) {
            for (String host : List.of("evil.example", "localhost", "127.0.0.1", "")) {
                String body = get("203.0.113.9", host, path);
                assertFalse(body.contains(LAN), path + " with Host '" + host + "' told an outsider the LAN address:\n" + body);
            }
        }
    }

    @Test
    void aCallerOnTheLanIsToldIt() throws Exception {
        String page = get("192.168.1.30", "evil.example", "/");
        assertTrue(page.contains(LAN), page);
        assertTrue(get("192.168.1.30", "evil.example", SetupPage.PROFILE).contains(LAN));
    }

    private String get(String remote, String host, String path) throws Exception {
        CertificateAuthority ca = mock(CertificateAuthority.class);
        when(ca.rootCertificate()).thenReturn(Fixtures.root());
        when(ca.serverIdentity()).thenReturn(new ServerIdentity(data.resolve("ks.p12"), new char[] { 'x' },
                List.of(Fixtures.server()), 1));
        BundleContext context = mock(BundleContext.class);
        when(context.getProperty("hearth.data")).thenReturn(data.toString());
        SetupConfig config = mock(SetupConfig.class);
        when(config.public_host()).thenReturn("");
        when(config.public_eas_port()).thenReturn(443);
        SetupServlet servlet = new SetupServlet(ca, new OnboardingLog(), context, config);
        AddressService addresses = mock(AddressService.class);
        when(addresses.primaryAddress()).thenReturn(Optional.of(InetAddress.getByName(LAN)));
        Field f = SetupServlet.class.getDeclaredField("addresses");
        f.setAccessible(true);
        f.set(servlet, addresses);

        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getRemoteAddr()).thenReturn(remote);
        when(req.getServerName()).thenReturn(host);
        when(req.getServletPath()).thenReturn(path);
        when(req.getHeader("User-Agent")).thenReturn("Mozilla/5.0 (Linux; Android 14; Pixel 8)");
        when(req.getParameter("user")).thenReturn("alice");
        when(req.getLocales()).thenReturn(Collections.enumeration(List.of(Locale.ENGLISH)));
        HttpServletResponse resp = mock(HttpServletResponse.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        when(resp.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        });
        servlet.doGet(req, resp);
        return out.toString(StandardCharsets.UTF_8);
    }
}
