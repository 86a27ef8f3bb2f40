package org.hearthsync.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Writes the console's settings so that Configuration Admin and the files in {@code DATA/etc}
 * always agree: a configuration that already has its file is updated through Configuration Admin
 * (FileInstall writes the change back to the file); a new one gets its file written first
 * ({@code PID.cfg} or {@code FACTORYPID-NAME.cfg}) and is then created in Configuration Admin
 * pointing at that file, so it takes effect at once and FileInstall sees nothing to change. Only
 * the properties a page changes are touched; the others keep their values.
 */
@Component(service = ConfigWriter.class)
public final class ConfigWriter {
    static final String FILENAME = "felix.fileinstall.filename";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._@+~]+");
    private static final List<String> NOT_WRITTEN = List.of(Constants.SERVICE_PID, "service.factoryPid",
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, FILENAME);

    private final ConfigurationAdmin configAdmin;
    private final Path etc;

    @Activate
    public ConfigWriter(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this(configAdmin, ConsoleSecurityProvider.dataFolder(context).resolve("etc"));
    }

    ConfigWriter(ConfigurationAdmin configAdmin, Path etc) {
        this.configAdmin = configAdmin;
        this.etc = etc;
    }

    ConfigurationAdmin configAdmin() {
        return configAdmin;
    }

    /** The properties of a singleton configuration, or an empty map when it has none. */
    public Map<String, Object> read(String pid) {
        return find("(" + Constants.SERVICE_PID + "=" + pid + ")").map(ConfigWriter::properties).orElse(Map.of());
    }

    /** The factory configurations of {@code factoryPid} whose properties match. */
    public List<Configuration> factory(String factoryPid, Predicate<Map<String, Object>> matching) {
        try {
            Configuration[] all = configAdmin.listConfigurations("(service.factoryPid=" + factoryPid + ")");
            List<Configuration> out = new ArrayList<>();
            if (all != null) {
                for (Configuration c : all) {
                    if (c.getProperties() != null && matching.test(properties(c))) {
                        out.add(c);
                    }
                }
            }
            return out;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("could not list the configurations of " + factoryPid, e);
        }
    }

    /** Sets some properties of a singleton configuration. */
    public void update(String pid, Map<String, ?> changes) throws IOException {
        Optional<Configuration> existing = find("(" + Constants.SERVICE_PID + "=" + pid + ")");
        write(existing.orElse(null), pid, null, pid + ".cfg", changes);
    }

    /** Sets some properties of a factory configuration, creating the named one when none is given. */
    public void updateFactory(String factoryPid, Configuration existing, String name, Map<String, ?> changes)
            throws IOException {
        if (existing == null && !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("unsafe configuration name " + name);
        }
        write(existing, null, factoryPid, factoryPid + "-" + name + ".cfg", changes);
        if (existing == null) {
            Configuration c = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
            applyTo(c, changes, etc.resolve(factoryPid + "-" + name + ".cfg"));
        }
    }

    /** Deletes a configuration; FileInstall removes its file. */
    public void delete(Configuration c) throws IOException {
        Object file = c.getProperties() == null ? null : c.getProperties().get(FILENAME);
        c.delete();
        if (file instanceof String f) {
            try {
                Files.deleteIfExists(Path.of(java.net.URI.create(f)));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                // not a file URI: nothing of ours
            }
        }
    }

    private void write(Configuration existing, String pid, String factoryPid, String fileName, Map<String, ?> changes)
            throws IOException {
        if (existing != null && fileOf(existing).filter(Files::isRegularFile).isPresent()) {
            Dictionary<String, Object> props = existing.getProperties();
            changes.forEach((k, v) -> {
                if (v == null) {
                    props.remove(k);
                } else {
                    props.put(k, v);
                }
            });
            existing.update(props);
            return;
        }
        Path file = existing != null ? fileOf(existing).orElse(etc.resolve(fileName)) : etc.resolve(fileName);
        Map<String, Object> merged = new LinkedHashMap<>(existing == null ? Map.of() : properties(existing));
        changes.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        writeFile(file, merged);
        if (factoryPid == null) {
            applyTo(existing != null ? existing : configAdmin.getConfiguration(pid, "?"), merged, file);
        } else if (existing != null) {
            applyTo(existing, merged, file);
        }
    }

    private static void applyTo(Configuration c, Map<String, ?> wanted, Path file) throws IOException {
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        wanted.forEach((k, v) -> {
            if (v == null) {
                props.remove(k);
            } else {
                props.put(k, v);
            }
        });
        props.put(FILENAME, file.toAbsolutePath().toFile().toURI().toString());
        c.update(props);
    }

    /** Writes the scalar properties as a .cfg file; FileInstall writes the rest back after the update. */
    private void writeFile(Path file, Map<String, Object> props) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder("# written by the Hearth console\n");
        List<String> keys = new ArrayList<>(props.keySet());
        Collections.sort(keys);
        for (String k : keys) {
            Object v = props.get(k);
            if (NOT_WRITTEN.contains(k) || v == null || v.getClass().isArray() || v instanceof java.util.Collection) {
                continue;
            }
            b.append(escape(k, true)).append(" = ").append(escape(String.valueOf(v), false)).append('\n');
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, b.toString(), StandardCharsets.ISO_8859_1.newEncoder().canEncode(b) ? StandardCharsets.ISO_8859_1
                : StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '=', ':', '#', '!' -> {
                    if (key || i == 0) {
                        b.append('\\');
                    }
                    b.append(c);
                }
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c > 0xff) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private Optional<Configuration> find(String filter) {
        try {
            Configuration[] c = configAdmin.listConfigurations(filter);
            return c == null || c.length == 0 ? Optional.empty() : Optional.of(c[0]);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("could not read the configuration " + filter, e);
        }
    }

    private static Optional<Path> fileOf(Configuration c) {
        Dictionary<String, Object> p = c.getProperties();
        Object f = p == null ? null : p.get(FILENAME);
        if (!(f instanceof String s)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(java.net.URI.create(s)));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    static Map<String, Object> properties(Configuration c) {
        Dictionary<String, Object> d = c.getProperties();
        Map<String, Object> m = new LinkedHashMap<>();
        if (d != null) {
            for (var e = d.keys(); e.hasMoreElements();) {
                String k = e.nextElement();
                m.put(k, d.get(k));
            }
        }
        return m;
    }
}
