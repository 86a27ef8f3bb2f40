package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/** Every Hearth bundle in the distribution: versioned exports only, no implementation package exported. */
class BundleManifestsIT {

    @Test
    void exportsAreVersionedAndNeverInternal() throws Exception {
        List<Path> ours = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(RunningHearth.dist().resolve("bundles"), "org.hearthsync.*.jar")) {
            jars.forEach(ours::add);
        }
        assertTrue(ours.size() >= 6, "Hearth bundles found: " + ours);
        for (Path jar : ours) {
            try (JarFile j = new JarFile(jar.toFile())) {
                Attributes a = j.getManifest().getMainAttributes();
                String bsn = a.getValue("Bundle-SymbolicName").split(";")[0].trim();
                assertEquals(bsn, jar.getFileName().toString().replaceFirst("-\\d.*\\.jar$", ""),
                        "bundle symbolic name = artifactId");
                String exports = a.getValue("Export-Package");
                if (exports == null) {
                    continue;
                }
                for (String clause : splitClauses(exports)) {
                    String pkg = clause.split(";")[0].trim();
                    assertTrue(pkg.startsWith(bsn), jar + " exports " + pkg + " outside its root package");
                    assertFalse(pkg.contains(".internal"), jar + " exports " + pkg);
                    assertTrue(clause.matches("(?s).*;version=\"\\d+\\.\\d+\\.\\d+\".*"), jar + " exports " + clause + " without a version");
                }
            }
        }
    }

    /** Splits a manifest header at the commas that are not inside quotes. */
    static List<String> splitClauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
