package org.hearthsync.transport.internal;

import java.io.IOException;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * In front of every servlet on every Hearth listener (each context, both runtimes): refuses TRACE and
 * TRACK, which would echo a request's headers (credentials included) back to a script, and gives every
 * answer the headers a browser needs not to reinterpret it ({@code X-Content-Type-Options}) nor to
 * pass the address of a page with a user name in it on to another site ({@code Referrer-Policy}).
 * A servlet may set stricter ones of its own (the setup page adds a CSP, EAS its Cache-Control).
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=*)")
@HttpWhiteboardTarget("(|" + org.hearthsync.transport.Listeners.PUBLIC_TARGET + org.hearthsync.transport.Listeners.CONSOLE_TARGET + ")")
public final class ResponseHeadersFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseHeadersFilter.class);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse resp
                && http.getDispatcherType() == DispatcherType.REQUEST) {
            resp.setHeader("X-Content-Type-Options", "nosniff");
            // same-origin, not no-referrer: a console form's own Referer stays available to its CSRF check
            resp.setHeader("Referrer-Policy", "same-origin");
            if (refused(http.getMethod())) {
                LOG.debug("refused {} from {}", http.getMethod().toUpperCase(Locale.ROOT), http.getRemoteAddr());
                resp.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
                resp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Methods that only serve cross-site tracing. */
    static boolean refused(String method) {
        return "TRACE".equalsIgnoreCase(method) || "TRACK".equalsIgnoreCase(method);
    }
}
