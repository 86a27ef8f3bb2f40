package org.hearthsync.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Boots Felix with the bundles of the resolved assembly, runs it until it stops or the JVM is
 * asked to (Ctrl-C, SIGTERM), and then stops it cleanly: every bundle's deactivate runs, so
 * listeners close and port mappings are removed.
 */
final class FrameworkRunner {
    /**
     * Logging comes up first, so no bundle falls back to SLF4J's no-operation logger; EventAdmin too, so it
     * stops last and no component's last event meets a stopped EventAdmin on the way down.
     */
    static final Set<String> FIRST = Set.of("slf4j.api", "slf4j.simple", "org.apache.felix.eventadmin");
    static final int FIRST_LEVEL = 1;
    static final int REST_LEVEL = 2;
    /**
     * Where ConfigAdmin (felix.cm.dir) keeps the configurations of Felix HTTP's Jetty instances: PID
     * org.apache.felix.http and its named factory instances org.apache.felix.http~NAME, '~' written as %007e.
     */
    static final String JETTY_CONFIG_FOLDER = "org/apache/felix";
    static final java.util.regex.Pattern JETTY_CONFIG_FILE = java.util.regex.Pattern.compile("http(%007e[^/]*)?\\.config");
    static final long STOP_TIMEOUT_MS = 30_000;

    private final Path install;
    private final Options options;
    private final PrintStream out;
    private final PrintStream err;

    FrameworkRunner(Path install, Options options, PrintStream out, PrintStream err) {
        this.install = install;
        this.options = options;
        this.out = out;
        this.err = err;
    }

    int run() {
        configureLogging(options.logLevel());
        BundleCache cache = new BundleCache(options.dataFolder().resolve("cache"), install);
        Map<String, String> properties = frameworkProperties();
        if (cache.reusable()) {
            properties.remove(Constants.FRAMEWORK_STORAGE_CLEAN);
        }
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(properties);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(framework, stopped), "hearth-shutdown");
        try {
            if (!listenersSettled(cache)) {
                forgetListenerConfigurations(err);
            }
            framework.init();
            installBundles(framework.getBundleContext());
            Runtime.getRuntime().addShutdownHook(hook);
            framework.start();
            framework.adapt(FrameworkStartLevel.class).setStartLevel(REST_LEVEL);
            if (options.trainingRun()) {
                TrainingRun.stopWhenServing(framework, Integer.parseInt(options.transport().get("eas.port")), err);
            }
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() == FrameworkEvent.ERROR) {
                err.println("hearth: the framework stopped with an error: " + event.getThrowable());
                return 1;
            }
            if (event.getType() == FrameworkEvent.STOPPED) {
                cache.stoppedCleanly();
            }
            return 0;
        } catch (BundleException | IOException e) {
            err.println("hearth: cannot start: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            stopped.countDown();
        }
    }

    private void stop(Framework framework, CountDownLatch stopped) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
                framework.waitForStop(STOP_TIMEOUT_MS);
            }
            stopped.await();
            out.println("Hearth stopped.");
            out.flush();
        } catch (BundleException e) {
            err.println("hearth: stopping failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Map<String, String> frameworkProperties() {
        Path data = options.dataFolder();
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, data.resolve("cache").resolve("framework").toString());
        // bundles come from the distribution on every start, so an upgrade never runs stale code
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(FIRST_LEVEL));
        p.put("felix.log.level", "1");
        p.put("hearth.data", data.toString());
        if (options.logFiles() || options.trainingRun()) {
            // printed, the console's first password would land in the log (or the installer's log for a training run)
            p.put("hearth.console.password.file", Main.consolePasswordFile(data).toString());
        }
        // the console's status page says whether the background service is installed and whether this is it
        Service.Kind service = Service.Kind.of(System.getProperty("os.name", ""));
        p.put("hearth.service.kind", service.label);
        p.put("hearth.service.file", Service.definitionFile(service, Service.home()).toString());
        p.put("hearth.service.running", Boolean.toString(options.asService()));
        p.put("felix.cm.dir", data.resolve("config").toString());
        p.put("felix.fileinstall.dir", data.resolve("plugins") + "," + data.resolve("etc"));
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.enableConfigSave", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.tmpdir", data.resolve("cache").resolve("fileinstall").toString());
        // Nothing listens until Hearth's transport has written the listener configuration.
        p.put("org.apache.felix.http.enable", "false");
        p.put("org.apache.felix.https.enable", "false");
        // The console answers nothing until Hearth's security provider (loopback + password) is there.
        p.put("felix.webconsole.security.providers", "hearth");
        p.put("felix.webconsole.username", "admin");
        p.put("felix.webconsole.password", "{sha-256}" + "unusable-until-hearth-security-provider-is-registered");
        return p;
    }

    /**
     * Whether the Jetty configurations saved by the last run are the ones the transport writes at this start: that run
     * stopped cleanly with these bundles after the transport's settings file was last written (by the launcher's
     * merge of the command line, FileInstall or a person).
     */
    private boolean listenersSettled(BundleCache cache) {
        if (cache.lastStop() < 0) {
            return false;
        }
        try {
            Path settings = options.dataFolder().resolve("etc").resolve("org.hearthsync.transport.cfg");
            return Files.getLastModifiedTime(settings).toMillis() < cache.lastStop();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes the saved Jetty configurations, which may be stale (other ports on the command line, a changed settings
     * file, a run that did not stop cleanly). Felix HTTP, started with the other bundles, used to bring its Jetty
     * instances up on them and restart the instances as soon as the transport's listener configurator wrote the
     * configuration in force: Felix HTTP 1.1.8 unregisters an instance's HttpServiceRuntime before it closes that
     * instance's whiteboard trackers, and a Hearth servlet or filter that SCR registered in that gap made Felix log a
     * NullPointerException ("EventDispatcher: Error during dispatch"). Without them, Felix HTTP still starts (and
     * loads its classes) with the other bundles, but no instance listens until the configurator has written the
     * configuration (the framework properties keep HTTP and HTTPS off), and each instance starts once. The
     * configurator owns these configurations and writes all of them at every start. When they still hold, they are
     * kept: the instances start at once on them and nothing restarts them.
     */
    private void forgetListenerConfigurations(PrintStream warnings) {
        Path folder = options.dataFolder().resolve("config").resolve(JETTY_CONFIG_FOLDER);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder,
                f -> JETTY_CONFIG_FILE.matcher(f.getFileName().toString()).matches())) {
            for (Path f : files) {
                Files.delete(f);
            }
        } catch (IOException e) {
            // the listeners still start, on the saved configuration first and then restarted on the new one
            warnings.println("hearth: cannot remove the saved listener configuration: " + e.getMessage());
        }
    }

    private void installBundles(BundleContext context) throws IOException, BundleException {
        List<Bundle> installed = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(install.resolve("bundles"), "*.jar")) {
            for (Path jar : jars) {
                Bundle b;
                try (InputStream in = Files.newInputStream(jar)) {
                    b = context.installBundle(jar.toUri().toString(), in);
                }
                installed.add(b);
            }
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            b.adapt(BundleStartLevel.class).setStartLevel(FIRST.contains(b.getSymbolicName()) ? FIRST_LEVEL : REST_LEVEL);
            b.start(Bundle.START_ACTIVATION_POLICY);
        }
    }

    /** Held so the level set on it survives garbage collection of java.util.logging's weak references. */
    private static final java.util.logging.Logger SPIFLY_JUL = java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    private static void configureLogging(String level) {
        // SPI Fly reports every provider it wires at INFO through java.util.logging
        SPIFLY_JUL.setLevel("debug".equals(level) ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        // Felix HTTP warns "Jetty not started" while the launcher keeps it closed until Hearth configures it
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.felix.http", "debug".equals(level) ? "info" : "error");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "debug".equals(level) ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.hearthsync", level);
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
