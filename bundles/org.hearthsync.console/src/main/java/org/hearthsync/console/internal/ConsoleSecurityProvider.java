package org.hearthsync.console.internal;

import org.hearthsync.auth.PasswordHash;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.hearthsync.transport.Listeners;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Decides who may use the web console: only this computer (unless the user allows the LAN), and
 * only with the admin password generated at first start. The launcher makes this provider
 * required ({@code felix.webconsole.security.providers=hearth}), so the console answers nothing
 * before it is here, and its built-in admin/admin never applies.
 */
@Component(service = { SecurityProvider.class, ConsoleSecurityProvider.class }, configurationPid = "org.hearthsync.console",
        property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
@Designate(ocd = ConsoleConfig.class)
public final class ConsoleSecurityProvider implements SecurityProvider {
    static final String ID = "hearth";
    static final String WEBCONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String REALM = "Hearth console";
    /**
     * A verified sign-in is remembered this long after its last use, so each page asset does not cost
     * a slow hash, and a console that is open is never locked out by someone else's wrong guesses.
     */
    static final Duration REMEMBER = Duration.ofHours(12);
    /** Status for a request sent to a name this console does not answer to (RFC 9110 15.5.20). */
    static final int MISDIRECTED = 421;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurityProvider.class);

    /**
     * Framework property: the owner-only file that gets a new admin password instead of the terminal (set by the
     * launcher when what is printed goes into the log). It is deleted at the first sign-in with the password.
     */
    static final String PASSWORD_FILE_PROPERTY = "hearth.console.password.file";

    private final String storedHash;
    private volatile Path firstPasswordFile;
    private final Map<String, Instant> verified = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile boolean allowLan;
    private volatile java.util.Set<String> lanNames = java.util.Set.of();
    private volatile SignInThrottle throttle;

    @Activate
    public ConsoleSecurityProvider(BundleContext context, @Reference ConfigurationAdmin configAdmin, ConsoleConfig config)
            throws IOException {
        this(new AdminCredentials(dataFolder(context).resolve("console").resolve("admin.pwd"))
                .loadOrCreate(System.out, passwordFile(context)), Clock.systemUTC(), config, passwordFile(context));
        targetConsoleListener(configAdmin);
    }

    ConsoleSecurityProvider(String storedHash, Clock clock, ConsoleConfig config) {
        this(storedHash, clock, config, null);
    }

    ConsoleSecurityProvider(String storedHash, Clock clock, ConsoleConfig config, Path firstPasswordFile) {
        this.storedHash = storedHash;
        this.clock = clock;
        this.firstPasswordFile = firstPasswordFile;
        configure(config);
    }

    private static Path passwordFile(BundleContext context) {
        String f = context.getProperty(PASSWORD_FILE_PROPERTY);
        return f == null || f.isBlank() ? null : Path.of(f);
    }

    @Modified
    void modified(ConsoleConfig config) {
        configure(config);
    }

    private void configure(ConsoleConfig config) {
        this.allowLan = config.allow_lan();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String n : config.lan_host_names() == null ? new String[0] : config.lan_host_names()) {
            for (String part : n.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    names.add(normalizeName(part));
                }
            }
        }
        this.lanNames = java.util.Set.copyOf(names);
        this.throttle = new SignInThrottle(Math.max(1, config.max_failures()),
                Duration.ofSeconds(Math.max(1, config.lockout_seconds())), clock);
        verified.clear();
    }

    static Path dataFolder(BundleContext context) {
        String data = context.getProperty("hearth.data");
        if (data == null || data.isBlank()) {
            throw new IllegalStateException("the framework property hearth.data (the data folder) is not set");
        }
        return Path.of(data);
    }

    /** Puts the web console on the console listener only, never on the public one. */
    private static void targetConsoleListener(ConfigurationAdmin configAdmin) throws IOException {
        Configuration c = configAdmin.getConfiguration(WEBCONSOLE_PID, "?");
        Dictionary<String, Object> props = c.getProperties();
        if (props != null && Listeners.CONSOLE_TARGET.equals(props.get("http.service.filter"))) {
            return;
        }
        Dictionary<String, Object> wanted = props == null ? new Hashtable<>() : props;
        wanted.put("http.service.filter", Listeners.CONSOLE_TARGET);
        wanted.put("manager.root", "/system/console");
        c.update(wanted);
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String address = request.getRemoteAddr();
        try {
            if (!allowLan && !isLoopback(address)) {
                LOG.debug("console request from {} refused: not this computer", address);
                response.sendError(HttpServletResponse.SC_FORBIDDEN,
                        "The Hearth console is open to this computer only.");
                return null;
            }
            String host = request.getHeader("Host");
            if (!hostAllowed(host)) {
                // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends Host: evil.example
                LOG.debug("console request from {} refused: it was sent to the name {}", address, printable(host));
                response.sendError(MISDIRECTED, "This console answers only at its own address (such as 127.0.0.1 or localhost).");
                return null;
            }
            String header = request.getHeader("Authorization");
            // a header that was verified before is not a guess: someone else's failures never lock it out
            if (header != null && remembered(header)) {
                return AdminCredentials.USER;
            }
            long locked = Math.max(throttle.lockedSeconds(address), throttle.accountLockedSeconds());
            if (locked > 0) {
                response.setHeader("Retry-After", Long.toString(locked));
                response.sendError(429, "Too many failed sign-ins; try again in " + locked + " seconds.");
                return null;
            }
            if (header != null && check(header)) {
                throttle.succeeded(address);
                return AdminCredentials.USER;
            }
            if (header != null) {
                throttle.failed(address);
                LOG.debug("failed console sign-in from {}", address);
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        } catch (IOException e) {
            LOG.debug("could not answer a console request: {}", e.toString());
        }
        return null;
    }

    /**
     * Whether the console answers a request sent to this {@code Host}: a loopback address or name
     * always (browsers resolve {@code localhost} themselves, so no DNS answer can make it point
     * elsewhere); with the LAN allowed also this computer's own addresses, its host name and the
     * names configured. A missing Host (HTTP/1.0, never a browser) is answered.
     */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null) {
            return true;
        }
        String host = hostOnly(hostHeader.trim());
        if (host.isEmpty()) {
            return false;
        }
        if ("localhost".equals(host) || host.endsWith(".localhost")) {
            return true;
        }
        InetAddress literal = literal(host);
        if (literal != null) {
            if (literal.isLoopbackAddress()) {
                return true;
            }
            try {
                return allowLan && java.net.NetworkInterface.getByInetAddress(literal) != null;
            } catch (java.net.SocketException e) {
                return false;
            }
        }
        if (!allowLan) {
            return false;
        }
        if (lanNames.contains(host)) {
            return true;
        }
        String own = ownHostName();
        return own != null && (host.equals(own) || host.equals(own + ".local")
                || (own.indexOf('.') > 0 && host.equals(own.substring(0, own.indexOf('.')))));
    }

    /** The host part of a Host header, lower case, without port, brackets or a trailing dot. */
    static String hostOnly(String hostHeader) {
        String h = hostHeader;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? "" : h.substring(1, end).toLowerCase(java.util.Locale.ROOT);
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (h.indexOf(':', colon + 1) >= 0) {
                return ""; // an IPv6 address must be bracketed in Host
            }
            h = h.substring(0, colon);
        }
        return normalizeName(h);
    }

    private static String normalizeName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** The address a literal IPv4 or IPv6 text names, or null for a name (never looked up). */
    static InetAddress literal(String host) {
        boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-f:.%a-z]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static volatile String ownHostName;

    private static String ownHostName() {
        String n = ownHostName;
        if (n == null) {
            try {
                n = normalizeName(InetAddress.getLocalHost().getHostName());
            } catch (UnknownHostException e) {
                n = "";
            }
            ownHostName = n;
        }
        return n.isEmpty() ? null : n;
    }

    private static String printable(String s) {
        return s == null ? "(none)" : s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Whether this exact header was verified before; a hit keeps it remembered for another {@link #REMEMBER}. */
    private boolean remembered(String header) {
        String key = digest(header);
        Instant until = verified.get(key);
        Instant now = clock.instant();
        if (until == null || !now.isBefore(until)) {
            return false;
        }
        verified.put(key, now.plus(REMEMBER));
        return true;
    }

    private boolean check(String header) {
        String key = digest(header);
        Instant now = clock.instant();
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !AdminCredentials.USER.equals(decoded.substring(0, colon))) {
            return false;
        }
        char[] password = decoded.substring(colon + 1).toCharArray();
        try {
            if (!PasswordHash.verify(password, storedHash)) {
                return false;
            }
        } finally {
            PasswordHash.clear(password);
        }
        if (verified.size() > 64) {
            verified.clear();
        }
        verified.put(key, now.plus(REMEMBER));
        forgetFirstPassword();
        return true;
    }

    /** The password was read and used: its clear text need not stay on the disk. */
    private void forgetFirstPassword() {
        Path f = firstPasswordFile;
        if (f == null) {
            return;
        }
        firstPasswordFile = null;
        try {
            if (Files.deleteIfExists(f)) {
                LOG.debug("the console's first password was used to sign in; deleted {}", f);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}, which holds the console password: {}", f, e.getMessage());
        }
    }

    static boolean isLoopback(String address) {
        try {
            // a literal address is parsed, never looked up
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String digest(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        return AdminCredentials.USER.equals(user);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        verified.clear();
    }
}
