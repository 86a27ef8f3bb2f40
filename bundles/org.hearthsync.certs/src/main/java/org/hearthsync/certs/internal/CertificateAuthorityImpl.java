package org.hearthsync.certs.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.api.certs.ServerIdentity;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hearth's local certificate authority as an OSGi service. Files live in {@code <hearth.data>/certs/}.
 *
 * <p>The component registers {@link CertificateAuthority} itself, from its activation and through a
 * {@link ServiceRegistration} it keeps, rather than letting DS register it: DS offers no way to
 * change a component's service properties at run time (only Configuration Admin updates do, which
 * would persist a counter in the configuration and loop through {@code modified}), and consumers
 * must see {@link CertificateAuthority#GENERATION} change so that their {@code updated} callback runs.
 * The lifecycle is still DS's: registered in activation, unregistered in {@link #deactivate}.
 */
@Component(configurationPid = CertificateAuthorityImpl.PID, service = {}, immediate = true)
@Designate(ocd = CertificateAuthorityImpl.Config.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.hearthsync.api.certs.CertificateAuthority\"",
        uses = CertificateAuthority.class)
public final class CertificateAuthorityImpl implements CertificateAuthority {

    public static final String PID = "org.hearthsync.certs";
    /** Framework property naming Hearth's data folder. */
    public static final String DATA_PROPERTY = "hearth.data";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthorityImpl.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(3);

    @ObjectClassDefinition(name = "Hearth certificate authority",
            description = "The local CA whose root phones install, and the TLS server certificate it issues.")
    public @interface Config {
        @AttributeDefinition(name = "Extra names",
                description = "DNS names and IP addresses to put in the server certificate besides localhost, "
                        + "this computer's host names and its network addresses (for example a dynamic DNS name).")
        String[] extraNames() default {};

        @AttributeDefinition(name = "Server certificate validity (days)", min = "2", max = "397",
                description = "Lifetime of each server certificate. iPhones reject TLS certificates valid for more than 398 days.")
        int serverValidityDays() default CertificateSettings.DEFAULT_SERVER_VALIDITY_DAYS;

        @AttributeDefinition(name = "Renewal margin (days)", min = "1",
                description = "A new server certificate is issued this many days before the current one expires "
                        + "(at most half the validity).")
        int renewalMarginDays() default CertificateSettings.DEFAULT_RENEWAL_MARGIN_DAYS;

        @AttributeDefinition(name = "CA validity (years)", min = "1", max = "30",
                description = "Lifetime of the root certificate when it is created. Changing it does not replace an existing root.")
        int caValidityYears() default CertificateSettings.DEFAULT_CA_VALIDITY_YEARS;

        @AttributeDefinition(name = "Key type",
                description = "Key of the server certificate, and of the root when it is created. "
                        + "Changing it issues a new server certificate but keeps the existing root.",
                options = {
                        @Option(label = "EC P-256 (recommended)", value = "EC_P256"),
                        @Option(label = "RSA 2048 (for old phones)", value = "RSA_2048") })
        KeyType keyType() default KeyType.EC_P256;
    }

    private final CertificateManager manager;
    private final ScheduledExecutorService scheduler;
    private final Object registrationLock = new Object();
    private ServiceRegistration<CertificateAuthority> registration; // guarded by registrationLock
    private long publishedGeneration; // guarded by registrationLock

    @Activate
    public CertificateAuthorityImpl(BundleContext context, Config config) throws IOException {
        this(context, config, Clock.systemUTC(), () -> LocalNames.discover(LOOKUP_TIMEOUT));
    }

    CertificateAuthorityImpl(BundleContext context, Config config, Clock clock, Supplier<SubjectNames> localNames)
            throws IOException {
        Path dir = dataDirectory(context).resolve("certs");
        manager = CertificateManager.open(new KeyStoreFiles(dir), configure(config), clock,
                new BouncyCastleProvider(), new SecureRandom(), localNames);
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "hearth-certs-renewal");
            thread.setDaemon(true);
            return thread;
        });
        try {
            scheduler.scheduleAtFixedRate(this::check, 1, 1, TimeUnit.DAYS);
            synchronized (registrationLock) {
                publishedGeneration = manager.generation();
                registration = context.registerService(CertificateAuthority.class, this, properties(publishedGeneration));
            }
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            manager.close();
            throw e;
        }
        LOG.debug("Certificate authority active in {}, server certificate generation {}", dir, publishedGeneration);
    }

    @Modified
    void modified(Config config) throws IOException {
        manager.reconfigure(configure(config));
        publish();
    }

    @Deactivate
    void deactivate() {
        synchronized (registrationLock) {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    LOG.debug("Service already unregistered");
                }
                registration = null;
            }
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.debug("Renewal thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        manager.close();
    }

    @Override
    public X509Certificate rootCertificate() {
        return manager.rootCertificate();
    }

    @Override
    public String rootFingerprint() {
        return manager.rootFingerprint();
    }

    @Override
    public ServerIdentity serverIdentity() {
        ServerIdentity identity = manager.identity();
        publish();
        return identity;
    }

    @Override
    public ServerIdentity ensureNames(Set<String> names) {
        ServerIdentity identity = manager.ensureNames(names);
        publish();
        return identity;
    }

    /** The daily check: renewal, new local addresses. Never throws, or the schedule would stop. */
    void check() {
        try {
            manager.refresh();
            publish();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Certificate check failed; will retry tomorrow", e);
        }
    }

    private static CertificateSettings configure(Config config) {
        return CertificateSettings.clamped(config.extraNames(), config.serverValidityDays(),
                config.renewalMarginDays(), config.caValidityYears(), config.keyType());
    }

    /** Sets the GENERATION property if it lags behind; serialised so an older value never wins. */
    private void publish() {
        synchronized (registrationLock) {
            long generation = manager.generation();
            if (registration == null || generation == publishedGeneration) {
                return;
            }
            publishedGeneration = generation;
            try {
                registration.setProperties(properties(generation));
                LOG.debug("Published server certificate generation {}", generation);
            } catch (IllegalStateException e) {
                LOG.debug("Service unregistered meanwhile");
            }
        }
    }

    private static Dictionary<String, Object> properties(long generation) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(GENERATION, generation);
        properties.put(Constants.SERVICE_DESCRIPTION, "Hearth local certificate authority");
        properties.put(Constants.SERVICE_PID, PID);
        return properties;
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
        LOG.warn("Framework property {} is not set; keeping certificates in the bundle's storage area {}",
                DATA_PROPERTY, area);
        return area.toPath();
    }
}
