package org.hearthsync.dav.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The URLs DAV clients chose for collections they created. A client sends MKCALENDAR to a URL of its making
 * ({@code /dav/home/ann/4f1c.../}) and keeps using it, but a store names a new collection itself; this maps the
 * client's segment to the store's id for that store, kept in a properties file so it survives restarts. A collection
 * that was never created over DAV has no alias and is served at the segment of its id.
 */
final class Aliases {
    private final Path file;
    private final Properties map = new Properties();

    /** @param file where the aliases are kept, or {@code null} to keep them in memory only (tests) */
    Aliases(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                map.load(in);
            } catch (IOException e) {
                // unreadable: clients see their collections under the store's own ids, and rediscover them
            }
        }
    }

    synchronized Optional<String> id(String store, String segment) {
        return Optional.ofNullable(map.getProperty(store + "/" + segment));
    }

    synchronized Optional<String> segment(String store, String id) {
        String prefix = store + "/";
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            if (e.getValue().equals(id) && e.getKey().toString().startsWith(prefix)) {
                return Optional.of(e.getKey().toString().substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    synchronized void put(String store, String segment, String id) throws IOException {
        map.setProperty(store + "/" + segment, id);
        save();
    }

    synchronized void remove(String store, String segment) throws IOException {
        if (map.remove(store + "/" + segment) != null) {
            save();
        }
    }

    private void save() throws IOException {
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            map.store(out, "DAV collection URLs chosen by clients: store/segment = collection id");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
