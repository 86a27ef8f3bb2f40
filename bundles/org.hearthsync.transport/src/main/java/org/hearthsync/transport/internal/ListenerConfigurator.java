package org.hearthsync.transport.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.api.certs.ServerIdentity;
import org.hearthsync.api.certs.ServerIdentityProvider;
import org.hearthsync.transport.Listeners;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Hearth's listener settings and the current server certificate into the configuration of
 * the Felix HTTP Jetty instances: the default instance serves the setup page (plain) and EAS
 * (TLS); a second, factory-configured instance serves the console on loopback.
 *
 * <p>Jetty restarts whenever its configuration changes, so a configuration is written only when
 * a value actually differs. The TLS listener serves a {@link ServerIdentityProvider}'s identity (a
 * trusted certificate) while there is one with a valid certificate, else the local CA's. The component needs its configuration (the launcher always provides
 * {@code etc/org.hearthsync.transport.cfg}, empty meaning defaults) so the listeners never come up
 * on default ports first and then move.
 */
@Component(immediate = true, configurationPid = ListenerConfigurator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ListenerConfigurator.class)
@Designate(ocd = TransportConfig.class)
public final class ListenerConfigurator {
    static final String PID = "org.hearthsync.transport";
    static final String JETTY_PID = "org.apache.felix.http";
    static final String CONSOLE_INSTANCE = "console";
    /** The Jetty instance of the plain-HTTP DAV listener for programs on this computer, while it is on. */
    static final String DAV_LOOPBACK_INSTANCE = Listeners.DAV_LOOPBACK;
    /** Where that instance binds; {@link LoopbackIpv6} adds {@code ::1} on the same port. */
    static final String DAV_LOOPBACK_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(ListenerConfigurator.class);

    /**
     * The TLS cipher suites the EAS listener offers, strongest first: the three TLS 1.3 suites, then
     * TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305 for EC (the default) and RSA server keys. Every
     * phone since Android 4.4, iOS 9 and Windows Phone 8.1 has one of them.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** A connection silent this long is closed: Felix's default, written out to stand with the other limits. */
    static final int IDLE_TIMEOUT_MILLIS = 60_000;
    /** Request line and headers together: an EAS request needs under 2 KB. */
    static final int HEADER_BYTES = 16 * 1024;
    /**
     * Connections the kernel completes and holds for the listener until Jetty accepts them. Java's default of 50
     * overflows when many phones reconnect at once (Hearth restarted with 2,000 Pings parked: BENCHMARK-memory.md
     * counted thousands of dropped SYNs, each retried after 1, 2, 4 s, and connect timeouts); a held connection
     * costs the kernel a few hundred bytes. Linux clips it to net.core.somaxconn (4096 by default).
     */
    static final int ACCEPT_QUEUE = 2048;

    private final ConfigurationAdmin configAdmin;
    private final CertificateAuthority ca;
    private volatile ListenerSettings settings;
    private TransportConfig config; // guarded by this
    private volatile ServerIdentityProvider preferredIdentity;
    /** How often a bind address this computer does not have (yet) is tried again. */
    static final long BIND_RETRY_SECONDS = 5;
    private boolean bindRetryPending; // guarded by this
    private String bindWarned = ""; // guarded by this
    private final ScheduledExecutorService reconfigurer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-listener-reconfigure");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ListenerConfigurator(@Reference ConfigurationAdmin configAdmin,
            @Reference(policy = ReferencePolicy.STATIC) CertificateAuthority ca, TransportConfig config) throws IOException {
        this.configAdmin = configAdmin;
        this.ca = ca;
        configure(config);
    }

    @Modified
    void modified(TransportConfig config) throws IOException {
        configure(config);
    }

    /**
     * A new server certificate (the CA's generation property changed, for example after new names):
     * rewriting the Jetty configuration with the new generation restarts the public listener, which
     * then serves the new certificate. The console listener is not touched.
     */
    @Reference(name = "generation", service = CertificateAuthority.class, policy = ReferencePolicy.DYNAMIC,
            cardinality = ReferenceCardinality.OPTIONAL, updated = "certificateChanged", unbind = "unbindGeneration")
    void bindGeneration(Map<String, Object> properties) {
        // the constructor has written the configuration for the generation in force
    }

    void certificateChanged(Map<String, Object> properties) {
        // Called from inside the CA's property update, which holds the CA's lock; configure() calls the
        // CA too, so it runs on our own thread rather than here.
        reconfigureLater("server certificate generation " + properties.get(CertificateAuthority.GENERATION));
    }

    /** A trusted identity (ACME) came, changed or went: the TLS listener serves it, or the local CA's again. */
    @Reference(name = "preferredIdentity", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "preferredIdentityChanged")
    void bindPreferredIdentity(ServerIdentityProvider provider) {
        preferredIdentity = provider;
        reconfigureLater("trusted identity available");
    }

    void preferredIdentityChanged(ServerIdentityProvider provider) {
        reconfigureLater("trusted identity renewed");
    }

    void unbindPreferredIdentity(ServerIdentityProvider provider) {
        if (preferredIdentity == provider) {
            preferredIdentity = null;
            reconfigureLater("trusted identity gone");
        }
    }

    private void reconfigureLater(String why) {
        try {
            reconfigurer.execute(() -> {
                TransportConfig c;
                synchronized (this) {
                    c = config;
                }
                try {
                    LOG.debug("{}: reconfiguring the TLS listener", why);
                    configure(c);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Could not give the TLS listener the new server certificate", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("deactivated meanwhile; {} ignored", why);
        }
    }

    void unbindGeneration(Map<String, Object> properties) {
        // nothing to undo
    }

    @Deactivate
    void deactivate() {
        reconfigurer.shutdownNow();
        // The Jetty configurations stay: they are ours, and a restarted component writes the same values.
        LOG.debug("listener configurator deactivated");
    }

    /** The settings in force, for the banner and the console. */
    public ListenerSettings settings() {
        return settings;
    }

    private synchronized void configure(TransportConfig config) throws IOException {
        this.config = config;
        ListenerSettings s = ListenerSettings.from(config);
        this.settings = s;
        if (canListenOn(s.bindAddress())) {
            bindWarned = "";
            update(configAdmin.getConfiguration(JETTY_PID, "?"), publicProperties(s, identity()));
        } else {
            awaitBindAddress(s.bindAddress());
        }
        update(configAdmin.getFactoryConfiguration(JETTY_PID, CONSOLE_INSTANCE, "?"), consoleProperties(s));
        davLoopback(s);
        LOG.debug("listeners: EAS {} (TLS), setup {}, console {} on {}, DAV loopback {}", s.easPort(), s.setupPort(),
                s.consolePort(), s.consoleHost(), s.davLoopback() ? s.davLoopbackPort() : "off");
    }

    /** Starts, moves or stops the DAV loopback instance; an instance that is off has no configuration at all. */
    private void davLoopback(ListenerSettings s) throws IOException {
        if (s.davLoopback()) {
            update(configAdmin.getFactoryConfiguration(JETTY_PID, DAV_LOOPBACK_INSTANCE, "?"),
                    davLoopbackProperties(DAV_LOOPBACK_HOST, s.davLoopbackPort()));
            return;
        }
        Configuration[] existing;
        try {
            existing = configAdmin.listConfigurations("(org.apache.felix.http.name=" + DAV_LOOPBACK_INSTANCE + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
        if (existing != null) {
            for (Configuration c : existing) {
                c.delete();
            }
        }
    }

    /**
     * Whether the public listeners can bind to the address: any address when none is set. Felix HTTP
     * given an address it cannot bind stops its Jetty half-initialized and logs NullPointerException
     * stack traces from its own cleanup (issue 13, finding 10), so such an address is never handed to it.
     */
    static boolean canListenOn(String bindAddress) {
        if (bindAddress.isEmpty()) {
            return true;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0), 1);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * The bind address is not this computer's (yet: an address from DHCP, an IPv6 address still being
     * checked for duplicates): the public listeners wait for it, and it is tried again every few seconds.
     */
    private void awaitBindAddress(String address) {
        if (!bindWarned.equals(address)) {
            bindWarned = address;
            LOG.warn("The bind address {} is not an address of this computer (yet): the EAS and setup listeners"
                    + " start as soon as it is", address);
        }
        if (bindRetryPending) {
            return;
        }
        bindRetryPending = true;
        try {
            reconfigurer.schedule(() -> {
                TransportConfig c;
                synchronized (this) {
                    bindRetryPending = false;
                    c = config;
                }
                try {
                    configure(c);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Could not configure the listeners", e);
                }
            }, BIND_RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            bindRetryPending = false; // deactivated meanwhile
        }
    }

    /** The preferred provider's identity while its certificate is valid, else the local CA's. */
    private ServerIdentity identity() {
        ServerIdentityProvider provider = preferredIdentity;
        if (provider != null) {
            try {
                Optional<ServerIdentity> preferred = provider.serverIdentity();
                if (preferred.isPresent() && validAt(preferred.get(), Instant.now())) {
                    return preferred.get();
                }
            } catch (RuntimeException e) {
                LOG.warn("The trusted identity provider failed; serving the local CA's certificate", e);
            }
        }
        return ca.serverIdentity();
    }

    static boolean validAt(ServerIdentity identity, Instant now) {
        return !now.isBefore(identity.certificate().getNotBefore().toInstant())
                && now.isBefore(identity.certificate().getNotAfter().toInstant());
    }

    static Dictionary<String, Object> publicProperties(ListenerSettings s, ServerIdentity identity) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("org.apache.felix.http.enable", Boolean.TRUE);
        p.put("org.osgi.service.http.port", s.setupPort());
        p.put("org.apache.felix.https.enable", Boolean.TRUE);
        p.put("org.osgi.service.http.port.secure", s.easPort());
        if (!s.bindAddress().isEmpty()) {
            p.put("org.apache.felix.http.host", s.bindAddress());
        }
        p.put("org.apache.felix.https.keystore", identity.keyStore().toAbsolutePath().toString());
        p.put("org.apache.felix.https.keystore.password", new String(identity.password()));
        p.put("org.apache.felix.https.keystore.key.password", new String(identity.password()));
        p.put("org.apache.felix.https.keystore.type", "PKCS12");
        p.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.2,TLSv1.3");
        // forward secrecy and AEAD only: no CBC, no static RSA key exchange, no 3DES/RC4 (Felix splits on ',')
        p.put("org.apache.felix.https.jetty.ciphersuites.included", String.join(",", CIPHER_SUITES));
        p.put("org.apache.felix.https.jetty.renegotiateAllowed", Boolean.FALSE);
        p.put("org.apache.felix.http.jetty.sendServerHeader", Boolean.FALSE);
        // request limits Felix configures itself; the rest (per-address connections, body data rate) are ListenerGuard's
        p.put("org.apache.felix.http.timeout", IDLE_TIMEOUT_MILLIS);
        p.put("org.apache.felix.http.jetty.headerBufferSize", HEADER_BYTES);
        p.put("org.apache.felix.http.jetty.acceptQueueSize", ACCEPT_QUEUE);
        p.put("org.apache.felix.http.name", Listeners.PUBLIC);
        p.put("org.apache.felix.http.runtime.init." + Listeners.PROPERTY, Listeners.PUBLIC);
        // the certificate generation is part of the configuration so a new certificate restarts TLS
        p.put("hearth.certs.generation", identity.generation());
        return p;
    }

    static Dictionary<String, Object> consoleProperties(ListenerSettings s) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("org.apache.felix.http.enable", Boolean.TRUE);
        p.put("org.osgi.service.http.port", s.consolePort());
        p.put("org.apache.felix.http.host", s.consoleHost());
        p.put("org.apache.felix.https.enable", Boolean.FALSE);
        p.put("org.apache.felix.http.jetty.sendServerHeader", Boolean.FALSE);
        p.put("org.apache.felix.http.name", Listeners.CONSOLE);
        p.put("org.apache.felix.http.runtime.init." + Listeners.PROPERTY, Listeners.CONSOLE);
        return p;
    }

    /**
     * The plain-HTTP DAV listener for programs on this computer. It has no TLS and serves passwords in the clear, so
     * it must never listen where another computer can reach it: any host that is not a loopback address literal is
     * refused here, whatever the caller passes.
     */
    static Dictionary<String, Object> davLoopbackProperties(String host, int port) {
        if (!isLoopbackLiteral(host)) {
            throw new IllegalArgumentException("the DAV loopback listener binds loopback addresses only, not " + host);
        }
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("org.apache.felix.http.enable", Boolean.TRUE);
        p.put("org.osgi.service.http.port", port);
        p.put("org.apache.felix.http.host", host);
        p.put("org.apache.felix.https.enable", Boolean.FALSE);
        p.put("org.apache.felix.http.jetty.sendServerHeader", Boolean.FALSE);
        p.put("org.apache.felix.http.timeout", IDLE_TIMEOUT_MILLIS);
        p.put("org.apache.felix.http.jetty.headerBufferSize", HEADER_BYTES);
        p.put("org.apache.felix.http.name", DAV_LOOPBACK_INSTANCE);
        p.put("org.apache.felix.http.runtime.init." + Listeners.PROPERTY, Listeners.DAV_LOOPBACK);
        return p;
    }

    /**
     * Whether {@code host} is a numeric loopback address (127.0.0.0/8 or ::1). Names are refused without a lookup:
     * "localhost" may resolve to anything the computer's hosts file says.
     */
    static boolean isLoopbackLiteral(String host) {
        if (host == null || host.isBlank() || !host.strip().matches("[0-9.]+|\\[?[0-9A-Fa-f:.]+\\]?")) {
            return false;
        }
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static void update(Configuration c, Dictionary<String, Object> wanted) throws IOException {
        if (sameValues(c.getProperties(), wanted)) {
            return;
        }
        c.update(wanted);
    }

    static boolean sameValues(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        for (Map.Entry<String, Object> e : Map.copyOf(toMap(wanted)).entrySet()) {
            Object have = current.get(e.getKey());
            if (have == null || !Objects.equals(String.valueOf(have), String.valueOf(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> d) {
        Hashtable<String, Object> m = new Hashtable<>();
        for (var keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            m.put(k, d.get(k));
        }
        return m;
    }
}
