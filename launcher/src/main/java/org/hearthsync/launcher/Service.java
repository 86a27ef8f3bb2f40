package org.hearthsync.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code hearth service install | uninstall | status}: Hearth started in the background when the user logs in, by the
 * operating system's own per-user service manager, so no terminal has to stay open and nothing runs as root.
 * <ul>
 * <li>Linux: a systemd user unit, {@code ~/.config/systemd/user/hearth.service}, enabled and started with
 * {@code systemctl --user} (it starts at boot without a log-in once {@code loginctl enable-linger} is set).</li>
 * <li>macOS: a launchd agent, {@code ~/Library/LaunchAgents/org.hearthsync.hearth.plist}, loaded with launchctl.</li>
 * <li>Windows: a scheduled task run at the user's log-on ({@code schtasks /SC ONLOGON}), which needs no
 * administrator rights, unlike a Windows service.</li>
 * </ul>
 * The service runs the same command as the user (the packaged launcher, or java -jar in a development tree) with
 * {@code --as-service}: the log goes to {@code DATA/logs/} with rotation, and the console shows that it runs as
 * the service.
 */
final class Service {
    static final String SYSTEMD_UNIT = "hearth.service";
    static final String LAUNCHD_LABEL = "org.hearthsync.hearth";
    static final String WINDOWS_TASK = "Hearth";

    enum Kind {
        SYSTEMD("systemd user unit"), LAUNCHD("launchd agent"), SCHTASKS("logon task");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        static Kind of(String osName) {
            String os = osName.toLowerCase(Locale.ROOT);
            return os.contains("win") ? SCHTASKS : os.contains("mac") ? LAUNCHD : SYSTEMD;
        }
    }

    /** Runs a command of the service manager; its output goes to the user. */
    interface Commands {
        int run(List<String> command) throws IOException, InterruptedException;
    }

    private final Kind kind;
    private final Path home;
    private final List<String> command;
    private final Commands commands;
    private final PrintStream out;
    private final PrintStream err;
    private final Path passwordFile;

    Service(Kind kind, Path home, List<String> command, Commands commands, PrintStream out, PrintStream err, Path passwordFile) {
        this.passwordFile = passwordFile;
        this.kind = kind;
        this.home = home;
        this.command = List.copyOf(command);
        this.commands = commands;
        this.out = out;
        this.err = err;
    }

    static Service forThisMachine(Path data, PrintStream out, PrintStream err) {
        return new Service(Kind.of(System.getProperty("os.name", "")), home(), launchCommand(data), Service::runInherited, out, err,
                Main.consolePasswordFile(data));
    }

    /**
     * The user's home as systemctl --user and launchctl see it: $HOME where set (Java's user.home comes from the
     * password database and ignores it), else user.home.
     */
    static Path home() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() && !System.getProperty("os.name", "").startsWith("Windows")
                ? home : System.getProperty("user.home", "."));
    }

    /** Where the service definition lives for this kind (the console shows it, install writes it). */
    static Path definitionFile(Kind kind, Path home) {
        return switch (kind) {
            case SYSTEMD -> home.resolve(".config/systemd/user").resolve(SYSTEMD_UNIT);
            case LAUNCHD -> home.resolve("Library/LaunchAgents").resolve(LAUNCHD_LABEL + ".plist");
            // schtasks keeps the task itself; this copy of the command line tells the console it is installed
            case SCHTASKS -> home.resolve("AppData/Local/Hearth-service.txt");
        };
    }

    Path definitionFile() {
        return definitionFile(kind, home);
    }

    /**
     * The command that starts this Hearth: the packaged launcher when there is one (jpackage names it in
     * {@code jpackage.app-path}), else the same java with the same JVM options and hearth.jar.
     */
    static List<String> launchCommand(Path data) {
        List<String> cmd = new ArrayList<>();
        String app = System.getProperty("jpackage.app-path");
        if (app != null) {
            cmd.add(app);
        } else {
            cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("-jar");
            cmd.add(Main.installFolder().resolve("hearth.jar").toString());
        }
        cmd.addAll(List.of("--as-service", "--data", data.toString()));
        return cmd;
    }

    int run(String action) {
        try {
            return switch (action) {
                case "install" -> install();
                case "uninstall" -> uninstall();
                default -> status();
            };
        } catch (IOException e) {
            err.println("hearth: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    int install() throws IOException, InterruptedException {
        Path file = definitionFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, definition(), StandardCharsets.UTF_8);
        out.println("Wrote the " + kind.label + " " + file);
        int rc = switch (kind) {
            case SYSTEMD -> firstFailure(List.of("systemctl", "--user", "daemon-reload"),
                    List.of("systemctl", "--user", "enable", "--now", SYSTEMD_UNIT));
            case LAUNCHD -> commands.run(List.of("launchctl", "load", "-w", file.toString()));
            case SCHTASKS -> firstFailure(List.of("schtasks", "/Create", "/F", "/TN", WINDOWS_TASK, "/SC", "ONLOGON",
                    "/RL", "LIMITED", "/TR", windowsCommandLine(command)), List.of("schtasks", "/Run", "/TN", WINDOWS_TASK));
        };
        if (rc != 0) {
            err.println("hearth: the " + kind.label + " is written but could not be started (see above)");
            return 1;
        }
        out.println("Hearth runs in the background now and starts when you log in.");
        if (kind == Kind.SYSTEMD) {
            out.println("To start it at boot, before you log in: loginctl enable-linger " + System.getProperty("user.name"));
        }
        out.println("hearth service status shows the console's first password once the service has made it.");
        return 0;
    }

    int uninstall() throws IOException, InterruptedException {
        Path file = definitionFile();
        // stop first, so no Hearth is left running without its service; failures here mean it was not running
        switch (kind) {
            case SYSTEMD -> commands.run(List.of("systemctl", "--user", "disable", "--now", SYSTEMD_UNIT));
            case LAUNCHD -> commands.run(List.of("launchctl", "unload", "-w", file.toString()));
            case SCHTASKS -> {
                commands.run(List.of("schtasks", "/End", "/TN", WINDOWS_TASK));
                commands.run(List.of("schtasks", "/Delete", "/F", "/TN", WINDOWS_TASK));
            }
        }
        boolean removed = Files.deleteIfExists(file);
        if (kind == Kind.SYSTEMD) {
            commands.run(List.of("systemctl", "--user", "daemon-reload"));
        }
        out.println(removed ? "Removed the " + kind.label + " " + file : "No " + kind.label + " was installed (" + file + ")");
        return 0;
    }

    int status() throws IOException, InterruptedException {
        Path file = definitionFile();
        showFirstPassword();
        if (!Files.exists(file)) {
            out.println("not installed (" + kind.label + " " + file + "); hearth service install installs it");
            return 3;
        }
        out.println("installed: " + kind.label + " " + file);
        int rc = switch (kind) {
            case SYSTEMD -> commands.run(List.of("systemctl", "--user", "is-active", SYSTEMD_UNIT));
            case LAUNCHD -> commands.run(List.of("launchctl", "list", LAUNCHD_LABEL));
            case SCHTASKS -> commands.run(List.of("schtasks", "/Query", "/TN", WINDOWS_TASK));
        };
        return rc == 0 ? 0 : 3;
    }

    /** The service's log never holds the console password; the user who runs this command may read it (once). */
    private void showFirstPassword() throws IOException {
        if (!Files.isReadable(passwordFile)) {
            return;
        }
        String password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("password: ")).map(l -> l.substring(10).strip()).findFirst().orElse(null);
        if (password != null) {
            out.println("Console sign-in (until it is first used; then " + passwordFile + " is deleted): user admin, password "
                    + password);
        }
    }

    private int firstFailure(List<String> first, List<String> second) throws IOException, InterruptedException {
        int rc = commands.run(first);
        return rc != 0 ? rc : commands.run(second);
    }

    String definition() {
        return switch (kind) {
            case SYSTEMD -> systemdUnit(command);
            case LAUNCHD -> launchdPlist(command);
            case SCHTASKS -> windowsCommandLine(command) + System.lineSeparator();
        };
    }

    static String systemdUnit(List<String> command) {
        return """
                [Unit]
                Description=Hearth, personal Exchange ActiveSync server
                Documentation=https://hearthsync.org
                # no network-online.target: a user manager has none; Hearth follows address changes by itself

                [Service]
                Type=simple
                ExecStart=%s
                # SIGTERM: Hearth closes its listeners, saves its state and exits (143 = 128 + SIGTERM)
                KillSignal=SIGTERM
                SuccessExitStatus=143
                TimeoutStopSec=45
                Restart=on-failure
                RestartSec=10
                # the log is in DATA/logs (rotated); the journal gets only what comes before it is opened
                StandardOutput=journal
                StandardError=journal

                [Install]
                WantedBy=default.target
                """.formatted(command.stream().map(Service::systemdQuote).collect(Collectors.joining(" ")));
    }

    /** One ExecStart word: systemd splits on blanks, reads C escapes in quotes, expands % specifiers and $ variables. */
    static String systemdQuote(String word) {
        String escaped = word.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$");
        return "\"" + escaped + "\"";
    }

    static String launchdPlist(List<String> command) {
        String args = command.stream().map(a -> "    <string>" + xml(a) + "</string>").collect(Collectors.joining("\n"));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>Label</key><string>%s</string>
                  <key>ProgramArguments</key>
                  <array>
                %s
                  </array>
                  <key>RunAtLoad</key><true/>
                  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>
                  <key>ProcessType</key><string>Background</string>
                </dict>
                </plist>
                """.formatted(LAUNCHD_LABEL, args);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The /TR command line: every word in double quotes (Windows paths often hold blanks). */
    static String windowsCommandLine(List<String> command) {
        return command.stream().map(w -> "\"" + w.replace("\"", "\\\"") + "\"").collect(Collectors.joining(" "));
    }

    private static int runInherited(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return 124;
        }
        return p.exitValue();
    }
}
