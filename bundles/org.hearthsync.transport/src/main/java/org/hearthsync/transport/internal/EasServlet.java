package org.hearthsync.transport.internal;

import java.io.IOException;

import org.hearthsync.transport.Listeners;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The EAS endpoint. Only the TLS listener serves it: over plain HTTP a phone would send its
 * password in the clear. Until the protocol engine is present it answers 503 with Retry-After,
 * which phones treat as "try again later" rather than as a broken account.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(Listeners.EAS_PATH)
@HttpWhiteboardTarget(Listeners.PUBLIC_TARGET)
public final class EasServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EasServlet.class);
    static final String RETRY_AFTER_SECONDS = "60";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!req.isSecure()) {
            LOG.debug("refused EAS over plain HTTP from {}", req.getRemoteAddr());
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "ActiveSync is served over HTTPS only");
            return;
        }
        resp.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The ActiveSync service is not available yet");
    }
}
