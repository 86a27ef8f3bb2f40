package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's baseline of the exported packages (root pom: bnd-baseline-maven-plugin against cnf/baseline-repo,
 * then the baseline-packages check) fails on an incompatible change whose package version was not raised, and
 * passes once it is. Builds a copy of the API bundle, with the root pom, cnf/ and bnd.bnd, with the same Maven and
 * local repository as this build: a method removed from an exported interface of org.hearthsync.api.net
 * (1.1.0 in the baseline) must fail the build, and pass with the package at 2.0.0.
 */
class BaselineCheckIT {
    private static final String API = "bundles/org.hearthsync.api";
    private static final String NET = API + "/src/main/java/org/hearthsync/api/net/";

    @TempDir
    Path copy;

    @Test
    void anIncompatibleChangeFailsTheBuildUntilThePackageVersionSaysSo() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        copyProject(root);
        Path service = copy.resolve(NET + "AddressService.java");
        String source = Files.readString(service);
        String removed = "    /** Host names of this computer that a phone on the LAN may use. */\n    Set<String> hostNames();\n";
        assertTrue(source.contains(removed), "the interface the test changes: " + service);
        Files.writeString(service, source.replace(removed, ""));

        Build broken = build();
        assertNotEquals(0, broken.exit, broken.output);
        assertTrue(broken.output.contains("Exported packages changed incompatibly with their version"), broken.output);
        String line = broken.output.lines().filter(l -> l.matches("^\\*\\s+org\\.hearthsync\\.api\\.net\\s+PACKAGE.*"))
                .findFirst().orElseThrow(() -> new AssertionError("no mismatch line for the package:\n" + broken.output));
        Path packageInfo = copy.resolve(NET + "package-info.java");
        String info = Files.readString(packageInfo);
        java.util.regex.Matcher version = java.util.regex.Pattern
                .compile("@org\\.osgi\\.annotation\\.versioning\\.Version\\(\"([0-9.]+)\"\\)").matcher(info);
        assertTrue(version.find(), info);
        String current = version.group(1);
        // delta MAJOR, new = the package's version now, old = the baseline's, suggested = the baseline's next major
        List<String> cols = List.of(line.trim().split("\\s+")).subList(0, 7);
        assertEquals(List.of("*", "org.hearthsync.api.net", "PACKAGE", "MAJOR", current), cols.subList(0, 5), line);
        String suggested = (Integer.parseInt(cols.get(5).split("\\.")[0]) + 1) + ".0.0";
        assertEquals(suggested, cols.get(6), line);

        Files.writeString(packageInfo, info.replace("Version(\"" + current + "\")", "Version(\"" + suggested + "\")"));

        Build fixed = build();
        assertEquals(0, fixed.exit, fixed.output);
        String report = Files.readString(copy.resolve(API + "/target/baseline/org.hearthsync.api-0.1.0-SNAPSHOT.txt"));
        assertTrue(report.lines().anyMatch(l -> l.matches("^\\s+org\\.hearthsync\\.api\\.net\\s+PACKAGE\\s+MAJOR\\s+" + java.util.regex.Pattern.quote(suggested) + "\\s+\\S+\\s+ok.*")),
                report);
    }

    /** The root pom with the API bundle as its only module, bnd.bnd, cnf/ and the API bundle's main sources. */
    private void copyProject(Path root) throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"));
        String trimmed = pom.replaceFirst("(?s)<modules>.*?</modules>", "<modules><module>" + API + "</module></modules>");
        assertNotEquals(pom, trimmed, "the root pom lists its modules");
        Files.writeString(copy.resolve("pom.xml"), trimmed);
        copyTree(root.resolve("bnd.bnd"), copy.resolve("bnd.bnd"));
        copyTree(root.resolve("cnf/build.bnd"), copy.resolve("cnf/build.bnd"));
        copyTree(root.resolve("cnf/baseline-repo"), copy.resolve("cnf/baseline-repo"));
        copyTree(root.resolve(API + "/pom.xml"), copy.resolve(API + "/pom.xml"));
        copyTree(root.resolve(API + "/src/main"), copy.resolve(API + "/src/main"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
    }

    private record Build(int exit, String output) {
    }

    /** mvn verify of the copy, tests skipped, with this build's local repository. */
    private Build build() throws Exception {
        List<String> command = new ArrayList<>(List.of(mvn(), "-B", "-f", copy.resolve("pom.xml").toString(),
                "-Dmaven.test.skip=true"));
        String localRepository = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        if (localRepository != null && !localRepository.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        command.add("verify");
        Path log = copy.resolve("build.log");
        Process p = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the build of the copy did not finish in 5 minutes:\n" + Files.readString(log));
        }
        return new Build(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The Maven running this build ({@code maven.home}), else {@code mvn} on the PATH. */
    private static String mvn() {
        String home = System.getProperty("maven.home");
        if (home != null && new File(home, "bin/mvn").canExecute()) {
            return new File(home, "bin/mvn").getPath();
        }
        return "mvn";
    }
}
