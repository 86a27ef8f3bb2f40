package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Radicale (Debian package {@code radicale}) as a subprocess on 127.0.0.1 with a free port, plain
 * htpasswd authentication and a temporary storage folder, as the DAV store's tests run it; stopped by
 * {@link #close()}. Without the program the test is skipped with a message, or fails with CI=true.
 */
final class Radicale implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "correct-horse-battery";

    final Path storage;
    final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Radicale(Path storage, int port, Process process) {
        this.storage = storage;
        this.port = port;
        this.process = process;
    }

    /** The server process, for benchmarks that count its CPU time. */
    Process process() {
        return process;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "radicale"))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the test (fails it with CI=true) when Radicale is not installed. */
    static void require() {
        if (!installed()) {
            String message = "radicale is not installed: install the Debian package 'radicale' (apt-get install radicale)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    static Radicale start(Path folder) throws Exception {
        require();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path storage = folder.resolve("collections");
        Files.createDirectories(storage);
        Files.writeString(folder.resolve("users"), USER + ":" + PASSWORD + "\n");
        Files.writeString(folder.resolve("config"), """
                [server]
                hosts = 127.0.0.1:%d
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
                """.formatted(port, folder.resolve("users"), storage));
        Path log = folder.resolve("radicale.log");
        Process p = new ProcessBuilder(List.of("radicale", "--config", folder.resolve("config").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Radicale r = new Radicale(storage, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("radicale exited at start:\n" + Files.readString(log));
            }
            try {
                r.send("OPTIONS", "/", null, null);
                return r;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        r.close();
        fail("radicale did not start within 30 s:\n" + Files.readString(log));
        return null;
    }

    /** An address book and a calendar for events and tasks, made as a DAV client makes them. */
    void createCollections() throws Exception {
        int s = send("MKCOL", "/" + USER + "/contacts/", "application/xml", """
                <?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav">\
                <D:set><D:prop><D:resourcetype><D:collection/><A:addressbook/></D:resourcetype>\
                <D:displayname>Contacts</D:displayname></D:prop></D:set></D:mkcol>""").statusCode();
        assertTrue(s == 201, "MKCOL: " + s);
        s = send("MKCALENDAR", "/" + USER + "/calendar/", "application/xml", """
                <?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">\
                <D:set><D:prop><D:displayname>Calendar</D:displayname><C:supported-calendar-component-set>\
                <C:comp name="VEVENT"/><C:comp name="VTODO"/></C:supported-calendar-component-set></D:prop></D:set>\
                </C:mkcalendar>""").statusCode();
        assertTrue(s == 201, "MKCALENDAR: " + s);
    }

    /**
     * Asks for the user's collections with their ctags and sync tokens, as Hearth's DAV store does first:
     * Radicale then reads and indexes every item of storage written directly, which for thousands of
     * items takes longer than a phone's request may wait.
     */
    void index() throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(url().resolve("/" + USER + "/")).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Depth", "1").header("Content-Type", "application/xml")
                .method("PROPFIND", HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                        + "<D:propfind xmlns:D=\"DAV:\" xmlns:S=\"http://calendarserver.org/ns/\"><D:prop><S:getctag/>"
                        + "<D:sync-token/></D:prop></D:propfind>", StandardCharsets.UTF_8)).build();
        int s = http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
        assertTrue(s == 207, "PROPFIND: " + s);
    }

    HttpResponse<String> send(String method, String path, String type, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (type != null) {
            b.header("Content-Type", type);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Radicale closes idle kept-alive connections: a request sent on one as it closes gets no answer
            // at all (never processed), so sending it again on a new connection is safe
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The item files of one of the user's collections, as Radicale keeps them. */
    List<Path> files(String collection) throws IOException {
        Path dir = storage.resolve("collection-root").resolve(USER).resolve(collection);
        try (var s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isRegularFile).toList();
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
