package org.hearthsync.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line, parsed. Unknown or malformed options are an {@link IllegalArgumentException} with a plain message. */
record Options(Path dataFolder, Map<String, String> transport, Map<String, String> console, String logLevel,
        boolean resetConsolePassword, String setPasswordUser, String email, Transfer.Request transfer, boolean help,
        boolean version, boolean logFiles, String service, boolean trainingRun, boolean asService) {

    static final String USAGE = """
            Usage: hearth [options]
                   hearth service install | uninstall | status   [--data DIR]

            Starts Hearth, a personal Exchange ActiveSync server, on this computer.

              --data DIR                 data folder (configuration, state, keys). Default: $HEARTH_DATA,
                                         else ~/.local/share/hearth (Linux), ~/Library/Application Support/Hearth
                                         (macOS), %LOCALAPPDATA%\\Hearth (Windows)
              --eas-port N               port phones connect to over HTTPS (default 8443)
              --setup-port N             plain-HTTP port of the phone setup page (default 54321)
              --console-port N           port of the web console (default 54322)
              --bind ADDRESS             address the EAS and setup listeners bind to (default: all)
              --console-allow-lan        let other computers open the console (default: this computer only)
              --dav-loopback-port N      also serve CalDAV/CardDAV in plain HTTP at http://127.0.0.1:N/dav/ for
                                         programs on this computer (loopback addresses only); 0 turns it off
                                         (the default)
              --reset-console-password   make and print a new console password
              --set-password USER        create the account USER or change its password (asked for on the
                                         terminal, or read from the first line of standard input), then exit
              --email ADDRESS            with --set-password: the account's e-mail address (default USER@host)
              --export DIR               write every collection of the embedded store to DIR as .vcf/.ics
                                         files, then exit (Hearth must be stopped)
              --import PATH...           import .vcf/.ics files or folders into the embedded store, then exit
                                         (Hearth must be stopped); each item goes to the default collection
                                         of its kind unless --collection NAME names one
              --collection NAME          with --import: the collection, by name or id
              --replace                  with --import: replace items that exist (same UID) instead of skipping
              --log-level LEVEL          error, warn, info (default) or debug
              --verbose                  same as --log-level debug
              --log-files                write the log to DATA/logs/hearth.log (rotated: 5 files of 10 MB)
                                         instead of the terminal; the background service uses it
              --version                  print the version and exit
              --help                     print this text and exit

            hearth service install     starts Hearth in the background at log-in (systemd user unit on
                                       Linux, launchd agent on macOS, logon task on Windows) and now
            hearth service uninstall   stops it and removes it;  hearth service status   says which

            Port and console settings given here are saved in DATA/etc/*.cfg and kept for the next start.
            Every other setting is a configuration file in DATA/etc (see README.md). Bundles dropped into
            DATA/plugins are installed and started; deleting the file removes them.
            """;

    static Options parse(List<String> args, Map<String, String> env) {
        Path data = null;
        Map<String, String> transport = new LinkedHashMap<>();
        Map<String, String> console = new LinkedHashMap<>();
        String logLevel = "info";
        boolean reset = false;
        String setPassword = null;
        String email = null;
        Path exportDir = null;
        java.util.List<Path> imports = new java.util.ArrayList<>();
        String collection = null;
        boolean replace = false;
        boolean help = false;
        boolean version = false;
        boolean logFiles = false;
        boolean training = false;
        boolean asService = false;
        String service = null;
        if (!args.isEmpty() && args.get(0).equals("service")) {
            if (args.size() < 2 || !List.of("install", "uninstall", "status").contains(args.get(1))) {
                throw new IllegalArgumentException("service wants install, uninstall or status");
            }
            service = args.get(1);
            args = args.subList(2, args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            switch (name) {
                case "--data" -> data = Path.of(value != null ? value : next(args, ++i, name));
                case "--eas-port" -> transport.put("eas.port", port(value != null ? value : next(args, ++i, name), name));
                case "--setup-port" -> transport.put("setup.port", port(value != null ? value : next(args, ++i, name), name));
                case "--console-port" -> transport.put("console.port", port(value != null ? value : next(args, ++i, name), name));
                case "--dav-loopback-port" -> {
                    String v = value != null ? value : next(args, ++i, name);
                    transport.put("dav.loopback.port", "0".equals(v.trim()) ? "0" : port(v, name));
                }
                case "--bind" -> transport.put("bind.address", value != null ? value : next(args, ++i, name));
                case "--console-allow-lan" -> {
                    transport.put("console.allow.lan", "true");
                    console.put("allow.lan", "true");
                }
                case "--reset-console-password" -> reset = true;
                case "--set-password" -> setPassword = userName(value != null ? value : next(args, ++i, name));
                case "--email" -> email = value != null ? value : next(args, ++i, name);
                case "--export" -> exportDir = Path.of(value != null ? value : next(args, ++i, name));
                case "--import" -> {
                    imports.add(Path.of(value != null ? value : next(args, ++i, name)));
                    while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                        imports.add(Path.of(args.get(++i)));
                    }
                }
                case "--collection" -> collection = value != null ? value : next(args, ++i, name);
                case "--replace" -> replace = true;
                case "--log-level" -> logLevel = level(value != null ? value : next(args, ++i, name));
                case "--verbose", "-v" -> logLevel = "debug";
                case "--log-files" -> logFiles = true;
                // how the background service starts Hearth: the log goes to files, the console says it runs as the service
                case "--as-service" -> {
                    asService = true;
                    logFiles = true;
                }
                // package installers run it once to record the classes a start loads (the class-data archive)
                case "--training-run" -> training = true;
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                default -> throw new IllegalArgumentException("unknown option: " + a + " (try --help)");
            }
        }
        if (data == null) {
            data = defaultDataFolder(env, System.getProperty("os.name", ""), Path.of(System.getProperty("user.home", ".")));
        }
        if (email != null && setPassword == null) {
            throw new IllegalArgumentException("--email goes with --set-password");
        }
        if ((collection != null || replace) && imports.isEmpty()) {
            throw new IllegalArgumentException("--collection and --replace go with --import");
        }
        if (exportDir != null && !imports.isEmpty()) {
            throw new IllegalArgumentException("--export and --import are separate runs");
        }
        Transfer.Request transfer = exportDir != null ? Transfer.Request.export(exportDir)
                : imports.isEmpty() ? null : Transfer.Request.importing(imports, collection, replace);
        return new Options(data.toAbsolutePath().normalize(), transport, console, logLevel, reset, setPassword, email,
                transfer, help, version, logFiles, service, training, asService);
    }

    static Path defaultDataFolder(Map<String, String> env, String osName, Path home) {
        String explicit = env.get("HEARTH_DATA");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return local != null ? Path.of(local, "Hearth") : home.resolve("AppData/Local/Hearth");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Application Support/Hearth");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "hearth") : home.resolve(".local/share/hearth");
    }

    private static String next(List<String> args, int i, String name) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args.get(i);
    }

    private static String port(String v, String name) {
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 1 && p <= 65535) {
                return Integer.toString(p);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number from 1 to 65535, not '" + v + "'");
    }

    /** A user name safe to use in a configuration file name. */
    private static String userName(String v) {
        String u = v.trim();
        if (!u.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '.', '_' or '-', not '" + v + "'");
        }
        return u;
    }

    private static String level(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        if (List.of("error", "warn", "info", "debug", "trace").contains(l)) {
            return l;
        }
        throw new IllegalArgumentException("--log-level must be error, warn, info or debug, not '" + v + "'");
    }
}
