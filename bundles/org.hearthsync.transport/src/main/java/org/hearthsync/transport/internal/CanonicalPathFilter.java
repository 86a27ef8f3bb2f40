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

/**
 * Phones and autodiscover clients send the well-known paths in whatever case they like
 * ({@code /microsoft-server-activesync}, {@code /AutoDiscover/AutoDiscover.xml}); servlet
 * mappings are case-sensitive, so such requests are forwarded to the canonical path.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
public final class CanonicalPathFilter implements Filter {

    static final List<String> CANONICAL = List.of(Listeners.EAS_PATH, "/autodiscover/autodiscover.xml",
            "/autodiscover/autodiscover.json");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && http.getDispatcherType() == jakarta.servlet.DispatcherType.REQUEST) {
            String canonical = canonical(http.getRequestURI());
            if (canonical != null && !canonical.equals(http.getRequestURI())) {
                request.getRequestDispatcher(canonical).forward(request, response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The canonical form of a well-known path, or {@code null} when the path is not one. */
    static String canonical(String uri) {
        if (uri == null) {
            return null;
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        for (String c : CANONICAL) {
            if (lower.equals(c.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }
}
