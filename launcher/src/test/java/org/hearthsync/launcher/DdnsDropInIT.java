package org.hearthsync.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * A dynamic DNS provider built apart from Hearth, against the exported SPI only (one class
 * compiled here against the API jar, a manifest, a DS component description), dropped into
 * {@code DATA/plugins/} of a running Hearth: the updater picks it up, calls it with the public
 * address (from a loopback check-IP stand-in, never the real services), the console lists it, and
 * deleting the jar removes it cleanly.
 */
class DdnsDropInIT {
    static final String PUBLIC_IP = "203.0.113.77";
    static final String BSN = "org.example.ddns.dropin";

    static final String SOURCE = """
            package org.example.dropin;

            import java.net.InetAddress;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.Map;

            import org.hearthsync.api.ddns.DnsProvider;
            import org.hearthsync.api.ddns.UpdateResult;

            public class MarkerProvider implements DnsProvider {
                private volatile Path marker;

                void activate(Map<String, Object> props) {
                    marker = Path.of((String) props.get("marker.file"));
                }

                @Override
                public String hostName() {
                    return "dropin.example.net";
                }

                @Override
                public UpdateResult update(InetAddress ipv4, InetAddress ipv6) {
                    try {
                        Files.writeString(marker, ipv4 == null ? "none" : ipv4.getHostAddress(), StandardCharsets.UTF_8);
                        return UpdateResult.of(UpdateResult.Outcome.UPDATED, "marked");
                    } catch (java.io.IOException e) {
                        return UpdateResult.of(UpdateResult.Outcome.UNREACHABLE, "cannot write the marker");
                    }
                }
            }
            """;

    @Test
    void aProviderDroppedIntoPluginsIsUsedAndRemovedCleanly(@TempDir Path tmp) throws Exception {
        AtomicInteger checkIpCalls = new AtomicInteger();
        HttpServer checkIp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        checkIp.createContext("/ip", ex -> {
            checkIpCalls.incrementAndGet();
            byte[] b = PUBLIC_IP.getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        checkIp.start();
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("etc"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        // the updater asks only the loopback stand-in, never the real check-IP services
        Files.writeString(data.resolve("etc").resolve("org.hearthsync.ddns.cfg"),
                "check.ipv4.urls = http://127.0.0.1:" + checkIp.getAddress().getPort() + "/ip\n"
                        + "check.ipv6.urls = \n");
        Path marker = tmp.resolve("marker.txt");
        Path jar = buildDropIn(tmp.resolve("build"), marker);

        try (RunningHearth hearth = RunningHearth.start(data).awaitRunning()) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + hearth.consolePassword()).getBytes(StandardCharsets.UTF_8));
            URI ddns = URI.create("http://127.0.0.1:" + hearth.consolePort + "/system/console/ddns.json");
            URI bundles = URI.create("http://127.0.0.1:" + hearth.consolePort + "/system/console/bundles.json");

            String before = get(http, ddns, auth);
            assertFalse(before.contains("\"dropin\""), before);
            assertEquals(0, checkIpCalls.get(), "no provider, no public address lookup");

            Path plugins = data.resolve("plugins");
            Files.createDirectories(plugins);
            Path tmpJar = plugins.resolve(".dropin.jar.part");
            Files.copy(jar, tmpJar);
            Files.move(tmpJar, plugins.resolve("dropin.jar"), StandardCopyOption.ATOMIC_MOVE);

            await("the drop-in was called with the public address", () -> Files.isRegularFile(marker)
                    && read(marker).equals(PUBLIC_IP), hearth);
            await("the console lists the drop-in as updated", () -> {
                String s = get(http, ddns, auth);
                return s.contains("\"provider\":\"dropin\"") && s.contains("\"hostName\":\"dropin.example.net\"")
                        && s.contains("\"outcome\":\"UPDATED\"");
            }, hearth);
            assertTrue(get(http, bundles, auth).contains(BSN));
            assertTrue(checkIpCalls.get() >= 1);

            Files.delete(plugins.resolve("dropin.jar"));
            await("the drop-in is gone from the updater", () -> !get(http, ddns, auth).contains("\"dropin\""), hearth);
            await("the drop-in bundle is uninstalled", () -> !get(http, bundles, auth).contains(BSN), hearth);

            // the built-in providers are still there, waiting for a configuration
            String components = get(http, URI.create("http://127.0.0.1:" + hearth.consolePort
                    + "/system/console/components.json"), auth);
            assertTrue(components.contains("org.hearthsync.ddns.noip.internal.NoIpProvider"), components);
            assertTrue(components.contains("org.hearthsync.ddns.internal.DnsUpdaterComponent"), components);

            int code = hearth.stop();
            assertTrue(code == 0 || code == 143, "exit code " + code + "\n" + hearth.output());
            String out = hearth.output();
            assertFalse(out.contains("[ERROR]"), out);
            assertFalse(out.contains("Exception"), out);
        } finally {
            checkIp.stop(0);
        }
    }

    /**
     * The import range a consumer built against {@code apiJar} gets for {@code pkg} (as bnd writes it):
     * {@code [major.minor,major+1)} of the exported version.
     */
    static String consumerRange(Path apiJar, String pkg) throws IOException {
        try (JarFile jar = new JarFile(apiJar.toFile())) {
            String exports = jar.getManifest().getMainAttributes().getValue("Export-Package");
            Matcher m = Pattern.compile(Pattern.quote(pkg) + ";version=\"(\\d+)\\.(\\d+)").matcher(exports);
            assertTrue(m.find(), pkg + " is exported with a version: " + exports);
            int major = Integer.parseInt(m.group(1));
            return "[" + major + "." + m.group(2) + "," + (major + 1) + ")";
        }
    }

    /** Compiles the provider against the API jar of the distribution and packs it as a DS bundle. */
    static Path buildDropIn(Path dir, Path marker) throws IOException {
        Path src = dir.resolve("src").resolve("org/example/dropin/MarkerProvider.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, SOURCE);
        Path api;
        try (Stream<Path> s = Files.list(RunningHearth.dist().resolve("bundles"))) {
            api = s.filter(p -> p.getFileName().toString().startsWith("org.hearthsync.api-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no API jar in the distribution"));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-classpath", api.toString(), "-d", classes.toString(),
                src.toString());
        assertEquals(0, rc, "the drop-in compiles against the exported API");

        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", BSN);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Name", "A dynamic DNS provider built apart from Hearth");
        a.putValue("Import-Package", "org.hearthsync.api.ddns;version=\"" + consumerRange(api, "org.hearthsync.api.ddns") + "\"");
        a.putValue("Service-Component", "OSGI-INF/dropin.xml");
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="org.example.dropin.MarkerProvider" activate="activate">
                  <implementation class="org.example.dropin.MarkerProvider"/>
                  <service><provide interface="org.hearthsync.api.ddns.DnsProvider"/></service>
                  <property name="ddns.provider" type="String" value="dropin"/>
                  <property name="marker.file" type="String" value="%s"/>
                </scr:component>
                """.formatted(marker.toAbsolutePath().toString().replace("&", "&amp;").replace("\"", "&quot;")
                .replace("<", "&lt;"));
        Path jar = dir.resolve("dropin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("OSGI-INF/dropin.xml"));
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (String dirName : List.of("org/", "org/example/", "org/example/dropin/")) {
                out.putNextEntry(new JarEntry(dirName));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("org/example/dropin/MarkerProvider.class"));
            out.write(Files.readAllBytes(classes.resolve("org/example/dropin/MarkerProvider.class")));
            out.closeEntry();
        }
        return jar;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(String what, Check check, RunningHearth hearth) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting until " + what + (last == null ? "" : " (last error " + last + ")")
                + "\n" + hearth.output());
    }

    static String get(HttpClient http, URI uri, String auth) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode());
        }
        return r.body();
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
