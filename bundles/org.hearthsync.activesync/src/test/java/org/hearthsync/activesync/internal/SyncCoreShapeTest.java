package org.hearthsync.activesync.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.hearthsync.activesync.internal.protocol.EasEngine;
import org.junit.jupiter.api.Test;

/**
 * The sync core (the sync package and the Sync, Ping and GetItemEstimate commands) keeps its rules
 * with their owners: no class lets another set its fields (a public field is a constant of a value
 * type, nothing else; a field that can change is private, so only its class, or a class nested in
 * the same file, writes it), and no class grows past 300 lines.
 */
class SyncCoreShapeTest {
    private static final List<String> CORE = List.of("org/hearthsync/activesync/internal/sync",
            "org/hearthsync/activesync/internal/command/sync", "org/hearthsync/activesync/internal/command/ping",
            "org/hearthsync/activesync/internal/command/estimate");
    private static final int MAX_LINES = 300;

    @Test
    void noPublicFieldOfTheSyncCoreCanBeChanged() throws Exception {
        Path classes = Path.of(EasEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        int seen = 0;
        for (Path f : files(classes, ".class")) {
            String name = classes.relativize(f).toString().replace('\\', '/').replaceAll("\\.class$", "").replace('/', '.');
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            seen++;
            for (Field field : c.getDeclaredFields()) {
                int m = field.getModifiers();
                if (Modifier.isPublic(m) && !(Modifier.isStatic(m) && Modifier.isFinal(m) && valueType(field.getType()))) {
                    found.add(name + "." + field.getName());
                }
            }
        }
        assertTrue(seen > 30, "the sync core's classes were not found under " + classes);
        assertTrue(found.isEmpty(), "public fields that can be changed (or hold something that can): " + found);
    }

    @Test
    void noFieldOfTheSyncCoreIsWrittenFromOutsideItsClass() throws Exception {
        Path classes = Path.of(EasEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        for (Path f : files(classes, ".class")) {
            String name = classes.relativize(f).toString().replace('\\', '/').replaceAll("\\.class$", "").replace('/', '.');
            for (Field field : Class.forName(name, false, getClass().getClassLoader()).getDeclaredFields()) {
                int m = field.getModifiers();
                if (!Modifier.isFinal(m) && !Modifier.isPrivate(m) && !field.isSynthetic()) {
                    found.add(name + "." + field.getName());
                }
            }
        }
        assertTrue(found.isEmpty(), "fields that classes of their package can set: " + found);
    }

    @Test
    void everyClassOfTheSyncCoreIsUnder300Lines() throws IOException {
        List<String> over = new ArrayList<>();
        List<Path> sources = files(Path.of("src/main/java"), ".java");
        assertTrue(sources.size() > 30, "the sync core's sources were not found (working directory: the module)");
        for (Path f : sources) {
            long lines;
            try (Stream<String> s = Files.lines(f)) {
                lines = s.count();
            }
            if (lines >= MAX_LINES) {
                over.add(f.getFileName() + " (" + lines + ")");
            }
        }
        assertTrue(over.isEmpty(), "classes of the sync core with " + MAX_LINES + " lines or more: " + over);
    }

    private static boolean valueType(Class<?> t) {
        return t.isPrimitive() || t == String.class || t.isEnum() || t.isRecord();
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String pkg : CORE) {
            Path dir = root.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(suffix)).forEach(out::add);
            }
        }
        return out;
    }
}
