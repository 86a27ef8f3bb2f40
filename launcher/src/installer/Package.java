import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Builds Hearth's installable package with the JDK's own tools (run by the launcher's {@code installer} profile as
 * a single-file program, so it works the same on Linux, macOS and Windows):
 * <ol>
 * <li>jlink: a Java runtime of only the modules Hearth's bundles use (see MODULES), with its class-data archive;</li>
 * <li>jpackage --type app-image: the native {@code hearth} launcher, the runtime, and the distribution in lib/app;</li>
 * <li>jpackage: from that image, a .deb (and an .rpm where rpmbuild exists) on Linux, a .pkg on macOS, an .msi on
 * Windows (WiX 3 on the PATH).</li>
 * </ol>
 * Arguments: the distribution folder (target/hearth), the output folder (target), the version.
 */
public class Package {
    /**
     * jdeps --print-module-deps over hearth.jar, lib/ and bundles/ gives java.base, java.desktop (javax.imageio for
     * contact photos, java.beans in Jetty), java.logging, java.management, java.management.rmi and java.security.jgss
     * (Jetty), java.naming, java.net.http, java.sql, java.xml. Added because code reaches them by name (security
     * providers, charsets, reflection), where jdeps cannot see it: jdk.crypto.ec (EC keys of the certificates and TLS
     * in Java 17), jdk.unsupported (sun.misc.Unsafe), jdk.zipfs, jdk.charsets (vCards from old phones in legacy
     * character sets), jdk.naming.dns. Left out: jdk.localedata (dates are written in fixed formats). PackageIT runs
     * the server on this runtime; removing any one of the added modules was not tried.
     */
    static final String MODULES = "java.base,java.desktop,java.logging,java.management,java.management.rmi,"
            + "java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,"
            + "jdk.charsets,jdk.naming.dns";

    /**
     * JVM options of the installed launcher, for a long-running, mostly idle service on a home computer: see
     * launcher/BENCHMARK-memory.md for how they were chosen and what they give.
     */
    static final List<String> JAVA_OPTIONS = List.of(
            "-XX:SharedArchiveFile=$APPDIR/hearth.jsa", "-Xshare:auto",
            "-XX:+UseSerialGC", "-Xms16m", "-Xmx192m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=48m", "-XX:TieredStopAtLevel=1",
            "-Xss512k", "-XX:+ExitOnOutOfMemoryError");

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args[0]).toAbsolutePath();
        Path target = Path.of(args[1]).toAbsolutePath();
        // package versions are numbers only: 0.1.0-SNAPSHOT -> 0.1.0
        String version = args[2].replaceAll("[^0-9.].*$", "");
        Path resources = Path.of(args.length > 3 ? args[3] : "src/installer").toAbsolutePath();
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        Path work = target.resolve("installer");
        delete(work);
        Files.createDirectories(work);
        Path bin = Path.of(System.getProperty("java.home"), "bin");

        // no --compress: classes inflated from a compressed jimage at every start cost start-up time, and the package
        // format compresses the files anyway
        Path runtime = work.resolve("runtime");
        run(List.of(tool(bin, "jlink"), "--add-modules", MODULES, "--strip-debug", "--no-header-files",
                "--no-man-pages", "--generate-cds-archive", "--output", runtime.toString()));

        // jpackage puts every jar of --input on the class path, which would hand the bundles' classes to the launcher's
        // class loader; the input is hearth.jar alone, and lib/ (its Class-Path) and bundles/ are copied beside it
        Path input = work.resolve("input");
        Files.createDirectories(input);
        Files.copy(dist.resolve("hearth.jar"), input.resolve("hearth.jar"));
        List<String> image = new ArrayList<>(List.of(tool(bin, "jpackage"), "--type", "app-image", "--name", "hearth",
                "--input", input.toString(), "--main-jar", "hearth.jar", "--main-class", "org.hearthsync.launcher.Main",
                "--runtime-image", runtime.toString(), "--app-version", version, "--vendor", "Hearth",
                "--description", "Hearth, a personal Exchange ActiveSync server", "--dest", work.resolve("image").toString()));
        for (String o : JAVA_OPTIONS) {
            image.add("--java-options");
            image.add(o);
        }
        run(image);
        Path app = work.resolve("image").resolve(os.contains("mac") ? "hearth.app" : "hearth");
        Path appDir = os.contains("mac") ? app.resolve("Contents/app") : os.contains("win") ? app.resolve("app") : app.resolve("lib/app");
        copyTree(dist.resolve("lib"), appDir.resolve("lib"));
        copyTree(dist.resolve("bundles"), appDir.resolve("bundles"));

        List<String> types = new ArrayList<>();
        if (os.contains("win")) {
            types.add("msi");
        } else if (os.contains("mac")) {
            types.add("pkg");
        } else {
            types.add("deb");
            if (onPath("rpmbuild")) {
                types.add("rpm");
            }
        }
        if (Boolean.getBoolean("hearth.installer.imageOnly")) {
            return;
        }
        for (String type : types) {
            List<String> pkg = new ArrayList<>(List.of(tool(bin, "jpackage"), "--type", type, "--name", "hearth",
                    "--app-image", app.toString(), "--app-version", version, "--vendor", "Hearth",
                    "--description", "Hearth, a personal Exchange ActiveSync server", "--dest", target.toString()));
            switch (type) {
                case "deb" -> pkg.addAll(List.of("--linux-deb-maintainer", "hearth@hearthsync.org", "--linux-app-category", "net",
                        "--resource-dir", resources.resolve("linux").toString()));
                case "rpm" -> pkg.addAll(List.of("--linux-rpm-license-type", "ASL 2.0", "--linux-app-category", "Applications/Internet"));
                case "msi" -> pkg.addAll(List.of("--win-per-user-install", "--win-dir-chooser", "--win-menu"));
                default -> {
                }
            }
            run(pkg);
        }
    }

    static String tool(Path bin, String name) {
        Path exe = bin.resolve(System.getProperty("os.name").startsWith("Windows") ? name + ".exe" : name);
        return Files.exists(exe) ? exe.toString() : name;
    }

    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, name)));
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        System.out.println("installer: " + String.join(" ", command));
        int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(command.get(0) + " failed with exit code " + rc);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }
}
