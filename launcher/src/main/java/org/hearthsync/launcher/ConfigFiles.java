package org.hearthsync.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The configuration files in DATA/etc that FileInstall feeds to Configuration Admin. The launcher
 * writes the settings given on the command line into them, keeping every other key, so files,
 * console and command line always agree.
 */
final class ConfigFiles {
    private final Path etc;

    ConfigFiles(Path etc) {
        this.etc = etc;
    }

    /**
     * Merges {@code values} into {@code <pid>.cfg}, creating it when {@code createAlways} or when there is something to
     * write; a null value removes its key.
     */
    void merge(String pid, Map<String, String> values, boolean createAlways) throws IOException {
        merge(pid, values, createAlways, null);
    }

    /**
     * As {@link #merge(String, Map, boolean)}, but {@code keepKey}, when the file already has a value
     * for it, keeps that value instead of the one given.
     */
    void merge(String pid, Map<String, String> values, boolean createAlways, String keepKey) throws IOException {
        Path file = etc.resolve(pid + ".cfg");
        if (values.isEmpty() && (!createAlways || Files.exists(file))) {
            return;
        }
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                p.load(r);
            }
        }
        boolean changed = !Files.exists(file);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equals(keepKey) && p.getProperty(keepKey) != null) {
                continue;
            }
            if (e.getValue() == null) {
                changed |= p.remove(e.getKey()) != null;
                continue;
            }
            changed |= !e.getValue().equals(p.getProperty(e.getKey()));
            p.setProperty(e.getKey(), e.getValue());
        }
        if (!changed) {
            return;
        }
        Files.createDirectories(etc);
        Path tmp = etc.resolve(pid + ".cfg.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.ISO_8859_1)) {
            for (Map.Entry<String, String> e : new TreeMap<>(toMap(p)).entrySet()) {
                w.write(escape(e.getKey()) + " = " + escape(e.getValue()) + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * In every {@code <prefix>*.cfg}, moves the value of {@code from} to {@code to} (kept when already set there) and
     * removes {@code from}.
     */
    void rename(String prefix, String from, String to) throws IOException {
        if (!Files.isDirectory(etc)) {
            return;
        }
        List<Path> files;
        try (java.util.stream.Stream<Path> all = Files.list(etc)) {
            files = all.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".cfg") && Files.isRegularFile(f);
            }).sorted().toList();
        }
        for (Path file : files) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                p.load(r);
            }
            String old = p.getProperty(from);
            if (old == null) {
                continue;
            }
            Map<String, String> values = new java.util.HashMap<>();
            values.put(from, null);
            String current = p.getProperty(to);
            if (current == null || current.isBlank()) {
                values.put(to, old);
            }
            String name = file.getFileName().toString();
            merge(name.substring(0, name.length() - ".cfg".length()), values, false);
        }
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '=', ':', '#', '!' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                // beyond ASCII as an escape: whichever charset a reader assumes (ISO-8859-1, UTF-8), it reads the same
                default -> sb.append(c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.toString();
    }
}
