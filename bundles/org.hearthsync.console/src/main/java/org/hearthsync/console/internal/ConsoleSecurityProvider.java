package org.hearthsync.console.internal;

import org.hearthsync.api.account.PasswordHash;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
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
@Component(service = SecurityProvider.class, configurationPid = "org.hearthsync.console",
        property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
@Designate(ocd = ConsoleConfig.class)
public final class ConsoleSecurityProvider implements SecurityProvider {
    static final String ID = "hearth";
    static final String WEBCONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String REALM = "Hearth console";
    /** A verified sign-in is remembered this long, so each page asset does not cost a slow hash. */
    static final Duration REMEMBER = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurityProvider.class);

    private final String storedHash;
    private final Map<String, Instant> verified = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile boolean allowLan;
    private volatile SignInThrottle throttle;

    @Activate
    public ConsoleSecurityProvider(BundleContext context, @Reference ConfigurationAdmin configAdmin, ConsoleConfig config)
            throws IOException {
        this(new AdminCredentials(dataFolder(context).resolve("console").resolve("admin.pwd")).loadOrCreate(System.out),
                Clock.systemUTC(), config);
        targetConsoleListener(configAdmin);
    }

    ConsoleSecurityProvider(String storedHash, Clock clock, ConsoleConfig config) {
        this.storedHash = storedHash;
        this.clock = clock;
        configure(config);
    }

    @Modified
    void modified(ConsoleConfig config) {
        configure(config);
    }

    private void configure(ConsoleConfig config) {
        this.allowLan = config.allow_lan();
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
            long locked = throttle.lockedSeconds(address);
            if (locked > 0) {
                response.setHeader("Retry-After", Long.toString(locked));
                response.sendError(429, "Too many failed sign-ins; try again in " + locked + " seconds.");
                return null;
            }
            String header = request.getHeader("Authorization");
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

    private boolean check(String header) {
        String key = digest(header);
        Instant until = verified.get(key);
        Instant now = clock.instant();
        if (until != null && now.isBefore(until)) {
            return true;
        }
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
        return true;
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
