package org.hearthsync.transport.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.hearthsync.transport.Listeners;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Phones and autodiscover clients send the well-known paths in whatever case they like
 * ({@code /microsoft-server-activesync}, {@code /AutoDiscover/AutoDiscover.xml}) and with a
 * trailing slash (Microsoft's Remote Connectivity Analyzer sends {@code /Microsoft-Server-ActiveSync/});
 * servlet mappings are exact and case-sensitive, so such requests are forwarded to the canonical path.
 *
 * <p>On the TLS port every other path gets a bare 404 (no body, for any method): without this the
 * setup page's "/" mapping caught them and the servlet defaults answered, an OPTIONS with 200 and
 * no EAS headers and a POST with a 405 HTML page, which a client takes for a broken EAS server.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
public final class CanonicalPathFilter implements Filter {

    static final String JSON = "/autodiscover/autodiscover.json";
    static final List<String> CANONICAL = List.of(Listeners.EAS_PATH, "/autodiscover/autodiscover.xml", JSON);
    /** Served on the plain-HTTP port only, passed through on TLS all the same (its servlet decides). */
    static final String ACME_CHALLENGE = "/.well-known/acme-challenge/";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getDispatcherType() == jakarta.servlet.DispatcherType.REQUEST) {
            String canonical = canonical(http.getRequestURI());
            if (canonical != null && !canonical.equals(http.getRequestURI())) {
                request.getRequestDispatcher(canonical).forward(request, response);
                return;
            }
            if (canonical == null && http.isSecure() && response instanceof HttpServletResponse resp
                    && !http.getRequestURI().startsWith(ACME_CHALLENGE) && !servedOnTls(http.getRequestURI())) {
                resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
                resp.setHeader("Cache-Control", "no-store");
                if (http.getContentLengthLong() != 0) {
                    // the body is not read, so the server closes the connection after this answer; saying so keeps
                    // the client from sending its next request into a connection that is going away
                    resp.setHeader("Connection", "close");
                }
                resp.setContentLength(0);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Whether another bundle serves this path on the TLS port ({@link Listeners#TLS_PATHS}). */
    static boolean servedOnTls(String uri) {
        for (String p : Listeners.TLS_PATHS) {
            if (p.endsWith("/") ? uri.startsWith(p) || uri.equals(p.substring(0, p.length() - 1)) : uri.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** The canonical form of a well-known path, or {@code null} when the path is not one. */
    static String canonical(String uri) {
        if (uri == null) {
            return null;
        }
        String trimmed = uri;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        for (String c : CANONICAL) {
            if (lower.equals(c.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        if (lower.startsWith(JSON + "/")) {
            return JSON + trimmed.substring(JSON.length()); // the JSON form's /v1.0/<address> keeps its case
        }
        return null;
    }
}
