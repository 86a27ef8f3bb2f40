package org.hearthsync.store.dav.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real DAV server (Radicale or Xandikos, from Debian's packages) run as a subprocess on 127.0.0.1 with
 * a free port and a temporary storage folder, stopped by {@link #close()}. Missing packages skip the
 * test with a message, or fail it with CI=true.
 */
final class DavServer implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "correct-horse-battery";

    final String kind;
    final Path folder;
    final Path storage;
    final int port;
    private final Process process;

    private DavServer(String kind, Path folder, Path storage, int port, Process process) {
        this.kind = kind;
        this.folder = folder;
        this.storage = storage;
        this.port = port;
        this.process = process;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Radicale with htpasswd (plain) authentication and owner-only rights. */
    static DavServer radicale(Path folder) throws Exception {
        return radicale(folder, 0);
    }

    /** As {@link #radicale(Path)}, refusing request bodies over {@code maxContentLength} bytes (413) when positive. */
    static DavServer radicale(Path folder, int maxContentLength) throws Exception {
        require("radicale", "radicale");
        int port = freePort();
        Path storage = folder.resolve("collections");
        Files.createDirectories(storage);
        Files.writeString(folder.resolve("users"), USER + ":" + PASSWORD + "\n");
        Files.writeString(folder.resolve("config"), """
                [server]
                hosts = 127.0.0.1:%d
                %s
                [auth]
                type = htpasswd
                htpasswd_filename = %s
                htpasswd_encryption = plain
                [storage]
                filesystem_folder = %s
                [rights]
                type = owner_only
                [web]
                type = none
                [logging]
                level = warning
                """.formatted(port, maxContentLength > 0 ? "max_content_length = " + maxContentLength : "",
                folder.resolve("users"), storage));
        return start("radicale", folder, storage, port, List.of("radicale", "--config", folder.resolve("config").toString()));
    }

    /** Xandikos with a principal /alice/ (it has no authentication of its own; Hearth's header is ignored). */
    static DavServer xandikos(Path folder) throws Exception {
        require("xandikos", "xandikos");
        int port = freePort();
        Path storage = folder.resolve("xandikos");
        return start("xandikos", folder, storage, port, List.of("xandikos", "-d", storage.toString(), "-l", "127.0.0.1",
                "-p", Integer.toString(port), "--current-user-principal", "/" + USER + "/", "--autocreate"));
    }

    private static DavServer start(String kind, Path folder, Path storage, int port, List<String> command) throws Exception {
        Path log = folder.resolve(kind + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        DavServer server = new DavServer(kind, folder, storage, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail(kind + " exited at start:\n" + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) server.url().toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                c.getResponseCode();
                c.disconnect();
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        fail(kind + " did not start within 30 s:\n" + Files.readString(log));
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Skips (fails with CI=true) when the program of a Debian package is missing. */
    static void require(String program, String debianPackage) {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                present = true;
                break;
            }
        }
        if (!present) {
            String message = program + " is not installed: install the Debian package '" + debianPackage
                    + "' (apt-get install " + debianPackage + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
