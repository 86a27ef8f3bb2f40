package org.hearthsync.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Let's Encrypt's ACME test server, Pebble (Debian package {@code pebble}), on loopback, with
 * {@code pebble-challtestsrv} from the same package as its DNS server, answering every name with
 * 127.0.0.1 so that HTTP-01 validation reaches Hearth's setup port. Pebble's own HTTPS uses a
 * certificate made here with openssl (Debian ships none); its issuing root is made at each start.
 */
final class Pebble implements AutoCloseable {
    final Path dir;
    final Path tlsCertificate;
    final URI directory;
    private final URI management;
    private final Process dns;
    private final Process pebble;

    private Pebble(Path dir, Path tlsCertificate, URI directory, URI management, Process dns, Process pebble) {
        this.dir = dir;
        this.tlsCertificate = tlsCertificate;
        this.directory = directory;
        this.management = management;
        this.dns = dns;
        this.pebble = pebble;
    }

    /**
     * Starts Pebble validating HTTP-01 on {@code httpPort} of 127.0.0.1 and issuing certificates
     * valid for {@code validitySeconds}; skips (or fails in CI) when the tools are missing.
     */
    static Pebble start(Path dir, int httpPort, long validitySeconds) throws Exception {
        Path pebbleBin = PeerTools.require("pebble", "pebble");
        Path dnsBin = PeerTools.require("pebble-challtestsrv", "pebble");
        Path openssl = PeerTools.require("openssl", "openssl");
        Files.createDirectories(dir);
        Path cert = dir.resolve("pebble-tls.pem");
        Path key = dir.resolve("pebble-tls-key.pem");
        PeerTools.run(Duration.ofSeconds(60), openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1").assertOk("openssl req");

        int[] ports = RunningHearth.freePorts(5); // ACME, management, DNS, DNS management, TLS-ALPN (unused)
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false,
                  "certificateValidityPeriod": %d
                }}
                """.formatted(ports[0], ports[1], cert, key, httpPort, ports[4], validitySeconds), StandardCharsets.UTF_8);

        Process dns = new ProcessBuilder(dnsBin.toString(), "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
                "-dns01", "127.0.0.1:" + ports[2], "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-management", "127.0.0.1:" + ports[3]).redirectErrorStream(true)
                .redirectOutput(dir.resolve("challtestsrv.log").toFile()).start();
        ProcessBuilder pb = new ProcessBuilder(pebbleBin.toString(), "-config", dir.resolve("pebble.json").toString(),
                "-dnsserver", "127.0.0.1:" + ports[2], "-strict=false").redirectErrorStream(true)
                .redirectOutput(dir.resolve("pebble.log").toFile());
        pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
        pb.environment().put("PEBBLE_VA_ALWAYS_VALID", "0");
        pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        Process pebble = pb.start();
        Pebble p = new Pebble(dir, cert, URI.create("https://127.0.0.1:" + ports[0] + "/dir"),
                URI.create("https://127.0.0.1:" + ports[1] + "/"), dns, pebble);
        try {
            p.awaitUp();
        } catch (Exception | AssertionError e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void awaitUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!pebble.isAlive()) {
                throw new AssertionError("pebble exited with " + pebble.exitValue() + ":\n" + log());
            }
            try {
                if (get(directory).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pebble did not answer within 30 s (" + last + "):\n" + log());
    }

    /** The root Pebble issues under (a new one at each start). */
    X509Certificate root() throws Exception {
        HttpResponse<String> r = get(management.resolve("/roots/0"));
        if (r.statusCode() != 200) {
            throw new AssertionError("pebble's root: HTTP " + r.statusCode());
        }
        try (InputStream in = new java.io.ByteArrayInputStream(r.body().getBytes(StandardCharsets.US_ASCII))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("pebble.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return client().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient client() throws Exception {
        X509Certificate tls;
        try (InputStream in = Files.newInputStream(tlsCertificate)) {
            tls = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("pebble", tls);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** Stops Pebble and its DNS server; safe to call twice. */
    @Override
    public void close() throws InterruptedException {
        for (Process p : List.of(pebble, dns)) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }
}
