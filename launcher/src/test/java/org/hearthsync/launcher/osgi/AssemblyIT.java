package org.hearthsync.launcher.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.hearthsync.api.account.AccountRegistry;
import org.hearthsync.api.listener.Listener;
import org.hearthsync.api.listener.ListenerPorts;
import org.hearthsync.launcher.RunningHearth;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

/**
 * The full assembly, booted in a real Felix inside the test: every Hearth component comes up,
 * configuration changes re-wire components at run time, and a bundle dropped into the plugins
 * folder is installed, then removed with its file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AssemblyIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return HearthFramework.options("hearth-itest");
    }

    @Test
    public void everyHearthComponentIsActive() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (ComponentDescriptionDTO d : hearthComponents()) {
            if ("require".equals(d.configurationPolicy) && scr.getComponentConfigurationDTOs(d).isEmpty()) {
                continue; // one instance per configuration, none configured here
            }
            checked++;
            if (!awaitActive(d)) {
                problems.add(d.name + " is " + states(d));
            }
        }
        assertTrue("Hearth components not active: " + problems, problems.isEmpty());
        assertTrue("too few components found: " + checked, checked >= 8);
    }

    @Test
    public void aNewAccountConfigurationIsPickedUpAndDropped() throws Exception {
        AccountRegistry accounts = service(AccountRegistry.class);
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration("org.hearthsync.account", "itest", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("user.name", "itest-user");
        p.put("email.address", "itest@example.org");
        c.update(p);
        await("the account to appear", () -> accounts.find("itest-user").isPresent());
        assertEquals("itest@example.org", accounts.find("ITEST-USER").get().emailAddress());
        // the console's setup wizard waits for a new account by this filter (a tracker, not a poll)
        assertTrue("the account's own service carries its factory PID and user name", context.getServiceReferences((String) null,
                "(&(service.factoryPid=org.hearthsync.account)(user.name=itest-user))") != null);

        p.put("user.name", "renamed-user");
        c.update(p);
        await("the renamed account", () -> accounts.find("renamed-user").isPresent() && accounts.find("itest-user").isEmpty());

        c.delete();
        await("the account to go", () -> accounts.find("renamed-user").isEmpty());
    }

    @Test
    public void aPortChangeMovesTheConsoleListener() throws Exception {
        await("the console listener", () -> consoleEndpoint() != null);
        int newPort = RunningHearth.freePorts(1)[0];
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.hearthsync.transport", "?");
        Dictionary<String, Object> p = c.getProperties();
        p.put("console.port", Integer.toString(newPort));
        c.update(p);
        await("the console listener on port " + newPort, () -> {
            String e = consoleEndpoint();
            return e != null && e.contains(":" + newPort + "/");
        });
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", newPort)) {
            assertTrue(s.isConnected());
        }
        ListenerPorts published = service(ListenerPorts.class);
        await("the published console port " + newPort,
                () -> published.listener(Listener.Role.CONSOLE).map(Listener::port).orElse(0) == newPort);
    }

    @Test
    public void aBundleDroppedIntoPluginsIsInstalledAndRemovedWithItsFile() throws Exception {
        Path plugins = Path.of(context.getProperty("hearth.data")).resolve("plugins");
        Path jar = plugins.resolve("itest-dropin.jar");
        Path tmp = plugins.getParent().resolve("itest-dropin.jar.tmp");
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.hearthsync.itest.dropin");
        a.putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.flush();
        }
        Files.move(tmp, jar);
        await("the drop-in to be active", () -> {
            Bundle b = installedBundle("org.hearthsync.itest.dropin");
            return b != null && b.getState() == Bundle.ACTIVE;
        });
        Files.delete(jar);
        await("the drop-in to be uninstalled", () -> installedBundle("org.hearthsync.itest.dropin") == null);
    }

    private List<ComponentDescriptionDTO> hearthComponents() {
        Bundle[] ours = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.hearthsync.")
                        && !b.getSymbolicName().startsWith("org.hearthsync.itest"))
                .toArray(Bundle[]::new);
        return new ArrayList<>(scr.getComponentDescriptionDTOs(ours));
    }

    /** Delayed components activate on first use, so a satisfied one is used once before it is judged. */
    private boolean awaitActive(ComponentDescriptionDTO d) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ComponentConfigurationDTO> configs = new ArrayList<>(scr.getComponentConfigurationDTOs(d));
            if (!configs.isEmpty() && configs.stream().allMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE)) {
                return true;
            }
            if (configs.stream().anyMatch(c -> c.state == ComponentConfigurationDTO.SATISFIED) && d.serviceInterfaces.length > 0) {
                for (ServiceReference<?> r : context.getServiceReferences(d.serviceInterfaces[0],
                        "(component.name=" + d.name + ")")) {
                    context.getService(r);
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    private String states(ComponentDescriptionDTO d) {
        return scr.getComponentConfigurationDTOs(d).stream().map(c -> c.state + (c.failure != null ? " " + c.failure : "")
                + (c.unsatisfiedReferences.length > 0 ? " unsatisfied " + Arrays.stream(c.unsatisfiedReferences)
                        .map(u -> u.name).collect(Collectors.joining(",")) : ""))
                .collect(Collectors.joining("; ", "[", "]"));
    }

    private String consoleEndpoint() {
        java.util.Collection<ServiceReference<HttpServiceRuntime>> refs;
        try {
            refs = context.getServiceReferences(HttpServiceRuntime.class, "(hearth.listener=console)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (ServiceReference<HttpServiceRuntime> r : refs) {
            Object e = r.getProperty(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
            return e instanceof String[] arr ? String.join(" ", arr) : String.valueOf(e);
        }
        return null;
    }

    private Bundle installedBundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst().orElse(null);
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ServiceReference<T> r = context.getServiceReference(type);
            if (r != null) {
                T s = context.getService(r);
                if (s != null) {
                    return s;
                }
            }
            Thread.sleep(100);
        }
        fail("no " + type.getName() + " service");
        return null;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for " + what);
    }
}
