package org.hearthsync.certs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hearthsync.api.certs.CertificateAuthority;
import org.hearthsync.api.certs.ServerIdentity;
import org.hearthsync.certs.internal.Fixtures.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component against a hand-made BundleContext: registration, GENERATION updates, teardown. */
class CertificateAuthorityImplTest {

    @TempDir
    Path data;

    /** What the component did with its registration. */
    static final class Registration {
        Class<?> type;
        Object service;
        final List<Dictionary<String, ?>> properties = new ArrayList<>();
        boolean unregistered;

        Object generation() {
            return properties.get(properties.size() - 1).get(CertificateAuthority.GENERATION);
        }
    }

    private final List<Registration> registrations = new ArrayList<>();

    @Test
    void registersWithGenerationAndPublishesEveryNewCertificate() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        CertificateAuthorityImpl ca = new CertificateAuthorityImpl(context(data.toString()), config(Map.of()), clock,
                () -> Fixtures.LOCAL);
        assertEquals(1, registrations.size());
        Registration registration = registrations.get(0);
        assertSame(CertificateAuthority.class, registration.type);
        assertSame(ca, registration.service);
        assertEquals(1L, registration.generation());
        assertTrue(Files.isRegularFile(data.resolve("certs").resolve("ca-key.pem")));
        assertTrue(renewalThreadAlive(true));

        ServerIdentity identity = ca.ensureNames(Set.of("dyn.example.net"));
        assertEquals(2, identity.generation());
        assertEquals(2L, registration.generation());
        assertEquals(2, registration.properties.size());

        ca.ensureNames(Set.of("dyn.example.net")); // already covered: nothing changes
        assertEquals(2, registration.properties.size());

        ca.modified(config(Map.of("extraNames", new String[] {"configured.example.org"})));
        assertEquals(3L, registration.generation());
        assertTrue(SubjectNames.of(ca.serverIdentity().certificate()).all().containsAll(
                List.of("configured.example.org", "dyn.example.net")));

        clock.advance(Duration.ofDays(380));
        ca.check(); // what the daily task runs
        assertEquals(4L, registration.generation());
        assertEquals(ca.rootFingerprint(), org.hearthsync.certs.CertificateFormats.sha256Fingerprint(ca.rootCertificate()));

        ca.deactivate();
        assertTrue(registration.unregistered);
        assertFalse(renewalThreadAlive(false));
    }

    @Test
    void restartKeepsTheRootAndTheGeneration() throws Exception {
        CertificateAuthorityImpl first = new CertificateAuthorityImpl(context(data.toString()), config(Map.of()),
                java.time.Clock.systemUTC(), () -> Fixtures.LOCAL);
        first.ensureNames(Set.of("dyn.example.net"));
        String fingerprint = first.rootFingerprint();
        first.deactivate();

        CertificateAuthorityImpl second = new CertificateAuthorityImpl(context(data.toString()), config(Map.of()),
                java.time.Clock.systemUTC(), () -> Fixtures.LOCAL);
        assertEquals(fingerprint, second.rootFingerprint());
        assertEquals(2L, registrations.get(1).generation());
        second.deactivate();
    }

    @Test
    void fallsBackToBundleStorageWithoutTheDataProperty() throws Exception {
        CertificateAuthorityImpl ca = new CertificateAuthorityImpl(context(null), config(Map.of()),
                java.time.Clock.systemUTC(), () -> Fixtures.LOCAL);
        assertTrue(Files.isRegularFile(data.resolve("bundle-storage").resolve("certs").resolve("ca.pem")));
        assertNotNull(ca.serverIdentity());
        ca.deactivate();
    }

    /** Whether the renewal thread runs, after waiting up to 5 s for it to reach {@code expected}. */
    private static boolean renewalThreadAlive(boolean expected) throws InterruptedException {
        boolean alive = false;
        for (int i = 0; i < 50; i++) {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("hearth-certs-renewal") && t.isAlive());
            if (alive == expected) {
                break;
            }
            Thread.sleep(100);
        }
        return alive;
    }

    private BundleContext context(String dataProperty) {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "hearth.data".equals(args[0]) ? dataProperty : null;
                    case "getDataFile" -> data.resolve("bundle-storage").resolve((String) args[0]).toFile();
                    case "registerService" -> register((Class<?>) args[0], args[1], (Dictionary<String, ?>) args[2]);
                    case "toString" -> "fake BundleContext";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.toString());
                });
    }

    private ServiceRegistration<?> register(Class<?> type, Object service, Dictionary<String, ?> properties) {
        Registration registration = new Registration();
        registration.type = type;
        registration.service = service;
        registration.properties.add(properties);
        registrations.add(registration);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setProperties" -> {
                        if (registration.unregistered) {
                            throw new IllegalStateException("unregistered");
                        }
                        registration.properties.add((Dictionary<String, ?>) args[0]);
                        yield null;
                    }
                    case "unregister" -> {
                        registration.unregistered = true;
                        yield null;
                    }
                    case "toString" -> "fake ServiceRegistration";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.toString());
                });
    }

    /** The typed configuration as DS would build it: defaults unless overridden. */
    private static CertificateAuthorityImpl.Config config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return (CertificateAuthorityImpl.Config) Proxy.newProxyInstance(CertificateAuthorityImpl.Config.class.getClassLoader(),
                new Class<?>[] {CertificateAuthorityImpl.Config.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> CertificateAuthorityImpl.Config.class;
                        case "toString" -> "config";
                        case "hashCode" -> 0;
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.toString());
                    };
                });
    }
}
