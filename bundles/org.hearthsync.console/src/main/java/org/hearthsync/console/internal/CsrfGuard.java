package org.hearthsync.console.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Protects the console's state-changing POSTs against cross-site request forgery.
 *
 * <p>Each browser gets a console session: a random id in an HttpOnly, {@code SameSite=Strict}
 * cookie limited to the console path. The session holds a separate random token that the pages
 * put into every form (field {@value #FIELD}). A POST is accepted only when
 * <ol>
 * <li>its {@code Origin} header (or, when absent, its {@code Referer}) names the console's own
 * origin, that is the scheme and the {@code Host} the request was sent to;</li>
 * <li>its cookie names a live session; and</li>
 * <li>its form token equals that session's token (compared in constant time).</li>
 * </ol>
 * The admin password (HTTP Basic, checked by {@link ConsoleSecurityProvider}) is still needed for
 * every request; this guard only makes sure the request was made by a console page.
 */
@Component(service = CsrfGuard.class)
public final class CsrfGuard {
    static final String FIELD = "csrf";
    static final String COOKIE = "hearth-console";
    static final String PATH = "/system/console";
    static final Duration IDLE = Duration.ofHours(12);
    static final int MAX_SESSIONS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(CsrfGuard.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(String token, Instant lastUse) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public CsrfGuard() {
        this(Clock.systemUTC());
    }

    CsrfGuard(Clock clock) {
        this.clock = clock;
    }

    /** The form token of this browser's console session; starts a session (sets the cookie) when it has none. */
    public String token(HttpServletRequest req, HttpServletResponse resp) {
        Instant now = clock.instant();
        String id = cookie(req).orElse(null);
        Session s = id == null ? null : sessions.get(id);
        if (s != null && now.isBefore(s.lastUse().plus(IDLE))) {
            sessions.put(id, new Session(s.token(), now));
            return s.token();
        }
        prune(now);
        id = random();
        s = new Session(random(), now);
        sessions.put(id, s);
        resp.addHeader("Set-Cookie", COOKIE + "=" + id + "; Path=" + PATH + "; HttpOnly; SameSite=Strict");
        return s.token();
    }

    /** Why a POST is refused, or empty when it is a genuine console form submission. */
    public Optional<String> refusal(HttpServletRequest req) {
        Optional<String> origin = originProblem(req);
        if (origin.isPresent()) {
            return origin;
        }
        String id = cookie(req).orElse(null);
        Session s = id == null ? null : sessions.get(id);
        if (s == null || !clock.instant().isBefore(s.lastUse().plus(IDLE))) {
            return Optional.of("no console session; reload the page and try again");
        }
        String sent = req.getParameter(FIELD);
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                s.token().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("the form's security token is missing or wrong; reload the page and try again");
        }
        return Optional.empty();
    }

    /** Answers 403 and returns true when the POST must be refused. */
    public boolean refuse(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
        Optional<String> why = refusal(req);
        if (why.isEmpty()) {
            return false;
        }
        LOG.info("console: refused a form submission from {}: {}", req.getRemoteAddr(), why.get());
        resp.setContentType("text/plain;charset=utf-8");
        resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
        resp.getWriter().println("Refused: " + why.get() + ".");
        return true;
    }

    static Optional<String> originProblem(HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host == null || host.isBlank()) {
            return Optional.of("no Host header");
        }
        String expected = (req.isSecure() ? "https" : "http") + "://" + host.trim().toLowerCase(java.util.Locale.ROOT);
        String origin = req.getHeader("Origin");
        if (origin != null && !origin.isBlank() && !"null".equals(origin)) {
            return origin.trim().toLowerCase(java.util.Locale.ROOT).equals(expected) ? Optional.empty()
                    : Optional.of("the request came from another site (" + origin.trim() + ")");
        }
        String referer = req.getHeader("Referer");
        if (referer != null && !referer.isBlank()) {
            try {
                URI u = URI.create(referer.trim());
                String ref = (u.getScheme() + "://" + u.getRawAuthority().replaceFirst("^[^@]*@", "")).toLowerCase(java.util.Locale.ROOT);
                return ref.equals(expected) ? Optional.empty()
                        : Optional.of("the request came from another site");
            } catch (RuntimeException e) {
                return Optional.of("unreadable Referer");
            }
        }
        return Optional.of("the request names neither its Origin nor its Referer");
    }

    private static Optional<String> cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    private void prune(Instant now) {
        sessions.entrySet().removeIf(e -> !now.isBefore(e.getValue().lastUse().plus(IDLE)));
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().lastUse()))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
    }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
