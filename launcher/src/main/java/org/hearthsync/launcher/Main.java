package org.hearthsync.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code hearth}: parses the command line, prepares the data folder and runs the OSGi framework until stopped. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("hearth: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return 0;
        }
        if (options.version()) {
            out.println("Hearth " + version());
            return 0;
        }
        if (options.service() != null) {
            return Service.forThisMachine(options.dataFolder(), out, err).run(options.service());
        }
        if (options.trainingRun()) {
            try {
                options = TrainingRun.options(options);
            } catch (IOException e) {
                err.println("hearth: " + e.getMessage());
                return 1;
            }
        }
        Path install;
        try {
            if (options.transfer() != null) {
                // The store logs through SLF4J; there is no log to write to outside the framework, and no provider
                // may sit on the launcher's class path (the framework's bundles would find it and reject it).
                System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
                int code = new Transfer(options.dataFolder(), out, err).run(options.transfer());
                PrivateFolder.secure(options.dataFolder(), err); // an import wrote store files
                return code;
            }
            if (options.setPasswordUser() != null) {
                prepare(options, err);
                return new AccountPassword(options.dataFolder().resolve("etc"), out, err)
                        .set(options.setPasswordUser(), options.email(), System.console(), System.in);
            }
            install = installFolder();
            prepare(options, err);
        } catch (IOException | IllegalStateException e) {
            err.println("hearth: " + e.getMessage());
            return 1;
        }
        PrivateFolder watch;
        try {
            watch = PrivateFolder.watch(options.dataFolder(), err);
        } catch (IOException e) {
            // the start already made everything private; only files made while running could stay readable
            err.println("hearth: cannot watch the data folder to keep new files private: " + e.getMessage());
            watch = null;
        }
        // TLS policy for the whole JVM: clients may not start a renegotiation (cheap for them, costly for
        // us); the JDK reads it at the first TLS handshake, so it is set before the framework starts
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
        fastKeyStores();
        if (options.logFiles()) {
            try {
                // everything the server prints, the bundles' log included (slf4j-simple writes to System.err)
                RotatingLog log = new RotatingLog(options.dataFolder().resolve("logs"), RotatingLog.MAX_BYTES, RotatingLog.FILES);
                PrintStream logStream = new PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8);
                out.println("Hearth logs to " + log.current());
                out.flush();
                System.setOut(logStream);
                System.setErr(logStream);
                out = logStream;
                err = logStream;
            } catch (IOException e) {
                closeQuietly(watch);
                err.println("hearth: cannot write the log: " + e.getMessage());
                return 1;
            }
        }
        try {
            int rc = new FrameworkRunner(install, options, out, err).run();
            if (options.trainingRun()) {
                TrainingRun.deleteData(options.dataFolder());
            }
            return rc;
        } finally {
            closeQuietly(watch);
        }
    }

    /**
     * The PKCS#12 files Hearth writes (the server key store, the ACME certificate's) are locked with a random
     * 256-bit password kept beside them: stretching that password makes it no harder to guess, but the JDK's default
     * of 10,000 rounds for the MAC, the certificates and the key is paid at every load, and a start loads the server
     * key store three times (the certificate manager, Jetty's key store and its trust store): a third of the CPU
     * time before the EAS port answers (JFR, BENCHMARK.md). The JDK reads these when it writes a new store; a store
     * written with other counts keeps its own until it is written again (the next certificate). Set here, for the
     * JVM, because the JDK offers no per-store setting for the MAC and certificate protection.
     */
    static void fastKeyStores() {
        for (String p : List.of("keystore.pkcs12.certPbeIterationCount", "keystore.pkcs12.keyPbeIterationCount",
                "keystore.pkcs12.macIterationCount")) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "1");
            }
        }
    }

    private static void closeQuietly(PrivateFolder watch) {
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                // stopping anyway
            }
        }
    }

    static final String CONSOLE_MANAGER_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";

    private static void prepare(Options options, PrintStream err) throws IOException {
        Path data = options.dataFolder();
        if (!Files.exists(data)) {
            Files.createDirectories(data);
        }
        Files.createDirectories(data.resolve("etc"));
        Files.createDirectories(data.resolve("plugins"));
        // the folder holds password hashes, private keys and the user's data: owner only, whether it is new or
        // was made by an older Hearth, a backup restore or by hand
        PrivateFolder.secure(data, err);
        ConfigFiles etc = new ConfigFiles(data.resolve("etc"));
        // always present, so the listeners start on the saved ports and never on defaults first
        etc.merge("org.hearthsync.transport", options.transport(), true);
        etc.merge("org.hearthsync.console", options.console(), false);
        // the console opens on Hearth's own page, not the framework's bundle list (the user may choose another)
        etc.merge(CONSOLE_MANAGER_PID, Map.of("default.render", "hearth"), true, "default.render");
        // secrets that older versions saved under public names, which DS copies into service properties any bundle
        // can read: moved to the private (dot) names before the framework reads the files
        etc.rename("org.hearthsync.account-", "password.hash", ".password.hash");
        etc.rename("org.hearthsync.store.dav-", "password", ".password");
        Path adminHash = data.resolve("console").resolve("admin.pwd");
        if (options.resetConsolePassword()) {
            Files.deleteIfExists(adminHash);
        }
        if (!Files.exists(adminHash)) {
            // a password nobody can sign in with any more; the console makes a new one
            Files.deleteIfExists(consolePasswordFile(data));
        }
    }

    /**
     * Where a new console password goes when Hearth runs as the service (or with its log in files): what is printed
     * goes into the log, which must never hold a secret, so the console writes the password to this owner-only file,
     * the log names it, {@code hearth service status} shows it, and the first sign-in deletes it.
     */
    static Path consolePasswordFile(Path data) {
        return data.resolve("console").resolve("first-password.txt");
    }

    /** The folder holding hearth.jar, lib/ and bundles/. */
    static Path installFolder() {
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path folder = Files.isDirectory(jar) ? jar : jar.getParent();
            if (!Files.isDirectory(folder.resolve("bundles"))) {
                throw new IllegalStateException("no bundles/ folder beside " + jar + "; run hearth from its distribution");
            }
            return folder;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the Hearth installation", e);
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development)";
    }
}
