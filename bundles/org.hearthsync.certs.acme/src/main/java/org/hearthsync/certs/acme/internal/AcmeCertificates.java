package org.hearthsync.certs.acme.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.hearthsync.api.certs.ServerIdentity;
import org.hearthsync.api.certs.ServerIdentityProvider;
import org.hearthsync.api.publicname.PublicName;
import org.hearthsync.certs.acme.internal.AcmeIssuer.IssuanceException;
import org.hearthsync.transport.Listeners;
import org.hearthsync.transport.ServerUrls;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;

/**
 * Keeps a publicly trusted certificate for Hearth's Internet name with ACME and offers it to the
 * EAS listener as a {@link ServerIdentityProvider}; the local CA stays the fallback.
 *
 * <p>While enabled, the component answers HTTP-01 challenges on the plain setup port, orders a
 * certificate when it has none for the configured names, renews it when the renewal margin is
 * reached (checked daily, and at the renewal time), and withdraws the provider when the certificate
 * expires or ACME is disabled, so the listener falls back to the local CA's certificate. A failed
 * order is retried after 10 minutes, doubling up to a day.
 *
 * <p>The provider and the challenge servlet are registered by the component itself, because they
 * come and go with the certificate and with the setting; DS still owns the lifecycle: everything
 * is registered from the component's thread and unregistered in {@link #deactivate}. All work runs
 * on that one thread, so the state needs no locks beyond the registrations'.
 */
@Component(configurationPid = AcmeConfig.PID, service = {}, immediate = true)
@Designate(ocd = AcmeConfig.class)
@RequireHttpWhiteboard
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"org.hearthsync.api.certs.ServerIdentityProvider\"",
        uses = ServerIdentityProvider.class)
public final class AcmeCertificates {
    static final String DATA_PROPERTY = "hearth.data";
    static final Duration CHECK_INTERVAL = Duration.ofDays(1);
    static final Duration FIRST_RETRY = Duration.ofMinutes(10);
    static final Duration MIN_DELAY = Duration.ofSeconds(5);
    static final Duration SELF_CHECK_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    private final BundleContext context;
    private final AcmeFiles files;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ChallengeServlet servlet = new ChallengeServlet();
    private final Identity identity = new Identity();
    private final ScheduledExecutorService worker;
    private volatile AcmeConfig config;
    private volatile StoredCertificate served;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServerUrls serverUrls;
    private volatile PublicName publicName;

    // registrations: guarded by this
    private ServiceRegistration<ServerIdentityProvider> providerRegistration;
    private ServiceRegistration<Servlet> servletRegistration;
    private boolean closed;

    // worker thread only
    private ScheduledFuture<?> next;
    private int failures;

    @Activate
    public AcmeCertificates(BundleContext context, AcmeConfig config) throws IOException {
        this(context, config, Clock.systemUTC());
    }

    AcmeCertificates(BundleContext context, AcmeConfig config, Clock clock) throws IOException {
        this.context = context;
        this.clock = clock;
        this.files = new AcmeFiles(dataDirectory(context).resolve("certs").resolve("acme"));
        this.worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "hearth-acme");
            thread.setDaemon(true);
            return thread;
        });
        configure(config);
    }

    @Modified
    void modified(AcmeConfig config) {
        configure(config);
    }

    /** The one configuration path: remember the settings, then apply them on the component's thread. */
    private void configure(AcmeConfig config) {
        this.config = config;
        LOG.debug("ACME {}: directory {}, names {}", config.enabled() ? "enabled" : "disabled", config.directory_url(),
                List.of(config.domains()));
        submit(() -> {
            failures = 0;
            apply();
        });
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.debug("ACME thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            withdraw();
            unregisterServlet();
        }
    }

    /**
     * The setup bundle's Internet name (the default domain name) came, changed or went: checked again at once
     * when it is the name in use. Greedy, so a replacement service is taken too.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedPublicName")
    void setPublicName(PublicName name) {
        this.publicName = name;
        publicNameChanged();
    }

    void updatedPublicName(PublicName name) {
        publicNameChanged();
    }

    void unsetPublicName(PublicName name) {
        if (this.publicName == name) {
            this.publicName = null;
            publicNameChanged();
        }
    }

    private void publicNameChanged() {
        AcmeConfig c = config;
        if (c != null && c.enabled() && configuredDomains(c).isEmpty()) {
            submit(() -> {
                failures = 0;
                apply();
            });
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("deactivated meanwhile");
        }
    }

    private void apply() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        if (!config.enabled()) {
            synchronized (this) {
                withdraw();
                unregisterServlet();
            }
            return;
        }
        registerServlet();
        check();
    }

    /** Serves what is on disk while it is valid, and orders a new certificate when one is due. Never throws. */
    void check() {
        AcmeConfig c = config;
        if (!c.enabled() || Thread.currentThread().isInterrupted()) {
            return;
        }
        Instant now = clock.instant();
        List<String> domains = domains(c);
        StoredCertificate current = null;
        try {
            current = files.load().orElse(null);
        } catch (IOException e) {
            LOG.warn("Cannot read the trusted certificate in {} ({}); a new one is ordered", files.dir(), e.toString());
        }
        boolean usable = current != null && current.validAt(now) && current.covers(domains);
        if (usable) {
            publish(current);
        } else {
            withdraw();
        }
        if (domains.isEmpty()) {
            LOG.warn("ACME is enabled but there is no domain name: set 'domains' in {}.cfg or the Internet name in "
                    + "the console's setup wizard", AcmeConfig.PID);
            schedule(now.plus(CHECK_INTERVAL));
            return;
        }
        String directory = c.directory_url().strip();
        int margin = Math.max(1, c.renewal_margin_days());
        if (usable && directory.equals(current.directory()) && now.isBefore(current.renewAt(margin))) {
            schedule(nextCheck(current, margin, now));
            return;
        }
        try {
            StoredCertificate fresh = issue(c, directory, domains);
            failures = 0;
            publish(fresh);
            LOG.debug("Trusted certificate for {} from {}, valid until {} (generation {})", domains, directory,
                    fresh.notAfter(), fresh.identity().generation());
            schedule(nextCheck(fresh, margin, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (AcmeIssuer.IssuanceException | org.shredzone.acme4j.exception.AcmeException | IOException
                | GeneralSecurityException | RuntimeException e) {
            failures++;
            Instant retry = clock.instant().plus(backoff(failures));
            if (usable && current.notAfter().isBefore(retry)) {
                retry = current.notAfter().plusSeconds(1);
            }
            LOG.warn("Could not obtain a trusted certificate for {} from {}: {}. {} Next attempt at {}.", domains,
                    directory, describe(e), usable ? "The current one is served until it expires at " + current.notAfter() + "."
                            : "Hearth's own certificate is served meanwhile.", retry);
            schedule(retry);
        }
    }

    private StoredCertificate issue(AcmeConfig c, String directory, List<String> domains)
            throws IOException, GeneralSecurityException, InterruptedException, IssuanceException,
            org.shredzone.acme4j.exception.AcmeException {
        AcmeServerConnection server = AcmeServerConnection.trusting(c.directory_trust_pem());
        KeyPair account = files.accountKey(random);
        KeyPair key = c.key_type().generate(random);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // acme4j's static set-up consults ServiceLoader; let it see this bundle, nothing else
        thread.setContextClassLoader(AcmeCertificates.class.getClassLoader());
        try {
            LOG.debug("Ordering a certificate for {} from {}", domains, directory);
            AcmeIssuer.Issued issued = AcmeIssuer.issue(server, directory, c.account_email(), account, domains, key,
                    new Responder());
            return files.save(issued.key().getPrivate(), issued.chain(), directory, random);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The next look: daily, at the renewal time, and just after the end of the certificate. */
    static Instant nextCheck(StoredCertificate current, int marginDays, Instant now) {
        Instant next = now.plus(CHECK_INTERVAL);
        Instant renew = current.renewAt(marginDays);
        if (renew.isAfter(now) && renew.isBefore(next)) {
            next = renew;
        }
        Instant end = current.notAfter().plusSeconds(1);
        if (end.isAfter(now) && end.isBefore(next)) {
            next = end;
        }
        return next;
    }

    /** 10 minutes after the first failure, doubling, at most a day. */
    static Duration backoff(int failures) {
        Duration delay = FIRST_RETRY;
        for (int i = 1; i < failures && delay.compareTo(CHECK_INTERVAL) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(CHECK_INTERVAL) < 0 ? delay : CHECK_INTERVAL;
    }

    private void schedule(Instant when) {
        Duration delay = Duration.between(clock.instant(), when);
        if (delay.compareTo(MIN_DELAY) < 0) {
            delay = MIN_DELAY;
        }
        try {
            next = worker.schedule(this::check, delay.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("Next ACME check in {}", delay);
        } catch (RejectedExecutionException e) {
            LOG.debug("deactivated meanwhile");
        }
    }

    /** The names to certify: the configured ones, else the setup page's Internet name. */
    List<String> domains(AcmeConfig c) {
        List<String> configured = configuredDomains(c);
        if (!configured.isEmpty()) {
            return configured;
        }
        return setupHost().map(List::of).orElse(List.of());
    }

    static List<String> configuredDomains(AcmeConfig c) {
        Set<String> names = new LinkedHashSet<>();
        for (String entry : c.domains() == null ? new String[0] : c.domains()) {
            for (String name : SEPARATORS.split(entry == null ? "" : entry.strip())) {
                normalise(name).ifPresent(names::add);
            }
        }
        return new ArrayList<>(names);
    }

    /** A DNS name in lower case without a final dot; empty for blanks, IP addresses and anything else. */
    static Optional<String> normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (DNS_NAME.matcher(n).matches()) {
            return Optional.of(n);
        }
        if (!n.isEmpty()) {
            LOG.debug("'{}' is not a DNS name a public CA certifies; ignored", name);
        }
        return Optional.empty();
    }

    private Optional<String> setupHost() {
        PublicName name = publicName;
        return name == null ? Optional.empty() : name.host().flatMap(AcmeCertificates::normalise);
    }

    // ---- registrations

    private synchronized void publish(StoredCertificate certificate) {
        if (closed) {
            return;
        }
        StoredCertificate before = served;
        served = certificate;
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ServerIdentityProvider.GENERATION, certificate.identity().generation());
        properties.put(Constants.SERVICE_DESCRIPTION, "Hearth trusted certificate (ACME)");
        if (providerRegistration == null) {
            providerRegistration = context.registerService(ServerIdentityProvider.class, identity, properties);
            LOG.debug("Offering the trusted certificate (generation {}) to the listener", certificate.identity().generation());
        } else if (before == null || before.identity().generation() != certificate.identity().generation()
                || !before.identity().certificate().equals(certificate.identity().certificate())) {
            providerRegistration.setProperties(properties);
            LOG.debug("Offering the renewed certificate (generation {}) to the listener", certificate.identity().generation());
        }
    }

    private synchronized void withdraw() {
        served = null;
        if (providerRegistration != null) {
            try {
                providerRegistration.unregister();
                LOG.debug("Trusted certificate withdrawn; the listener serves Hearth's own");
            } catch (IllegalStateException e) {
                LOG.debug("already unregistered");
            }
            providerRegistration = null;
        }
    }

    private synchronized void registerServlet() {
        if (closed || servletRegistration != null) {
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, ChallengeServlet.PATH + "/*");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "hearth-acme-challenge");
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_TARGET, Listeners.PUBLIC_TARGET);
        servletRegistration = context.registerService(Servlet.class, servlet, properties);
    }

    private synchronized void unregisterServlet() {
        servlet.clear();
        if (servletRegistration != null) {
            try {
                servletRegistration.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("already unregistered");
            }
            servletRegistration = null;
        }
    }

    /** The exception in words, with its root cause when it has one. */
    static String describe(Throwable e) {
        String text = e instanceof IssuanceException ? e.getMessage()
                : e instanceof org.shredzone.acme4j.exception.AcmeNetworkException ? "cannot reach the ACME server"
                : e.toString();
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
            root = root.getCause();
        }
        return root == e ? text : text + " (" + root + ")";
    }

    private static Path dataDirectory(BundleContext context) throws IOException {
        String data = context.getProperty(DATA_PROPERTY);
        if (data != null && !data.isBlank()) {
            return Path.of(data.strip());
        }
        java.io.File area = context.getDataFile("");
        if (area == null) {
            throw new IOException("framework property " + DATA_PROPERTY + " is not set and the framework has no bundle storage");
        }
        return area.toPath();
    }

    /** The service the listener asks: the certificate on offer while it is valid. */
    private final class Identity implements ServerIdentityProvider {
        @Override
        public Optional<ServerIdentity> serverIdentity() {
            StoredCertificate s = served;
            return s != null && s.validAt(clock.instant()) ? Optional.of(s.identity()) : Optional.empty();
        }
    }

    /** Puts challenge answers on the setup port and checks, before the CA looks, that they are really served. */
    private final class Responder implements AcmeIssuer.Responder {
        private final HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();

        @Override
        public void put(String token, String content) {
            servlet.put(token, content);
        }

        @Override
        public void remove(String token) {
            servlet.remove(token);
        }

        @Override
        public void awaitServed(String token, String content) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + SELF_CHECK_TIMEOUT.toNanos();
            String problem = "the setup listener is not up";
            while (System.nanoTime() < deadline) {
                ServerUrls urls = serverUrls;
                Optional<String> setup = urls == null ? Optional.empty() : urls.setupUrl();
                if (setup.isPresent()) {
                    URI uri = URI.create(setup.get()).resolve(ChallengeServlet.PATH + "/" + token);
                    try {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200 && content.equals(response.body())) {
                            return;
                        }
                        problem = uri + " answered HTTP " + response.statusCode();
                    } catch (IOException e) {
                        problem = uri + ": " + e;
                    }
                }
                Thread.sleep(500);
            }
            throw new IOException("the setup port does not serve the challenge (" + problem + ")");
        }
    }
}
