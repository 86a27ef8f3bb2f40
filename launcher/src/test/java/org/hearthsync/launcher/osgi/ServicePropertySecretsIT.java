package org.hearthsync.launcher.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.ddns.DnsProvider;
import org.hearthsync.api.store.PimStore;
import org.hearthsync.auth.PasswordHash;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The full assembly with accounts (one written as this version writes it, one as older versions did, in a file
 * dropped into {@code etc/}), every DNS provider and a CalDAV/CardDAV store configured with secrets, and the public
 * listener serving HTTPS with the TLS key store's password: no property of
 * any registered service holds a secret (service properties are readable by every bundle and listed by the shell
 * and the web console), the account of the older version signs in, and its file is rewritten under the private name.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServicePropertySecretsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Nothing listens on the discard port here: the providers' update calls fail at once, never leave the machine. */
    private static final String NOWHERE = "http://127.0.0.1:9/";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return HearthFramework.options("hearth-secrets-itest");
    }

    @Test
    public void noServicePropertyHoldsASecret() throws Exception {
        Path etc = Path.of(context.getProperty("hearth.data")).resolve("etc");
        String freshHash = PasswordHash.hash("fresh pass phrase".toCharArray());
        String elderHash = PasswordHash.hash("elder pass phrase".toCharArray());
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("fresh account's hash", freshHash);
        secrets.put("older version's account hash", elderHash);

        Dictionary<String, Object> updater = new Hashtable<>();
        updater.put("check.ipv4.urls", new String[] { NOWHERE });
        updater.put("check.ipv6.urls", new String[] { NOWHERE });
        configAdmin.getConfiguration("org.hearthsync.ddns", "?").update(updater);

        factory("org.hearthsync.account", "fresh", Map.of("user.name", "fresh", ".password.hash", freshHash));
        // as an older version wrote it, in the file FileInstall feeds to Configuration Admin
        Path elderFile = etc.resolve("org.hearthsync.account-elder.cfg");
        Files.writeString(elderFile, "user.name = elder\nemail.address = elder@hearth.test\npassword.hash = " + elderHash + "\n");

        for (String provider : List.of("duckdns", "desec", "twodns")) {
            String token = provider + "-token-" + Long.toHexString(System.nanoTime());
            secrets.put(provider + " token", token);
            factory("org.hearthsync.ddns." + provider, "s", Map.of("hostname", "home." + provider + ".test", "username", "me",
                    ".token", token, "base.url", NOWHERE));
        }
        for (String provider : List.of("noip", "dynu", "dnsdynamic")) {
            String password = provider + "-password-" + Long.toHexString(System.nanoTime());
            secrets.put(provider + " password", password);
            factory("org.hearthsync.ddns." + provider, "s", Map.of("hostname", "home." + provider + ".test", "username", "me",
                    ".password", password, "base.url", NOWHERE));
        }
        String customToken = "custom-url-token-" + Long.toHexString(System.nanoTime());
        String customPassword = "custom-password-" + Long.toHexString(System.nanoTime());
        secrets.put("custom update URL token", customToken);
        secrets.put("custom password", customPassword);
        factory("org.hearthsync.ddns.custom", "s", Map.of("hostname", "home.custom.test", "username", "me",
                ".update.url", NOWHERE + "update?token=" + customToken + "&ip={ip}", ".password", customPassword));
        String davPassword = "dav-password-" + Long.toHexString(System.nanoTime());
        secrets.put("DAV store password", davPassword);
        factory("org.hearthsync.store.dav", "s", Map.of("store.name", "secretdav", "url", NOWHERE, "user", "me",
                ".password", davPassword));

        AccountRegistry accounts = service(AccountRegistry.class);
        await("both accounts", () -> accounts.find("fresh").isPresent() && accounts.find("elder").isPresent());
        await("the 7 DNS providers", () -> count(DnsProvider.class, "(" + DnsProvider.PROVIDER + "=*)") >= 7);
        await("the DAV store", () -> count(PimStore.class, "(store.name=secretdav)") == 1);
        // the TLS key store's password goes to Felix HTTP through Configuration Admin, whose configuration Felix
        // copies in part onto the HTTP runtime's service: checked once the public listener serves HTTPS with it
        Path keyStorePassword = Path.of(context.getProperty("hearth.data")).resolve("certs").resolve("server.p12.password");
        await("the public listener on HTTPS", () -> Files.isRegularFile(keyStorePassword)
                && count(null, "(&(hearth.listener=public)(org.apache.felix.https.enable=true))") > 0);
        String tlsPassword = Files.readString(keyStorePassword, java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue("a random password of 256 bits", tlsPassword.length() >= 32);
        secrets.put("TLS key store password", tlsPassword);

        // an older version's account may show its hash until it is rewritten, a moment after it is read
        List<String> leaks = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            leaks = leaks(secrets);
        } while (!leaks.isEmpty() && System.nanoTime() < deadline && sleep());
        assertTrue("service properties, readable by any bundle, hold secrets:\n" + String.join("\n", leaks), leaks.isEmpty());

        // the older version's account moved to the private name, in Configuration Admin and in its file, and signs in
        await("the older version's hash to move to .password.hash", () -> {
            try {
                org.osgi.service.cm.Configuration[] c = configAdmin.listConfigurations("(user.name=elder)");
                return c != null && c[0].getProperties().get("password.hash") == null
                        && elderHash.equals(c[0].getProperties().get(".password.hash"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("FileInstall to write the rewrite back to " + elderFile, () -> {
            Properties p = load(elderFile);
            return p.getProperty("password.hash") == null && elderHash.equals(p.getProperty(".password.hash"));
        });
        assertTrue(accounts.authenticate("elder", "elder pass phrase".toCharArray()).isPresent());
        assertTrue(accounts.authenticate("fresh", "fresh pass phrase".toCharArray()).isPresent());
        assertTrue(leaks(secrets).isEmpty());
        // the check sees what it is meant to see: the accounts' and providers' other settings are there
        assertNotNull(find("user.name", "elder"));
        assertNotNull(find("hostname", "home.duckdns.test"));
        assertNotNull(find("org.apache.felix.http.name", "public"));
        assertEquals(0, count(null, "(password.hash=*)"));
    }

    private void factory(String factoryPid, String name, Map<String, String> values) throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        c.update(new Hashtable<>(values));
    }

    /** Every property of every registered service (arrays and collections element by element) holding a secret. */
    private List<String> leaks(Map<String, String> secrets) throws Exception {
        List<String> out = new ArrayList<>();
        for (ServiceReference<?> ref : context.getAllServiceReferences(null, null)) {
            for (String key : ref.getPropertyKeys()) {
                String value = text(ref.getProperty(key));
                secrets.forEach((what, secret) -> {
                    if (value.contains(secret)) {
                        out.add(what + " in " + key + " of " + Arrays.toString((String[]) ref.getProperty(Constants.OBJECTCLASS))
                                + " (" + ref.getProperty(Constants.SERVICE_PID) + ")");
                    }
                });
            }
        }
        return out;
    }

    private ServiceReference<?> find(String key, String value) throws Exception {
        for (ServiceReference<?> ref : context.getAllServiceReferences(null, null)) {
            if (value.equals(ref.getProperty(key))) {
                return ref;
            }
        }
        return null;
    }

    private static String text(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value instanceof Collection<?> c) {
            return c.toString();
        }
        if (value != null && value.getClass().isArray()) {
            return String.valueOf(value); // primitive arrays hold no text
        }
        return String.valueOf(value);
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    private int count(Class<?> type, String filter) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(type == null ? null : type.getName(), filter);
            return refs == null ? 0 : refs.length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T service(Class<T> type) throws Exception {
        await(type.getSimpleName(), () -> context.getServiceReference(type) != null);
        return context.getService(context.getServiceReference(type));
    }

    private static boolean sleep() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + WAIT);
            }
            Thread.sleep(100);
        }
    }
}
