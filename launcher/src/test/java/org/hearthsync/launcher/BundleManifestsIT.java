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

    /**
     * SCR picks the activation constructor among the public ones by parameter count alone: a second
     * public constructor of the same count is tried now and then, fails and logs an error, depending
     * on the order reflection lists them. Every component must have exactly one.
     */
    @Test
    void everyComponentHasOneActivationConstructor() throws Exception {
        List<java.net.URL> urls = new ArrayList<>();
        List<Path> ours = new ArrayList<>();
        for (String folder : new String[] { "bundles", "lib" }) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(RunningHearth.dist().resolve(folder), "*.jar")) {
                for (Path jar : jars) {
                    urls.add(jar.toUri().toURL());
                    if (jar.getFileName().toString().startsWith("org.hearthsync.")) {
                        ours.add(jar);
                    }
                }
            }
        }
        java.util.regex.Pattern init = java.util.regex.Pattern.compile("init=\"(\\d+)\"");
        java.util.regex.Pattern impl = java.util.regex.Pattern.compile("<implementation class=\"([^\"]+)\"");
        List<String> ambiguous = new ArrayList<>();
        int checked = 0;
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(urls.toArray(new java.net.URL[0]), ClassLoader.getPlatformClassLoader())) {
            for (Path jar : ours) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    for (java.util.jar.JarEntry e : java.util.Collections.list(j.entries())) {
                        if (!e.getName().startsWith("OSGI-INF/") || !e.getName().endsWith(".xml")) {
                            continue;
                        }
                        String xml = new String(j.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        java.util.regex.Matcher n = init.matcher(xml);
                        java.util.regex.Matcher c = impl.matcher(xml);
                        if (!n.find() || !c.find()) {
                            continue;
                        }
                        int params = Integer.parseInt(n.group(1));
                        long same = java.util.Arrays.stream(Class.forName(c.group(1), false, loader).getConstructors())
                                .filter(k -> k.getParameterCount() == params).count();
                        checked++;
                        if (same != 1) {
                            ambiguous.add(c.group(1) + " has " + same + " public constructors of " + params + " parameters");
                        }
                    }
                }
            }
        }
        assertTrue(checked >= 20, "components with constructor injection found: " + checked);
        assertTrue(ambiguous.isEmpty(), ambiguous.toString());
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
