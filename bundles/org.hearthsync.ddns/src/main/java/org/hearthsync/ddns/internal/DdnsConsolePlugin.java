package org.hearthsync.ddns.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.hearthsync.api.ddns.DnsUpdater;
import org.hearthsync.api.ddns.ProviderStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's "Dynamic DNS" page: each provider, its host name, what it last answered, whether it
 * is stopped or waiting; a button to check now. {@code /system/console/ddns.json} (or
 * {@code ?format=json}) gives the same as JSON. A plain servlet with the web console's plugin
 * properties, so it needs nothing from the console's API.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + DdnsConsolePlugin.LABEL,
        "felix.webconsole.title=Dynamic DNS", "felix.webconsole.category=Hearth" })
public final class DdnsConsolePlugin extends HttpServlet {
    static final String LABEL = "ddns";
    private static final long serialVersionUID = 1L;

    private final transient DnsUpdater updater;

    @Activate
    public DdnsConsolePlugin(@Reference DnsUpdater updater) {
        this.updater = updater;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<ProviderStatus> all = updater.providers().stream()
                .sorted(Comparator.comparing(ProviderStatus::provider).thenComparing(ProviderStatus::key)).toList();
        if (req.getRequestURI().endsWith(".json") || "json".equals(req.getParameter("format"))) {
            resp.setContentType("application/json");
            resp.setCharacterEncoding("UTF-8");
            resp.getWriter().write(json(all, updater));
            return;
        }
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        PrintWriter w = resp.getWriter();
        w.println("<p>Public address: " + html(addr(updater.publicIpv4().orElse(null))) + " "
                + html(addr(updater.publicIpv6().orElse(null))) + "</p>");
        w.println("<form method='post'><button type='submit'>Check now</button></form>");
        w.println("<table class='nicetable'><thead><tr><th>Provider</th><th>Host name</th><th>Last answer</th>"
                + "<th>Last call</th><th>Points at</th><th>State</th></tr></thead><tbody>");
        for (ProviderStatus s : all) {
            w.println("<tr><td>" + html(s.provider()) + "</td><td>" + html(s.hostName()) + "</td><td>"
                    + html(s.lastResult() == null ? "" : s.lastResult().outcome() + ": " + s.lastResult().message())
                    + "</td><td>" + html(String.valueOf(s.lastAttempt() == null ? "" : s.lastAttempt())) + "</td><td>"
                    + html(addr(s.acceptedIpv4()) + " " + addr(s.acceptedIpv6())) + "</td><td>" + html(state(s))
                    + "</td></tr>");
        }
        w.println("</tbody></table>");
        if (all.isEmpty()) {
            w.println("<p>No dynamic DNS name is set up. Add one on the Configuration page "
                    + "(No-IP, DuckDNS, deSEC, Dynu, custom URL...).</p>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        updater.updateNow();
        resp.sendRedirect(LABEL);
    }

    private static String state(ProviderStatus s) {
        if (s.stopped()) {
            return "stopped until its settings change";
        }
        if (s.nextAttempt() != null) {
            return "waiting until " + s.nextAttempt();
        }
        if (s.lastResult() != null && s.lastResult().outcome() == org.hearthsync.api.ddns.UpdateResult.Outcome.SKIPPED) {
            return "nothing sent: " + s.lastResult().message();
        }
        return "active";
    }

    static String json(List<ProviderStatus> all, DnsUpdater updater) {
        StringBuilder b = new StringBuilder("{\"publicIpv4\":").append(str(addr(updater.publicIpv4().orElse(null))))
                .append(",\"publicIpv6\":").append(str(addr(updater.publicIpv6().orElse(null))))
                .append(",\"providers\":[");
        String sep = "";
        for (ProviderStatus s : all) {
            b.append(sep).append("{\"key\":").append(str(s.key())).append(",\"provider\":").append(str(s.provider()))
                    .append(",\"hostName\":").append(str(s.hostName()))
                    .append(",\"outcome\":").append(str(s.lastResult() == null ? null : s.lastResult().outcome().name()))
                    .append(",\"message\":").append(str(s.lastResult() == null ? null : s.lastResult().message()))
                    .append(",\"lastAttempt\":").append(str(time(s.lastAttempt())))
                    .append(",\"ipv4\":").append(str(addr(s.acceptedIpv4())))
                    .append(",\"ipv6\":").append(str(addr(s.acceptedIpv6())))
                    .append(",\"stopped\":").append(s.stopped())
                    .append(",\"nextAttempt\":").append(str(time(s.nextAttempt()))).append('}');
            sep = ",";
        }
        return b.append("]}").toString();
    }

    private static String time(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String addr(InetAddress a) {
        return a == null ? "" : org.hearthsync.ddns.support.Dyndns2.text(a);
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String html(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
