package org.hearthsync.transport.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;

import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.transport.Listeners;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The setup page phones open over plain HTTP before they trust Hearth's certificate: it explains
 * why a certificate is installed, shows the root's fingerprint and offers it for download. Nothing
 * secret is served here. (The full onboarding page with per-phone profiles replaces this one.)
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/", "/hearth-ca.crt" })
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
public final class SetupPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient CertificateAuthority ca;

    @Activate
    public SetupPageServlet(@Reference CertificateAuthority ca) {
        this.ca = ca;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if ("/hearth-ca.crt".equals(path)) {
            sendCertificate(resp);
        } else if ("/".equals(path) || path.isEmpty()) {
            sendPage(resp);
        } else {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void sendCertificate(HttpServletResponse resp) throws IOException {
        byte[] der;
        try {
            der = ca.rootCertificate().getEncoded();
        } catch (CertificateEncodingException e) {
            resp.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "certificate unavailable");
            return;
        }
        resp.setContentType("application/x-x509-ca-cert");
        resp.setHeader("Content-Disposition", "attachment; filename=\"hearth-ca.crt\"");
        resp.setContentLength(der.length);
        resp.getOutputStream().write(der);
    }

    private void sendPage(HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try (PrintWriter w = resp.getWriter()) {
            w.print("""
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8">
                    <meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>Hearth setup</title>
                    <style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:1.5rem auto;padding:0 1rem;line-height:1.5}
                    code{word-break:break-all}a.button{display:inline-block;padding:.7rem 1.2rem;background:#b5481b;color:#fff;
                    border-radius:.4rem;text-decoration:none}</style></head><body>
                    <h1>Set up this phone for Hearth</h1>
                    <p>Your phone talks to Hearth over an encrypted connection. To know it is really talking to
                    your computer, the phone needs Hearth's own certificate. Install it once; nothing else is sent.</p>
                    <p><a class="button" id="download-ca" href="/hearth-ca.crt">Download the certificate</a></p>
                    <p>Before you trust it, check that this fingerprint matches the one your computer shows:</p>
                    <p><code id="fingerprint">""");
            w.print(ca.rootFingerprint());
            w.print("""
                    </code></p></body></html>
                    """);
        }
    }
}
