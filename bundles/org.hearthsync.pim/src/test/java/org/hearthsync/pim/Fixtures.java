package org.hearthsync.pim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.hearthsync.pim.files.PimText;
import org.junit.jupiter.api.Assumptions;

/** The shared fixture corpus (system property {@code hearth.fixtures}, set by surefire). */
final class Fixtures {
    private Fixtures() {
    }

    static Path root() {
        String p = System.getProperty("hearth.fixtures");
        Path root = p != null ? Paths.get(p) : null;
        if (root == null || !Files.isDirectory(root)) {
            // the parent pom derives the property from maven.multiModuleProjectDirectory, which is this module's
            // directory when the build runs with -f on its pom (no .mvn in the repository): look up from here
            for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("shared/fixtures"))) {
                    root = d.resolve("shared/fixtures");
                    break;
                }
            }
        }
        root = root == null ? Paths.get("../../../shared/fixtures") : root;
        Assumptions.assumeTrue(Files.isDirectory(root), "fixtures not found at " + root);
        return root.normalize();
    }

    static List<Path> files(String dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(root().resolve(dir))) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> {
                        for (String suf : suffixes) {
                            if (f.getFileName().toString().toLowerCase().endsWith(suf)) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A vCard or iCalendar file as the server reads one: through the one tolerant reading path ({@code PimText}:
     * its charset, then BOM, junk, line ends, bare components, several VCALENDARs), so the corpus checks see what
     * a mapper is given, not what a strict UTF-8 read of the bytes happens to parse.
     */
    static String readPim(Path f) {
        try {
            return PimText.readable(PimText.decode(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(Path f) {
        return root().relativize(f).toString();
    }

    /** The vCards of a file, each as its own original text (a store holds one per resource). */
    static List<String> splitVCards(String text) {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("(?<=\n)");
        StringBuilder cur = null;
        int depth = 0;
        for (String line : lines) {
            String l = line.trim().toUpperCase();
            if (l.equals("BEGIN:VCARD")) {
                if (depth == 0) {
                    cur = new StringBuilder();
                }
                depth++;
            }
            if (cur != null) {
                cur.append(line);
            }
            if (l.equals("END:VCARD") && depth > 0) {
                depth--;
                if (depth == 0) {
                    out.add(cur.toString());
                    cur = null;
                }
            }
        }
        return out;
    }
}
