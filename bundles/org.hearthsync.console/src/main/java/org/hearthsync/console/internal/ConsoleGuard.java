package org.hearthsync.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hearthsync.transport.Listeners;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The one guard in front of everything the console listener serves: the Felix Web Console and all
 * its plugins (the framework's own, such as bundle install and configuration, and Hearth's pages),
 * and the setup wizard's images and JSON under {@code /hearth/}. A whiteboard preprocessor runs
 * before any servlet context is chosen, so nothing on this listener is served without it.
 * <ol>
 * <li>The {@code Host} must be this computer's (421 otherwise), against DNS rebinding; the address
 * and the admin password are checked as for the console itself ({@link ConsoleSecurityProvider}).</li>
 * <li>A state-changing request (any method but GET, HEAD, OPTIONS) must come from a console page:
 * its {@code Origin} (or {@code Referer}) names the console's own origin, and {@code Sec-Fetch-Site},
 * when the browser sends it, says {@code same-origin} (403 otherwise). The browser resends cached
 * Basic credentials with a cross-site form, so without this check any web page the admin visits
 * could install a bundle. Hearth's own forms also carry {@link CsrfGuard}'s token.</li>
 * <li>Every answer says: no sniffing, no framing, no referrer to other sites, and a CSP; Hearth's
 * own pages get a strict one (scripts only from the console itself, plus the console template's
 * two inline scripts in the page head, allowed by their hashes).</li>
 * </ol>
 */
@Component(service = Preprocessor.class, property = "osgi.http.whiteboard.target=" + Listeners.CONSOLE_TARGET)
public final class ConsoleGuard implements Preprocessor {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Every answer: no plugins, no framing, forms and the base URL only to the console itself. */
    static final String BASE_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
    /** The console template's one inline style attribute ({@code <div class="ui-helper-clearfix" style="height:0px">}). */
    static final String TEMPLATE_STYLE = "height:0px";
    private static final Pattern HEARTH_PAGE = Pattern.compile(
            "^" + Pattern.quote(CsrfGuard.PATH) + "/hearth(-[a-z]+)?(/(?!res/)[^/]*)?$");
    private static final Pattern INLINE_SCRIPT = Pattern.compile(
            "<script(?![^>]*\\bsrc\\s*=)[^>]*>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    /**
     * Optional, so the guard stays in front of the listener even while the provider is missing (its data
     * folder unreadable, restarting after a configuration change): then nothing is served (503), rather
     * than the setup wizard's resources without a password.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConsoleSecurityProvider access;

    public ConsoleGuard() {
    }

    ConsoleGuard(ConsoleSecurityProvider access) {
        this.access = access;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        headers(resp);
        noStore(req, resp);
        ConsoleSecurityProvider provider = access;
        if (provider == null) {
            resp.setHeader("Retry-After", "5");
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The console is starting.");
            return;
        }
        if (provider.authenticate(req, resp) == null) {
            return; // refused and answered: wrong address, wrong Host, no or wrong password, locked out
        }
        if (!SAFE_METHODS.contains(req.getMethod().toUpperCase(Locale.ROOT))) {
            Optional<String> why = crossSite(req);
            if (why.isPresent()) {
                LOG.info("console: refused a {} to {} from {}: {}", req.getMethod(), req.getRequestURI(),
                        req.getRemoteAddr(), why.get());
                resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
                resp.setContentType("text/plain;charset=utf-8");
                resp.getWriter().println("Refused: " + why.get() + ".");
                return;
            }
        }
        if (HEARTH_PAGE.matcher(req.getRequestURI()).matches()) {
            StrictPage page = new StrictPage(resp);
            chain.doFilter(req, page);
            page.finish();
        } else {
            chain.doFilter(req, resp);
        }
    }

    static void headers(HttpServletResponse resp) {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        resp.setHeader("Content-Security-Policy", BASE_CSP);
    }

    /** Pages may show secrets (DNS and store passwords in the configuration forms): never kept by the browser. */
    static void noStore(HttpServletRequest req, HttpServletResponse resp) {
        if (!req.getRequestURI().contains("/res/")) {
            resp.setHeader("Cache-Control", "no-store");
        }
    }

    /** Why a state-changing request is not from a console page, or empty when it is. */
    static Optional<String> crossSite(HttpServletRequest req) {
        String fetchSite = req.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !"same-origin".equalsIgnoreCase(fetchSite.trim())) {
            return Optional.of("the browser says the request came from another site (" + fetchSite.trim() + ")");
        }
        return CsrfGuard.originProblem(req);
    }

    /** The strict policy for a Hearth page whose head holds these inline scripts. */
    static String strictCsp(String html) {
        Set<String> hashes = new LinkedHashSet<>();
        int body = html.toLowerCase(Locale.ROOT).indexOf("<body");
        // only the head: it is the console's template, never data; a script in the body is never allowed
        Matcher m = INLINE_SCRIPT.matcher(body < 0 ? "" : html.substring(0, body));
        while (m.find()) {
            hashes.add("'sha256-" + sha256(m.group(1)) + "'");
        }
        return "default-src 'none'; script-src 'self'" + (hashes.isEmpty() ? "" : " " + String.join(" ", hashes))
                + "; style-src 'self' 'unsafe-hashes' 'sha256-" + sha256(TEMPLATE_STYLE) + "'"
                + "; img-src 'self' data:; connect-src 'self'; font-src 'self'; " + BASE_CSP.replace("base-uri 'self'", "base-uri 'none'");
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Holds back a Hearth page's HTML until it is complete, so the policy can name the hashes of its
     * head's inline scripts. Anything but HTML (a download, an image) passes straight through.
     */
    static final class StrictPage extends HttpServletResponseWrapper {
        private ByteArrayOutputStream held;
        private boolean passedThrough;
        private PrintWriter writer;
        private ServletOutputStream stream;

        StrictPage(HttpServletResponse resp) {
            super(resp);
        }

        private boolean holding() {
            if (held == null && !passedThrough) {
                String type = getContentType();
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html") && !isCommitted()) {
                    held = new ByteArrayOutputStream();
                } else {
                    passedThrough = true; // decided at the first write, once
                }
            }
            return held != null;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!holding()) {
                return super.getOutputStream();
            }
            if (stream == null) {
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        held.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        held.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new IllegalStateException("not asynchronous");
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!holding()) {
                return super.getWriter();
            }
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(held, charset()));
            }
            return writer;
        }

        private Charset charset() {
            String enc = getCharacterEncoding();
            try {
                return enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (held == null) {
                super.flushBuffer();
            } else if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void setContentLength(int len) {
            if (held == null) {
                super.setContentLength(len);
            }
        }

        @Override
        public void setContentLengthLong(long len) {
            if (held == null) {
                super.setContentLengthLong(len);
            }
        }

        @Override
        public void resetBuffer() {
            if (held != null) {
                held.reset();
            }
            super.resetBuffer();
        }

        void finish() throws IOException {
            if (held == null) {
                return;
            }
            if (writer != null) {
                writer.flush();
            }
            byte[] bytes = held.toByteArray();
            HttpServletResponse real = (HttpServletResponse) getResponse();
            real.setHeader("Content-Security-Policy", strictCsp(new String(bytes, charset())));
            real.setContentLength(bytes.length);
            real.getOutputStream().write(bytes);
        }
    }
}
